"""Finding a cluster among all of them: a search of the whole list, not the
page shown, in the URL (a reload or a link keeps it), and an order."""
import html
import re

import pytest

from tests.magnum_helpers import create_cluster, create_template, remove, unique_name
from tests.horizon_fixtures import LoggedIn

INDEX = "/project/clusters/"
ROW = re.compile(r'id="clusters__row__([0-9a-f-]{36})"')
NEXT = re.compile(r'href="\?([^"]*marker=[^"]*)"')


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


def walk(browser, query):
    """Every page of a search, following Next: the UUIDs of each page."""
    pages, path = [], f"{INDEX}?{query}"
    while True:
        response = browser.get(path)
        pages.append(rows(response))
        more = NEXT.search(response.content.decode())
        if more is None:
            return pages
        path = f"{INDEX}?{html.unescape(more.group(1))}"


def test_a_search_finds_clusters_on_every_page_and_ends_without_an_empty_one(one_per_page, found):
    word, _template, made = found
    pages = walk(one_per_page, f"q={word}")
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
    assert walk(one_per_page, f"q={word}&sort=name") == [[c.uuid] for c in made]
    page = one_per_page.get(INDEX, data={"q": word, "sort": "name"}).content.decode()
    assert re.search(r'<strong aria-current="true">Name</strong>', page)
    # The other orders keep the search.
    assert f'href="?q={word}&amp;sort=status"' in page


def test_a_cluster_made_after_a_search_is_found_by_the_next(horizon, login, found):
    word, template, made = found
    demo = login("demo")
    before = set(rows(demo.get(INDEX, data={"q": word})))
    magnum = horizon.magnum("demo")
    late, _seen = create_cluster(magnum, template, name=f"{word}-late", node_count=1)
    try:
        after = set(rows(demo.get(INDEX, data={"q": word})))
    finally:
        remove(magnum, clusters=[late.uuid])
    assert before == {c.uuid for c in made} and after == before | {late.uuid}


def test_an_admin_finds_clusters_by_project_name(login, found):
    word, _template, made = found
    response = login("admin").get("/admin/clusters/", data={"q": f"{word} demo"})
    assert set(ROW.findall(response.content.decode())) == {c.uuid for c in made}
    assert rows(login("admin").get("/admin/clusters/", data={"q": f"{word} other"})) == []
