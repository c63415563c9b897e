"""Data with markup and script in every field Magnum lets a person fill:
a template (name, tags, labels), a cluster (labels; its name has a strict
pattern), a node group (name, role, labels), health reasons (which a member
may set, as the magnum-auto-healer does) and a status_reason with faults
(devcloud's driver fails an upgrade on request and names the group)."""
import dataclasses
import re
import time

from tests.magnum_helpers import create_cluster, create_template, watch_cluster
from tests.reliability.magnum_state import add_group, settle


def _mark(where):
    return f"window.pwned=(window.pwned||[]).concat('{where}')"


def angular_expression(where):
    """An AngularJS expression that records ``where`` if evaluated (Horizon's
    body is an Angular app with {$ $} as its interpolation symbols)."""
    return f"{{$ constructor.constructor(\"{_mark(where)}\")() $}}"


def payload(where):
    """Markup that, if it ever runs, records ``where`` in window.pwned: a
    script, an attribute breakout, and an AngularJS expression."""
    mark = _mark(where)
    return f"<script>{mark}</script>\"'><img src=x onerror=\"{mark}\">" + angular_expression(where)


# What the raw HTML of a page must never hold: the markup as it was typed.
RAW_MARKUP = ("<script>window.pwned", "<img src=x onerror")
# What it holds when the data is shown, escaped (Horizon's themable selects
# escape their labels twice: the name then reads "&lt;script&gt;...").
ESCAPED = re.compile(r"&(amp;)*lt;script&(amp;)*gt;window\.pwned")


@dataclasses.dataclass
class HostileWorld:
    template: object
    unhealthy: object  # a cluster whose health reasons carry the payloads
    failed: object  # a cluster whose status_reason and faults do
    group: object  # the failed cluster's added node group


def build(magnum):
    """Create it all as ``magnum``'s user."""
    template = create_template(
        magnum, name=payload("template name"), tags=payload("template tags"),
        labels={"kube_tag": "v1.30.6", payload("label key"): payload("label value"),
                # no health polling replaces the reasons set below
                "auto_healing_enabled": "true", "auto_healing_controller": "magnum-auto-healer",
                "devcloud_fail": "upgrade"})
    return HostileWorld(template, _unhealthy(magnum, template), *_failed(magnum, template))


def _unhealthy(magnum, template):
    cluster, _ = create_cluster(magnum, template, node_count=1)
    magnum.clusters.update(cluster.uuid, [
        {"op": "replace", "path": "/health_status", "value": "UNHEALTHY"},
        # Magnum's patch takes the dict as Python literal text (ast.literal_eval).
        {"op": "replace", "path": "/health_status_reason", "value": repr({
            "api": payload("health api"), f"{payload('health node')}.Ready": "False",
            payload("health key"): payload("health value")})}])
    deadline = time.monotonic() + 30
    while (current := watch_cluster(magnum, cluster.uuid)[0]).health_status != "UNHEALTHY":
        assert time.monotonic() < deadline, "the health reasons were not saved"
        time.sleep(0.2)
    return current


def _failed(magnum, template):
    """A cluster whose upgrade failed on its added group: the driver's reason
    names the group, and becomes the cluster's status_reason and a fault."""
    cluster, _ = create_cluster(magnum, template, node_count=1)
    group = add_group(magnum, cluster.uuid, name=payload("node group name"),
                      role=payload("node group role"), node_count=1,
                      labels={payload("group label"): "x"}, merge_labels=True)
    magnum.clusters.upgrade(cluster.uuid, template.uuid, 1, nodegroup=group.uuid)
    failed = settle(magnum, cluster.uuid)
    assert failed.status == "UPDATE_FAILED" and "<script>" in failed.status_reason, failed.status
    return failed, magnum.nodegroups.get(cluster.uuid, group.uuid)
