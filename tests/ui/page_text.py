"""What the page tests read: the text a page shows, and every page and
dialog of a cluster. (Horizon in this process, its logged-in clients and
injected Magnum faults are tests/horizon_fixtures.py's.)"""
from html.parser import HTMLParser


class ShownText(HTMLParser):
    """Text a person can see or hear: data and titles/labels/values."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.shown, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in ("title", "aria-label", "placeholder", "alt", "data-coe-reason") and value:
                self.shown.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.shown.append(data)


def pages_of(cluster):
    """Every coe-ui page and dialog of `cluster` and its template."""
    clusters, templates = "/project/clusters/", "/project/cluster_templates/"
    one, template = f"{clusters}{cluster.uuid}/", f"{templates}{cluster.cluster_template_id}/"
    return [clusters, f"{clusters}create/", one, f"{one}?tab=cluster_details__labels",
            f"{one}?tab=cluster_details__access",
            f"{one}resize/", f"{one}upgrade/", f"{one}rotate-ca/", f"{one}delete/",
            f"{one}kubeconfig/", f"{one}ca/", f"{one}sign/", f"{one}node-groups/create/",
            templates, f"{templates}create/", template, f"{template}update/",
            f"{template}clone/"]
