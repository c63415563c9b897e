"""The simulated clusters' Kubernetes API: a small server (``server``), its TLS
(``tls``) and authentication (``auth``), and the host that serves every
cluster the driver's store describes (``host``)."""
