"""The ``openstack coe`` commands that send the same request as a wizard
(python-magnumclient's OSC plugin: osc/v1/cluster_templates.py, clusters.py).
Each returns (the command, notes on where it would still differ)."""
import shlex

from django.utils.translation import gettext_lazy as _

# Template body field -> the option that sets it, in the order of the CLI's help.
_TEMPLATE_OPTIONS = {
    "coe": "--coe", "server_type": "--server-type", "image_id": "--image", "external_network_id": "--external-network",
    "keypair_id": "--keypair", "fixed_network": "--fixed-network",
    "fixed_subnet": "--fixed-subnet", "network_driver": "--network-driver",
    "volume_driver": "--volume-driver", "dns_nameserver": "--dns-nameserver",
    "flavor_id": "--flavor", "master_flavor_id": "--master-flavor",
    "docker_volume_size": "--docker-volume-size",
    "docker_storage_driver": "--docker-storage-driver", "http_proxy": "--http-proxy",
    "https_proxy": "--https-proxy", "no_proxy": "--no-proxy", "tags": "--tags",
}
_TEMPLATE_SWITCHES = {"tls_disabled": "--tls-disabled", "public": "--public",
                      "master_lb_enabled": "--master-lb-enabled", "hidden": "--hidden"}
# What the template CLI sends for an option left out, where the wizard sends nothing.
_TEMPLATE_CLI_DEFAULTS = {"flavor_id": "m1.medium", "dns_nameserver": "8.8.8.8",
                          "docker_storage_driver": "overlay2"}

_CLUSTER_OPTIONS = {
    "keypair": "--keypair", "master_count": "--master-count", "node_count": "--node-count",
    "master_flavor_id": "--master-flavor", "flavor_id": "--flavor",
    "fixed_network": "--fixed-network", "fixed_subnet": "--fixed-subnet",
    "docker_volume_size": "--docker-volume-size", "create_timeout": "--timeout",
}
# Magnum's cluster API has the same defaults, so leaving these out changes nothing.
_CLUSTER_CLI_DEFAULTS = {"master_count": 1, "node_count": 1, "create_timeout": 60}


def template_create(body):
    words = ["openstack", "coe", "cluster", "template", "create"]
    for field, option in _TEMPLATE_OPTIONS.items():
        if field in body:
            words += [option, str(body[field])]
    label_words, notes = _labels(body.get("labels") or {})
    words += label_words
    words += [switch for field, switch in _TEMPLATE_SWITCHES.items() if body.get(field)]
    words += _either(body, "floating_ip_enabled", "--floating-ip-enabled", "--floating-ip-disabled")
    words.append(body["name"])
    notes = [_("Without %(option)s the command line sends %(value)s.")
             % {"option": _TEMPLATE_OPTIONS[field], "value": value}
             for field, value in _TEMPLATE_CLI_DEFAULTS.items() if field not in body] + notes
    return shlex.join(words), notes


def cluster_create(fields, merge_labels, template_name):
    """``fields`` as coe_backend.create_cluster takes them; the template by name."""
    words = ["openstack", "coe", "cluster", "create", "--cluster-template", template_name]
    for field, option in _CLUSTER_OPTIONS.items():
        if field in fields and fields[field] != _CLUSTER_CLI_DEFAULTS.get(field):
            words += [option, str(fields[field])]
    label_words, notes = _labels(fields.get("labels") or {})
    words += label_words
    if label_words and merge_labels:
        words.append("--merge-labels")
    words += _either(fields, "master_lb_enabled", "--master-lb-enabled", "--master-lb-disabled")
    words += _either(fields, "floating_ip_enabled", "--floating-ip-enabled",
                     "--floating-ip-disabled")
    words.append(fields.get("name", ""))
    return shlex.join(words), notes


def _either(fields, name, enable, disable):
    if name not in fields:
        return []
    return [enable if fields[name] else disable]


def _labels(labels):
    """One --labels per label: a single --labels is split at its commas and
    semicolons (magnumclient's format_labels) once it holds two "="."""
    words = []
    for key, value in labels.items():
        words += ["--labels", f"{key}={value}"]
    notes = []
    if len(labels) == 1:
        (key, value), = labels.items()
        if value.count("=") and any(c in value for c in ",;"):
            notes.append(_("The command line splits a lone --labels value that holds "
                           "\"=\" at its commas and semicolons, so it cannot send this "
                           "label as is."))
    return words, notes
