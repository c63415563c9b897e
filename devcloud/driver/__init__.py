"""devcloud's Magnum cluster driver: simulated provisioning, real Magnum around it.

Loaded by Magnum through the ``magnum.drivers`` entry point
(``devcloud = devcloud.driver.driver:Driver`` and one per personality: see
devcloud.magnum.ENTRY_POINTS), in magnum-api (which only validates) and in
every conductor (which does the work).

    kinds.py       what can be asked (Kind) and one pending operation (Op)
    driver.py      the Driver classes Magnum calls, one per personality: record operations
    personalities.py  how each real driver (Heat, magnum-cluster-api,
                   magnum-capi-helm) fails, reports health and refuses
    store.py       the state every process shares (SQLite under the state folder)
    runner.py      completes due operations under a per-cluster lease
    operations.py  what completing each kind does to Magnum's objects
    failures.py    the failure reasons, asked for with the label devcloud_fail
    nodes.py       simulated servers: names, addresses
    endpoints.py   each cluster's Kubernetes API: port, TLS, what kubectl sees
                   (served by devcloud.kube_api.host)
    monitor.py     health as Magnum's Kubernetes monitor reports it
    versions.py    the Kubernetes version of a cluster
    settings.py    what it reads from the environment

Failures on request: the label ``devcloud_fail`` (see failures.py).  Speed:
DEVCLOUD_OP_SECONDS, or the label ``devcloud_op_seconds`` per cluster.
A conductor that dies between scheduling a create and Magnum recording it:
the label ``devcloud_conductor_hold_seconds`` (settings.py).
"""
