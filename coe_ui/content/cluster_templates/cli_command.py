"""The ``openstack coe cluster template create`` command that sends the same
template as the wizard (python-magnumclient's OSC plugin, osc/v1/cluster_templates.py).
"""
import shlex

from django.utils.translation import gettext_lazy as _

# Body field -> the option that sets it, in the order of the CLI's help.
_OPTIONS = {
    "coe": "--coe", "image_id": "--image", "external_network_id": "--external-network",
    "keypair_id": "--keypair", "fixed_network": "--fixed-network",
    "fixed_subnet": "--fixed-subnet", "network_driver": "--network-driver",
    "volume_driver": "--volume-driver", "dns_nameserver": "--dns-nameserver",
    "flavor_id": "--flavor", "master_flavor_id": "--master-flavor",
    "docker_volume_size": "--docker-volume-size",
    "docker_storage_driver": "--docker-storage-driver", "http_proxy": "--http-proxy",
    "https_proxy": "--https-proxy", "no_proxy": "--no-proxy", "tags": "--tags",
}
_SWITCHES = {"tls_disabled": "--tls-disabled", "public": "--public",
             "master_lb_enabled": "--master-lb-enabled", "hidden": "--hidden"}
# What the CLI sends for an option left out, where the wizard sends nothing.
_CLI_DEFAULTS = {"flavor_id": "m1.medium", "dns_nameserver": "8.8.8.8",
                 "docker_storage_driver": "overlay2"}


def create_command(body):
    """(the command, notes on where it would still differ from the wizard)."""
    words = ["openstack", "coe", "cluster", "template", "create"]
    for field, option in _OPTIONS.items():
        if field in body:
            words += [option, str(body[field])]
    labels = [f"{key}={value}" for key, value in body.get("labels", {}).items()]
    for label in labels:
        words += ["--labels", label]
    words += [switch for field, switch in _SWITCHES.items() if body.get(field)]
    if "floating_ip_enabled" in body:
        words.append("--floating-ip-enabled" if body["floating_ip_enabled"]
                     else "--floating-ip-disabled")
    words.append(body["name"])
    notes = [_("Without %(option)s the command line sends %(value)s.")
             % {"option": _OPTIONS[field], "value": value}
             for field, value in _CLI_DEFAULTS.items() if field not in body]
    if len(labels) == 1 and labels[0].count("=") > 1 and any(c in labels[0] for c in ",;"):
        # magnumclient's format_labels splits a lone --labels at "," and ";".
        notes.append(_("The command line splits a lone --labels value that holds \"=\" "
                       "at its commas and semicolons, so it cannot send this label as is."))
    return shlex.join(words), notes
