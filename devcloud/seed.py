"""Demo content: public cluster templates and one running cluster in `demo`,
in each region (RegionTwo's the embedded profile's second Magnum).

The cluster is created by `demo` itself, so that under Magnum's default
policy `demo` may sign certificates for it (download its kubeconfig).
"""
import time

from magnumclient import exceptions as magnum_exc

from devcloud import clients
from devcloud.catalog import IMAGES

TEMPLATE_NAME = "k8s-v1.30-ubuntu"
UPGRADE_TEMPLATE_NAME = "k8s-v1.31-ubuntu"
CLUSTER_NAME = "demo-cluster"
# One template per Cluster API driver, each chosen by its image's magnum_driver
# (devcloud.driver.personalities); the two above get Magnum's default driver.
CAPI_TEMPLATES = (("k8s-v1.31-ubuntu-cluster-api", "ubuntu-2204-kube-v1.31.2-capi"),
                  ("k8s-v1.31-ubuntu-capi-helm", "ubuntu-2204-kube-v1.31.2-capi-helm"))
# The Heat driver under its real name, which the template names: coe-ui then
# knows what Heat cannot do (resize the masters), unlike Magnum's default here.
HEAT_TEMPLATE_NAME, HEAT_DRIVER = "k8s-v1.31-ubuntu-heat", "k8s_fedora_coreos_v1"


def _template_fields(name, image):
    return dict(name=name, coe="kubernetes", image_id=image, flavor_id="m1.medium",
                master_flavor_id="m1.medium", external_network_id="public",
                keypair_id=None, network_driver="calico", volume_driver="cinder",
                docker_storage_driver="overlay2", dns_nameserver="8.8.8.8",
                master_lb_enabled=True, floating_ip_enabled=True, public=True,
                labels={"auto_healing_enabled": "true"})


def seed(cfg):
    created = []
    for region in cfg.regions:  # the clusters are made side by side, then waited for
        admin = clients.magnum(cfg, "admin", region=region)
        existing = {t.name for t in admin.cluster_templates.list()}
        for name, image, driver in ((TEMPLATE_NAME, IMAGES[0]["name"], None),
                                    (UPGRADE_TEMPLATE_NAME, IMAGES[1]["name"], None),
                                    *((n, i, None) for n, i in CAPI_TEMPLATES),
                                    (HEAT_TEMPLATE_NAME, IMAGES[1]["name"], HEAT_DRIVER)):
            if name not in existing:
                fields = {k: v for k, v in _template_fields(name, image).items() if v is not None}
                admin.cluster_templates.create(**fields, **({"driver": driver} if driver else {}))

        demo = clients.magnum(cfg, "demo", region=region)
        if not any(c.name == CLUSTER_NAME for c in demo.clusters.list()):
            demo.clusters.create(name=CLUSTER_NAME, cluster_template_id=TEMPLATE_NAME,
                                 keypair="demo-key", master_count=1, node_count=2)
            created.append(demo)
    for demo in created:
        _wait_settled(demo, CLUSTER_NAME, timeout=30 + 10 * cfg.op_seconds)


def _wait_settled(client, name, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            clusters = client.clusters.list()
        except magnum_exc.BadRequest:
            clusters = []  # Magnum's 400 while the new cluster's node groups are being made
        for cluster in clusters:
            if cluster.name == name and not cluster.status.endswith("IN_PROGRESS"):
                return cluster.status
        time.sleep(0.5)
    raise TimeoutError(f"seed cluster {name} did not settle within {timeout:.0f} s")
