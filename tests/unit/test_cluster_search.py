"""Finding clusters across the whole list: words, order, pages."""
from datetime import datetime, timedelta, timezone

from coe_backend import Cluster, ClusterSearch, ClusterStatus, HealthStatus, SortKey

START = datetime(2026, 1, 1, tzinfo=timezone.utc)


def cluster(number, name, **fields):
    return Cluster(uuid=f"{number:08d}-0000-0000-0000-000000000000", name=name,
                   created_at=START + timedelta(hours=number), **fields)


CLUSTERS = [
    cluster(1, "prod-db", status=ClusterStatus.CREATE_COMPLETE, coe_version="v1.30.4",
            cluster_template_id="tpl-a", user_id="u-alice"),
    cluster(2, "prod-web", status=ClusterStatus.UPDATE_IN_PROGRESS, coe_version="v1.9.0",
            cluster_template_id="tpl-b", user_id="u-bob", health_status=HealthStatus.UNHEALTHY),
    cluster(3, "staging", status=ClusterStatus.CREATE_FAILED, cluster_template_id="tpl-a",
            user_id="u-alice"),
    cluster(4, "Prod-cache", status=ClusterStatus.CREATE_COMPLETE, coe_version="v1.31.0",
            cluster_template_id="tpl-b", user_id="u-carol"),
]
ALIASES = {"tpl-a": "k8s-1.30-small", "tpl-b": "gpu-large", "u-alice": "alice",
           "u-bob": "bob", "u-carol": "carol", "CREATE_COMPLETE": "Active"}


def names(page):
    return [c.name for c in page.items]


def test_every_word_must_match_in_any_case():
    assert names(ClusterSearch("PROD").page(CLUSTERS, ALIASES)) == \
        ["Prod-cache", "prod-web", "prod-db"]
    assert names(ClusterSearch("prod alice").page(CLUSTERS, ALIASES)) == ["prod-db"]


def test_words_match_what_people_see_for_ids_and_statuses():
    assert names(ClusterSearch("gpu").page(CLUSTERS, ALIASES)) == ["Prod-cache", "prod-web"]
    assert names(ClusterSearch("active").page(CLUSTERS, ALIASES)) == ["Prod-cache", "prod-db"]
    assert names(ClusterSearch("failed").page(CLUSTERS, ALIASES)) == ["staging"]
    assert names(ClusterSearch("unhealthy").page(CLUSTERS, ALIASES)) == ["prod-web"]
    assert names(ClusterSearch("1.31").page(CLUSTERS, ALIASES)) == ["Prod-cache"]
    # Without the aliases only the raw values are there to find.
    assert names(ClusterSearch("gpu").page(CLUSTERS, {})) == []


def test_sorted_by_name_ignoring_case_and_by_version_numerically():
    by_name = ClusterSearch(sort=SortKey.NAME, descending=False)
    assert names(by_name.page(CLUSTERS, {})) == ["Prod-cache", "prod-db", "prod-web", "staging"]
    newest_version = ClusterSearch(sort=SortKey.VERSION, descending=True)
    # 1.31 above 1.30 above 1.9 (not as text); no version last.
    assert names(newest_version.page(CLUSTERS, {})) == ["Prod-cache", "prod-db", "prod-web",
                                                          "staging"]


def test_the_plain_list_is_newest_first():
    assert ClusterSearch().is_plain_list
    assert not ClusterSearch("x").is_plain_list
    assert names(ClusterSearch().page(CLUSTERS, {})) == ["Prod-cache", "staging", "prod-web",
                                                          "prod-db"]


def test_pages_follow_the_marker_and_end_without_a_next():
    search = ClusterSearch(sort=SortKey.NAME, descending=False)
    first = search.page(CLUSTERS, {}, limit=2)
    assert names(first) == ["Prod-cache", "prod-db"] and first.next_marker == CLUSTERS[0].uuid
    second = search.page(CLUSTERS, {}, limit=2, marker=first.next_marker)
    assert names(second) == ["prod-web", "staging"]
    assert second.next_marker is None  # exactly full: no empty page after it
    assert search.page(CLUSTERS, {}, limit=4).next_marker is None


def test_previous_pages_give_the_rows_before_the_marker_and_none_before_the_first():
    search = ClusterSearch(sort=SortKey.NAME, descending=False)
    first = search.page(CLUSTERS, {}, limit=1)
    assert first.prev_marker is None  # the first page offers no Previous
    second = search.page(CLUSTERS, {}, limit=1, marker=first.next_marker)
    third = search.page(CLUSTERS, {}, limit=1, marker=second.next_marker)
    assert names(third) == ["prod-web"] and third.prev_marker == third.items[0].uuid
    back = search.page(CLUSTERS, {}, limit=1, marker=third.prev_marker, backwards=True)
    assert back == second
    assert search.page(CLUSTERS, {}, limit=1, marker=back.prev_marker, backwards=True) == first
    # Two back from the third of four: the first page, whole, with nothing before it.
    assert search.page(CLUSTERS, {}, limit=2, marker=third.items[0].uuid, backwards=True) == \
        search.page(CLUSTERS, {}, limit=2)
