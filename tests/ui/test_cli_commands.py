"""The Review steps' "same from the command line": the printed command, run
through python-magnumclient's own ``openstack coe cluster create`` parser and
action, asks Magnum for what the wizard sends."""
import shlex
from types import SimpleNamespace

import pytest
from magnumclient.osc.v1.clusters import CreateCluster

pytestmark = pytest.mark.devcloud

TEMPLATE = "k8s-v1.30"
# The CLI always sends these; Magnum's cluster API has the same defaults.
CLI_ALWAYS = {"create_timeout": 60, "master_count": 1, "node_count": 1}


def cli_request(command):
    """What ``openstack coe cluster create`` would pass to magnumclient."""
    words = shlex.split(command)
    assert words[:4] == ["openstack", "coe", "cluster", "create"], words
    sent = {}
    cli = CreateCluster(SimpleNamespace(client_manager=SimpleNamespace(container_infra=(
        SimpleNamespace(clusters=SimpleNamespace(create=lambda **args: (
            sent.update(args) or SimpleNamespace(uuid="u")))))), stdout=None), None)
    cli.take_action(cli.get_parser("openstack coe cluster create").parse_args(words[4:]))
    return {key: value for key, value in sent.items()
            if value is not None and CLI_ALWAYS.get(key) != value}


@pytest.fixture(scope="module")
def wizard_request(horizon):
    """(the request the wizard's data makes, (command, notes)); Django set up."""
    from coe_ui import cli_commands
    from coe_ui.content.clusters import wizard_data
    return lambda data: _wizard_request(wizard_data, cli_commands, data)


def _wizard_request(wizard_data, cli_commands, data):
    fields, merge = wizard_data.creation_fields(data)
    request = {key: value for key, value in fields.items()
               if CLI_ALWAYS.get(key) != value}
    request["cluster_template_id"] = TEMPLATE
    if fields.get("labels") and merge:
        request["merge_labels"] = True
    return request, cli_commands.cluster_create(fields, merge, TEMPLATE)


BASE = {"name": "prod db", "cluster_template_id": "tpl-uuid", "master_count": 1,
        "node_count": 1, "labels_mode": "merge"}
CASES = {
    "the template's defaults": {},
    "no API load balancer, no floating IPs": {"master_lb_enabled": "no",
                                              "floating_ip_enabled": "no"},
    "a load balancer and floating IPs": {"master_lb_enabled": "yes", "floating_ip_enabled": "yes",
                                         "master_count": 3},
    "everything chosen": {"keypair": "demo-key", "node_count": 4, "master_flavor_id": "m1.large",
                          "flavor_id": "m1.small", "fixed_network": "private",
                          "fixed_subnet": "private-subnet"},
    "labels that need quoting": {"labels": {
        "kube_tag": "v1.30.6", "extra": "a,b;c", "spaced": "  two  spaces ",
        "unicode": "größe ✓", "markup": "<b>'x'</b>", "equals": "k=v"}},
    "labels replacing the template's": {"labels_mode": "replace", "labels": {"a": "1", "b": "2"}},
    "autoscaling": {"auto_scaling_enabled": True, "min_node_count": 1, "max_node_count": 5},
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_printed_command_sends_what_the_wizard_sends(wizard_request, case):
    expected, (command, notes) = wizard_request({**BASE, **CASES[case]})
    assert cli_request(command) == expected, command
    assert notes == []


def test_a_lone_label_the_cli_would_split_is_said_so(wizard_request):
    """magnumclient splits a single --labels holding two "=" at its commas:
    the command cannot send this label, and the Review says so."""
    expected, (command, notes) = wizard_request({**BASE, "labels": {"opts": "a=1,b=2"}})
    assert cli_request(command) != expected
    assert len(notes) == 1
