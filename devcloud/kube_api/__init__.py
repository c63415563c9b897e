"""The simulated clusters' Kubernetes API: a small server (``server``), the
Kubernetes objects it shows (``objects``) and the label selectors that filter
them (``label_selectors``), its TLS (``tls``) and authentication (``auth``),
and the host that serves every cluster the driver's store describes
(``host``)."""
