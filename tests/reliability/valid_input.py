"""What each form posts when a person fills it in right: the base the
generated inputs change, and the data of forged and refused requests."""
from devcloud.catalog import IMAGES, NETWORKS

IMAGE_ID = IMAGES[0]["id"]  # ubuntu with Kubernetes v1.30.6
PUBLIC_NETWORK_ID = NETWORKS[0]["id"]
MEDIUM = "2"  # flavor ID


def cluster_wizard(name, template_uuid, **changes):
    return {"name": name, "cluster_template_id": template_uuid, "keypair": "demo-key",
            "master_count": 1, "master_flavor_id": "", "node_count": 1, "flavor_id": "",
            "fixed_network": "", "fixed_subnet": "", "master_lb_enabled": "",
            "floating_ip_enabled": "", "labels": "", "labels_mode": "merge", **changes}


def template_wizard(name, **changes):
    return {"name": name, "coe": "kubernetes", "tags": "", "image_id": IMAGE_ID,
            "master_flavor_id": MEDIUM, "flavor_id": MEDIUM, "keypair_id": "demo-key",
            "docker_volume_size": "", "docker_storage_driver": "overlay2",
            "volume_driver": "cinder", "network_driver": "flannel",
            "external_network_id": PUBLIC_NETWORK_ID, "fixed_network": "", "fixed_subnet": "",
            "dns_nameserver": "", "http_proxy": "", "https_proxy": "", "no_proxy": "",
            "floating_ip_enabled": "on", "labels": "", **changes}


def node_group_wizard(name, **changes):
    return {"name": name, "role": "worker", "flavor_id": "", "image_id": "",
            "docker_volume_size": "", "node_count": 1, "min_node_count": 0,
            "max_node_count": "", "labels_mode": "inherit", "labels": "", "node_labels": "",
            "node_taints": "", **changes}


def resize(nodegroup="default-worker", node_count=2):
    return {"nodegroup": nodegroup, "node_count": node_count}


def node_group_edit(node_count=2):
    return {"node_count": node_count, "min_node_count": 0, "max_node_count": "",
            "node_labels": "", "node_taints": ""}


def upgrade(template_uuid, nodegroup=""):
    return {"cluster_template": template_uuid, "nodegroup": nodegroup, "max_batch_size": 1}
