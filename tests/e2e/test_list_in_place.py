"""demo looks for clusters among many without leaving the list: a search, an
order and the next and previous pages replace only the list, the browser's
Back returns to the list shown before, and a busy row keeps showing its live
status. The busy cluster is another project member's, made before the search
that finds it."""
import pytest
from selenium.webdriver.common.keys import Keys

from tests.e2e import pages
from tests.magnum_helpers import create_cluster, create_template, new_member, remove, unique_name

pytestmark = [pytest.mark.devcloud, pytest.mark.browser]

CLUSTERS = "/project/clusters/"
BUSY_SECONDS = 25  # the busy cluster's create, long enough to page and sort meanwhile
NEXT = "#clusters tfoot a[href*='marker=']:not([href*='prev_marker='])"
PREVIOUS = "#clusters tfoot a[href*='prev_marker=']"


@pytest.fixture
def clusters(devcloud):
    """Two settled clusters and one being created by another member of the
    project, named with one new word."""
    magnum = devcloud.magnum("demo")
    template = create_template(magnum)
    word = unique_name("inplace")
    settled = [create_cluster(magnum, template, name=f"{word}-{n}", node_count=1)[0].name
               for n in ("a", "b")]
    with new_member(devcloud, "demo") as (teammate, _project, teammates_magnum):
        busy = teammates_magnum.clusters.create(
            name=f"{word}-c", cluster_template_id=template.uuid, keypair=f"{teammate.name}-key",
            master_count=1, node_count=1, labels={"devcloud_op_seconds": str(BUSY_SECONDS)})
        yield word, settled, f"{word}-c"
        remove(teammates_magnum, clusters=[busy.uuid])
    remove(magnum, clusters=settled, templates=[template.uuid])


def shown(browser):
    return browser.driver.execute_script(
        "return $('#clusters tbody tr[data-display]').map(function () {"
        "  return $(this).attr('data-display'); }).get();")


def wait_shown(browser, names):
    pages.until(browser, lambda d: shown(browser) == names,
                message=lambda: f"the list never showed {names}; it shows {shown(browser)}")


def test_search_order_and_pages_change_only_the_list(browser, clusters):
    word, (first, second), busy = clusters
    browser.login("demo")
    browser.open(CLUSTERS)
    browser.driver.add_cookie({"name": "API_RESULT_PAGE_SIZE", "value": "1"})
    browser.open(CLUSTERS)
    pages.mark_page(browser)

    search = pages.visible(browser, "[data-coe-list] .table_search input[type=text]")
    search.send_keys(word, Keys.ENTER)
    pages.until(browser, lambda d: f"q={word}" in d.current_url, message="the search is not in the URL")
    # Newest first, one per page: the cluster another member is creating, found
    # by demo's search; the next pages keep the search.
    wait_shown(browser, [busy])
    assert f"q={word}" in pages.visible(browser, NEXT).get_attribute("href")
    pages.wait_row(browser, busy, {"Status": "Creating"})

    pages.click(browser, "[data-coe-list] .coe-sort a[href*='sort=name']")
    wait_shown(browser, [first])
    assert not browser.driver.find_elements("css selector", PREVIOUS)  # the first page
    pages.click(browser, NEXT)
    wait_shown(browser, [second])
    pages.click(browser, NEXT)
    wait_shown(browser, [busy])
    # The last page offers no next one.
    assert not browser.driver.find_elements("css selector", NEXT)
    # The busy row, reached by paging in place, is still polled to its end.
    pages.wait_row(browser, busy, {"Status": "Active"}, timeout=BUSY_SECONDS + 60)

    pages.click(browser, PREVIOUS)
    wait_shown(browser, [second])
    # In the address and the history, like Next's, with the search and order.
    assert f"?q={word}&sort=name&prev_marker=" in browser.driver.current_url
    browser.driver.back()
    wait_shown(browser, [busy])
    browser.driver.back()
    wait_shown(browser, [second])
    assert pages.page_reloaded(browser) is False, "the list reloaded the whole page"
