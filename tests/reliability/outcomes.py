"""What a person sees after a request: the page, its messages, its field
errors, and what reached Magnum meanwhile."""
import contextlib
import dataclasses
import json

from django.contrib.messages import get_messages


def request(client, method, url, data=None, **extra):
    """The response, or an AssertionError if the view raised: Django's test
    client re-raises what would have been a 500 page. ``client``: a Django
    test client or tests/ui's LoggedIn."""
    client = getattr(client, "client", client)
    client.cookies.pop("messages", None)  # only this request's messages
    call = client.post if method == "POST" else client.get
    try:
        return call(url, data if data is not None else {}, **extra)
    except Exception as error:  # noqa: BLE001 - any escape is the finding
        raise AssertionError(f"{method} {url} gave a 500 page: {type(error).__name__}: "
                             f"{error}") from error


def messages(response):
    """[(level, text)] of the Horizon messages the page shows; a page asked
    for by JavaScript gets them in a header, Horizon's JavaScript shows them."""
    shown = [(tag, text) for tag, text, _extra in
             json.loads(response.get("X-Horizon-Messages", "[]"))]
    if response.wsgi_request is not None:
        shown += [(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)]
    return shown


def errors_of(response):
    """The messages of level error."""
    return [text for level, text in messages(response) if level == "error"]


def field_errors(response):
    """{field: [messages]} of the form or wizard the page shows again."""
    context = response.context
    if context is None:
        return {}
    found = {}
    if "workflow" in context:
        for step in context["workflow"].steps:
            found.update(step.action.errors)
    if "form" in context and context["form"] is not None and hasattr(context["form"], "errors"):
        found.update(context["form"].errors)
    return found


def is_download(response):
    return response.get("Content-Disposition", "").startswith("attachment")


@dataclasses.dataclass
class Outcome:
    response: object
    writes: list

    @property
    def created(self):
        """UUIDs of what Magnum created meanwhile."""
        return [w.created for w in self.writes if w.method == "POST" and w.created]

    @property
    def succeeded(self):
        """Sent on (a redirect; for a dialog opened by JavaScript, Horizon's
        X-Horizon-Location), or a file."""
        response = self.response
        return (response.status_code == 302 or "X-Horizon-Location" in response
                or is_download(response))

    @property
    def kind(self):
        """accepted, refused by the form, or refused by Magnum (a rule of the
        cloud's configuration the form cannot know, shown beside the field)."""
        if self.succeeded:
            return "accepted"
        return "refused by Magnum" if self.writes else "refused by the form"

    def check(self):
        """Success, or the form again with a reason; never a 500, never a
        change followed by a refusal, never Magnum failing on accepted input."""
        response, writes = self.response, self.writes
        assert response.status_code in (200, 302), f"HTTP {response.status_code}"
        failed = [w for w in writes if w.status is None or w.status >= 500]
        assert not failed, f"Magnum failed on input the form let through: {failed}"
        if self.succeeded:
            assert not errors_of(response), errors_of(response)
            refused = [w for w in writes if w.refused]
            assert not refused, f"Magnum refused part of an accepted input: {refused}"
            return self
        changed = [w for w in writes if not w.refused]
        assert not changed, f"the input was refused, yet Magnum changed something: {changed}"
        if writes:  # Magnum's own refusal: the form must say which field
            assert field_errors(response), f"Magnum refused {writes} and no field says why"
        assert field_errors(response) or errors_of(response), "refused without a reason"
        return self


def submit(client, url, data, writes, **extra):
    """POST ``data`` as the form would, observing the Magnum writes."""
    with writes() as seen:
        response = request(client, "POST", url, data, **extra)
    return Outcome(response, list(seen))


@contextlib.contextmanager
def one_page_for_all(*clients):
    """Every row on a table's first page, however many rows other tests made
    (Horizon's per-user page size is a cookie)."""
    clients = [getattr(client, "client", client) for client in clients]
    for client in clients:
        client.cookies["API_RESULT_PAGE_SIZE"] = "1000"
    try:
        yield
    finally:
        for client in clients:
            del client.cookies["API_RESULT_PAGE_SIZE"]
