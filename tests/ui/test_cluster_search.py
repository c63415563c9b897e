"""Finding a cluster among all of them: a search of the whole list, not the
page shown, in the URL (a reload or a link keeps it), and an order."""
import html
import re

import pytest

from tests.magnum_helpers import create_cluster, create_template, new_member, remove, unique_name
from tests.horizon_fixtures import LoggedIn

INDEX = "/project/clusters/"
ROW = re.compile(r'id="clusters__row__([0-9a-f-]{36})"')
NEXT = re.compile(r'href="\?([^"]*\bmarker=[^"]*)"')
PREV = re.compile(r'href="\?([^"]*prev_marker=[^"]*)"')


@pytest.fixture(scope="module")
def found(horizon):
    """Three clusters whose names share a word no other cluster has."""
    magnum = horizon.magnum("demo")
    template = create_template(magnum)
    word = unique_name("findme")
    made = [create_cluster(magnum, template, name=f"{word}-{n}", node_count=1)[0]
            for n in ("a", "b", "c")]
    yield word, template, made
    remove(magnum, clusters=[c.uuid for c in made], templates=[template.uuid])


@pytest.fixture
def one_per_page(horizon):
    """demo, with pages of one cluster (Horizon's page-size setting)."""
    browser = LoggedIn("demo")
    browser.client.cookies["API_RESULT_PAGE_SIZE"] = "1"
    return browser


def rows(response):
    assert response.status_code == 200
    return ROW.findall(response.content.decode())


def link(response, which):
    """The query string of the page's Next or Previous link, or None."""
    found = which.search(response.content.decode())
    return html.unescape(found.group(1)) if found else None


def walk(browser, query, which=NEXT):
    """Every page from the one at `query`, following Next (or Previous)
    until a page has none: the UUIDs of each page, and the query of the last."""
    pages = []
    while True:
        response = browser.get(f"{INDEX}?{query}")
        pages.append(rows(response))
        if link(response, which) is None:
            return pages, query
        query = link(response, which)


def test_a_search_finds_clusters_on_every_page_and_ends_without_an_empty_one(one_per_page, found):
    word, _template, made = found
    pages, _last = walk(one_per_page, f"q={word}")
    # Newest first, one per page, each page keeping the search; no Next on the last.
    assert pages == [[made[2].uuid], [made[1].uuid], [made[0].uuid]]


def test_the_search_box_puts_the_words_in_the_url(login, found):
    word = found[0]
    demo = login("demo")
    response = demo.post(INDEX, {"clusters__filter__q": f"  {word}  "})
    assert response.status_code == 302 and response["Location"] == f"{INDEX}?q={word}"
    page = demo.get(response["Location"]).content.decode()
    assert f'value="{word}"' in page  # the box shows what is searched
    assert set(rows(demo.get(response["Location"]))) == {c.uuid for c in found[2]}


def test_a_search_finds_what_people_see_not_only_ids(login, found):
    word, template, made = found
    # The template's name (the rows show it, Magnum has only its UUID), and
    # "Active", the word shown for CREATE_COMPLETE.
    assert set(rows(login("demo").get(INDEX, data={"q": f"{template.name} active"}))) == \
        {c.uuid for c in made}
    assert rows(login("demo").get(INDEX, data={"q": f"{word} failed"})) == []
    # The owner, by user ID (Keystone lets a member read no other user's name).
    assert set(rows(login("demo").get(INDEX, data={"q": f"{word} {made[0].user_id}"}))) == \
        {c.uuid for c in made}


def test_nothing_found_says_so_and_html_in_the_words_stays_text(login, found):
    page = login("demo").get(INDEX, data={"q": "<b>no-such-cluster</b>"}).content.decode()
    assert "No cluster matches" in page and "&lt;b&gt;no-such-cluster&lt;/b&gt;" in page
    assert "<b>no-such-cluster</b>" not in page


def test_sorted_by_name_across_pages_and_the_order_is_offered(one_per_page, found):
    word, _template, made = found
    assert walk(one_per_page, f"q={word}&sort=name")[0] == [[c.uuid] for c in made]
    page = one_per_page.get(INDEX, data={"q": word, "sort": "name"}).content.decode()
    assert re.search(r'<strong aria-current="true">Name</strong>', page)
    # The other orders keep the search.
    assert f'href="?q={word}&amp;sort=status"' in page


@pytest.mark.parametrize("order", ["", "&sort=name"])
def test_previous_goes_back_through_the_same_pages_keeping_search_and_order(
        one_per_page, found, order):
    searched = f"q={found[0]}{order}"
    assert link(one_per_page.get(f"{INDEX}?{searched}"), PREV) is None  # not on the first page
    forward, last = walk(one_per_page, searched)
    backward, first = walk(one_per_page, last, PREV)
    # From the last page back to the first, each page with the rows it had
    # going forward (none empty), the first again without a Previous.
    assert len(forward) == 3 and backward == forward[::-1]
    assert first.startswith(f"{searched}&prev_marker=")


def test_previous_on_the_plain_list_is_one_magnum_call(one_per_page, found, magnum_fault):
    mocker = magnum_fault("GET", r"/never-called$")  # records every call
    first = one_per_page.get(INDEX)
    second = one_per_page.get(f"{INDEX}?{link(first, NEXT)}")
    third = one_per_page.get(f"{INDEX}?{link(second, NEXT)}")
    earlier = len(mocker.request_history)
    back = one_per_page.get(f"{INDEX}?{link(third, PREV)}")
    reads = [r for r in mocker.request_history[earlier:] if r.path.endswith("/clusters/detail")]
    assert len(reads) == 1
    assert rows(back) == rows(second) and link(back, NEXT) == link(second, NEXT)
    assert rows(one_per_page.get(f"{INDEX}?{link(back, PREV)}")) == rows(first)


def test_a_cluster_another_member_made_after_a_search_is_found_by_the_next(horizon, login, found):
    word, template, made = found
    demo = login("demo")
    before = set(rows(demo.get(INDEX, data={"q": word})))
    with new_member(horizon, "demo") as (teammate, _project, magnum):
        late, _seen = create_cluster(magnum, template, name=f"{word}-late", node_count=1,
                                     keypair=f"{teammate.name}-key")
        try:
            after = set(rows(demo.get(INDEX, data={"q": word})))
            # Found by its owner too (by ID: Keystone lets demo read no other user's name).
            by_owner = rows(demo.get(INDEX, data={"q": teammate.id}))
        finally:
            remove(magnum, clusters=[late.uuid])
    assert before == {c.uuid for c in made} and after == before | {late.uuid}
    assert by_owner == [late.uuid]


def test_an_admin_finds_clusters_by_project_name(login, found):
    word, _template, made = found
    response = login("admin").get("/admin/clusters/", data={"q": f"{word} demo"})
    assert set(ROW.findall(response.content.decode())) == {c.uuid for c in made}
    assert rows(login("admin").get("/admin/clusters/", data={"q": f"{word} other"})) == []
