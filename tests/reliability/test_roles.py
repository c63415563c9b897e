"""Policy: a user without the role for an action neither sees it nor can do
it by a direct request. ``viewer`` reads demo's project (reader role);
``other`` is a member of another project; ``demo`` is a member, not an
admin. Creating in one's own project is every member's right, so ``other``
keeps those; the admin's actions are refused to all three."""
import pytest

from tests.magnum_helpers import unique_name
from tests.reliability import tally
from tests.reliability.actions import actions, every_row, perform
from tests.reliability.magnum_state import snapshot
from tests.reliability.outcomes import is_download, request

pytestmark = pytest.mark.devcloud

USERS = ("viewer", "other", "demo")
REFUSED_NAME = unique_name("refused")  # what a refused create would have made


@pytest.fixture(scope="module")
def all_actions(target, newer_template, scratch_projects):
    return actions(target, newer_template, scratch_projects, REFUSED_NAME)


def refused_to(user, everything):
    """The actions ``user`` has no role for."""
    if user == "demo":
        return [action for action in everything if action.admin]
    if user == "other":
        return [action for action in everything if not action.own_project]
    return everything


def page_of(login, user, path):
    """The page's HTML, or "" if it refuses ``user`` (a redirect, a 403, a 404)."""
    extra = {"HTTP_X_REQUESTED_WITH": "XMLHttpRequest"} if "?tab=" in path else {}
    with every_row(login(user), path):
        response = request(login(user), "GET", path, **extra)
    if response.status_code != 200 or "X-Horizon-Location" in response:
        return ""
    return response.content.decode()


@pytest.mark.parametrize("user", USERS)
def test_no_action_is_shown_without_the_role(login, all_actions, user):
    pages = {}
    for action in refused_to(user, all_actions):
        for who in (action.owner, user):
            if (who, action.page) not in pages:
                pages[who, action.page] = page_of(login, who, action.page)
        assert action.shown_in(pages[action.owner, action.page]), (
            f"{action.name}: the owner's page does not show it: the check proves nothing")
        assert not action.shown_in(pages[user, action.page]), f"{user} is shown {action.name}"
        tally.count(tally.CHECKED, f"policy: actions hidden from {user}")


@pytest.mark.parametrize("user", USERS)
def test_no_action_can_be_done_by_a_direct_request(horizon, login, writes, target,
                                                    scratch_projects, all_actions, user):
    before = snapshot(horizon, target, scratch_projects, REFUSED_NAME)
    for action in refused_to(user, all_actions):
        with writes() as seen:
            response = perform(login(user), action)
        assert response.status_code in (200, 302, 403), (action.name, response.status_code)
        assert not is_download(response), f"{user} got a file from {action.name}"
        assert not seen, f"{user}'s {action.name} reached Magnum: {seen}"
        tally.count(tally.CHECKED, f"policy: direct requests of {user} refused")
    assert snapshot(horizon, target, scratch_projects, REFUSED_NAME) == before
