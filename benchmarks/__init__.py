"""coe-ui benchmarks (issue 9): figures, not pass/fail tests.

``python -m benchmarks`` (``make bench``) starts its own devcloud, measures
the cluster list page, the create wizard, the kubeconfig download and the
Clusters page's polling, prints one table per benchmark and writes every
sample to ``benchmarks/results/latest.json``. All figures come from devcloud
on loopback (Magnum on SQLite, a simulated cluster driver): they compare
coe-ui's pages with their floor on the same machine, they are not
production numbers.
"""
