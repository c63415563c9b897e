"""Magnum's rules with no I/O: statuses and what each allows, validation and
field rules, labels, node attributes, microversion features, Kubernetes
versions, upgrade and node-group plans, quota arithmetic (preflight) and
failure diagnosis. Each question is answered once, here."""
