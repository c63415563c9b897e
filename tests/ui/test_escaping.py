"""Nothing on coe-ui's pages and dialogs shows an HTML entity as text
("template&#x27;s"): each string is escaped once, where it is rendered.
Read as a browser reads it: the text and attribute values after parsing."""
import pytest

from tests.magnum_helpers import create_cluster, create_template
from tests.ui.page_text import ShownText, pages_of

pytestmark = pytest.mark.devcloud

ENTITY_AS_TEXT = ("&#", "&amp;", "&lt;", "&gt;", "&quot;")


def entities_shown(html):
    parser = ShownText()
    parser.feed(html)
    return [text.strip() for text in parser.shown if any(e in text for e in ENTITY_AS_TEXT)]


@pytest.fixture(scope="module")
def cluster(horizon):
    magnum = horizon.magnum("demo")
    template = create_template(magnum, labels={"kube_tag": "v1.30.6"})
    cluster, _ = create_cluster(magnum, template, node_count=1)
    return cluster


@pytest.mark.parametrize("ajax", [False, True], ids=["page", "dialog"])
def test_no_entity_is_shown_as_text(login, cluster, ajax):
    extra = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if ajax else {}
    found = {}
    for path in pages_of(cluster):
        response = login("demo").get(path, **extra)
        assert response.status_code == 200, (path, response.status_code)
        shown = entities_shown(response.content.decode())
        if shown:
            found[path] = shown
    assert not found, found
