"""The forms of an HTML page with the values a browser would send untouched."""
import dataclasses
from html.parser import HTMLParser


@dataclasses.dataclass
class Form:
    action: str
    fields: dict  # name: the value a browser would send untouched


class FormReader(HTMLParser):
    """The forms of a page with their initial values: inputs and the
    selected option of each select (no textareas: the resize form has none)."""

    def __init__(self, path):
        super().__init__()
        self.forms, self._select, self._path = [], None, path

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            # no action: the browser posts to the page itself
            self.forms.append(Form(attrs.get("action") or self._path, {}))
        elif not self.forms:
            return
        elif tag == "input" and attrs.get("name") and attrs.get("type") not in (
                "checkbox", "radio", "submit"):
            self.forms[-1].fields[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and "selected" in attrs:
            self.forms[-1].fields[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_with(page, path, field):
    """The form that has ``field`` on ``page`` (found at ``path``)."""
    reader = FormReader(path)
    reader.feed(page)
    return next(form for form in reader.forms if field in form.fields)
