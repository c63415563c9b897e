"""A search of the whole cluster list and its order, kept in the URL
(``?q=words&sort=-created``) so that a reload or a shared link shows the same
rows; coe_backend's ClusterSearch does the finding."""
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy as _

import coe_backend
from coe_ui import lookups
from coe_ui import status_words

SEARCH_PARAM = "q"
SORT_PARAM = "sort"
NEWEST_FIRST = "-created"
MOST_TYPED = 200  # characters of a search kept
# The orders offered, as the URL spells them ("-" first: descending).
SORTS = ((NEWEST_FIRST, _("Newest first")), ("name", _("Name")), ("status", _("Status")),
         ("-version", _("Newest Kubernetes first")))


def cluster_search(request):
    """The search in the URL; an order it does not know is the default."""
    order = request.GET.get(SORT_PARAM, NEWEST_FIRST)
    if order not in dict(SORTS):
        order = NEWEST_FIRST
    return coe_backend.ClusterSearch(
        text=request.GET.get(SEARCH_PARAM, "")[:MOST_TYPED],
        sort=coe_backend.SortKey(order.lstrip("-")), descending=order.startswith("-"))


def search_query(request, **changes):
    """The query string of this search and order, with `changes` (e.g. a
    page marker, or another order); defaults are left out."""
    kept = {name: request.GET.get(name) for name in (SEARCH_PARAM, SORT_PARAM)}
    params = {name: value for name, value in {**kept, **changes}.items()
              if value and (name, value) != (SORT_PARAM, NEWEST_FIRST)}
    return urlencode(params)


def sort_links(request):
    """(label, query string, whether chosen) for each order offered."""
    chosen = request.GET.get(SORT_PARAM, NEWEST_FIRST)
    return [(label, search_query(request, **{SORT_PARAM: order}), order == chosen)
            for order, label in SORTS]


def aliases(request, clusters, project_names=None):
    """What people see for the IDs and statuses in `clusters`: template
    names, status words and, where Horizon knows them without asking
    Keystone, owners' and projects' names (an admin's list passes every
    project's)."""
    found = dict(lookups.template_names(request, {c.cluster_template_id for c in clusters}))
    for status in {c.status for c in clusters} | {c.health_status for c in clusters}:
        word, _failure = status_words.word_for(status)
        if word:
            found[str(status)] = str(word)
    found[request.user.id] = request.user.username
    found.update(project_names or {request.user.project_id: request.user.project_name})
    return found
