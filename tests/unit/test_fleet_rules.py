"""The fleet's rule: each cluster judged against its region's templates, and the summary."""

from datetime import datetime, timedelta, timezone

from coe_backend import (Cluster, ClusterStatus, ClusterTemplate, FleetHealth, Image,
                         RegionProblem, TemplateState, summarize)
from coe_backend.rules.fleet import region_clusters, template_state

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
HOUR = 3600.0


def template(uuid, version=None, **fields):
    labels = {"kube_tag": version} if version else {}
    return ClusterTemplate(uuid=uuid, name=uuid, coe="kubernetes", labels=labels, **fields)


def cluster(uuid, template_id, version, status=ClusterStatus.CREATE_COMPLETE,
            health="HEALTHY", **fields):
    return Cluster.from_api({"uuid": uuid, "name": uuid, "cluster_template_id": template_id,
                             "coe_version": version, "status": status, "health_status": health,
                             "created_at": (NOW - timedelta(days=3)).isoformat(), **fields})


def judged(clusters, templates, images=None, region="RegionOne"):
    return {c.cluster.uuid: c for c in region_clusters(
        region, clusters, templates, images, now=NOW, stalled_after_seconds=HOUR)}


TEMPLATES = [template("t128", "v1.28.9"), template("t129", "v1.29.4", tags="deprecated"),
             template("t130", "v1.30.6"), template("t131", "v1.31.2"),
             template("t132-hidden", "v1.32.0", hidden=True)]


def test_the_deprecated_tag_and_hidden_decide_a_templates_state():
    assert template_state(template("a", tags="prod, Deprecated")) is TemplateState.DEPRECATED
    assert template_state(template("b", tags="deprecated-soon")) is TemplateState.CURRENT
    assert template_state(template("c", hidden=True, tags="deprecated")) is TemplateState.HIDDEN
    assert template_state(None) is TemplateState.UNKNOWN


def test_upgrade_available_is_the_planners_next_minor_on_a_current_template():
    found = judged([cluster("on130", "t130", "v1.30.6"), cluster("on128", "t128", "v1.28.9"),
                    cluster("on131", "t131", "v1.31.2")], TEMPLATES)
    assert str(found["on130"].upgrade.version) == "v1.31.2"
    # v1.29's template is deprecated: no upgrade offered onto it, and v1.30 is two minors on.
    assert found["on128"].upgrade is None
    # The newest current template; the hidden v1.32 one counts neither as upgrade nor as newest.
    assert found["on131"].upgrade is None and found["on131"].minors_behind == 0
    assert found["on128"].minors_behind == 3


def test_a_version_only_its_image_tells_counts():
    images = [Image(id="img-131", name="kube-131", kube_version="v1.31.2")]
    found = judged([cluster("c", "t130", "v1.30.6")],
                   [template("t130", "v1.30.6"), template("by-image", image_id="img-131")], images)
    assert str(found["c"].upgrade.version) == "v1.31.2"
    assert judged([cluster("c", "t130", "v1.30.6")],
                  [template("t130", "v1.30.6"), template("by-image", image_id="img-131")],
                  None)["c"].upgrade is None  # images unreadable: that version unknown


def test_health_is_classified_and_a_failure_diagnosed():
    found = judged([
        cluster("failed", "t130", None, status=ClusterStatus.CREATE_FAILED, health=None,
                status_reason="Quota exceeded for cores"),
        cluster("sick", "t130", "v1.30.6", health="UNHEALTHY"),
        cluster("stuck", "t130", "v1.30.6", status=ClusterStatus.UPDATE_IN_PROGRESS,
                updated_at=(NOW - timedelta(hours=2)).isoformat()),
        cluster("busy", "t130", "v1.30.6", status=ClusterStatus.UPDATE_IN_PROGRESS,
                updated_at=(NOW - timedelta(minutes=2)).isoformat()),
        cluster("quiet", "t130", "v1.30.6", health=None),
        cluster("fine", "t130", "v1.30.6"),
    ], TEMPLATES)
    assert {uuid: c.health for uuid, c in found.items()} == {
        "failed": FleetHealth.FAILED, "sick": FleetHealth.UNHEALTHY, "stuck": FleetHealth.STALLED,
        "busy": FleetHealth.BUSY, "quiet": FleetHealth.UNKNOWN, "fine": FleetHealth.HEALTHY}
    assert found["failed"].diagnosis.category == "quota"
    assert found["fine"].diagnosis is None


def test_the_summary_counts_what_needs_attention():
    one = judged([cluster("a", "t129", "v1.29.4"),                       # deprecated, behind 2
                  cluster("b", "t128", "v1.28.9", health="UNHEALTHY"),   # behind 3, failing
                  cluster("c", "t130", "v1.30.6"),                       # upgradable
                  cluster("d", "gone", "v1.31.2")], TEMPLATES)           # template not visible
    two = judged([cluster("e", "t132-hidden", "v1.32.0",
                          status=ClusterStatus.UPDATE_FAILED)], TEMPLATES, region="RegionTwo")
    summary = summarize([*one.values(), *two.values()],
                        [RegionProblem("RegionThree", "It did not answer", timed_out=True)])
    assert (summary.clusters, summary.on_retired_templates, summary.behind, summary.failing,
            summary.upgradable, summary.unreachable) == (5, 2, 2, 2, 2, ("RegionThree",))
    assert one["d"].template_state is TemplateState.UNKNOWN
    assert two["e"].region == "RegionTwo"


def test_an_empty_fleet_sums_to_nothing():
    assert summarize([]).clusters == 0 and summarize([]).unreachable == ()
