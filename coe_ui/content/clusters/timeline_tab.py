"""The cluster page's Timeline tab: the status changes coe-ui saw
(coe_ui.timeline_cache), newest first, and what such a record cannot know."""
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from horizon import tabs

from coe_ui import timeline_cache


def past_trouble(timeline):
    """The latest failure or ill health seen before the cluster's current
    state, when that state is not one: what Magnum no longer shows."""
    if not timeline.past_troubles or timeline.latest.is_trouble:
        return None
    return timeline.past_troubles[-1]


class TimelineTab(tabs.Tab):
    name = _("Timeline")
    slug = "timeline"
    template_name = "project/clusters/_timeline.html"

    def allowed(self, request):
        return bool(timeline_cache.keep_for())  # TIMELINE_DAYS = 0: not kept

    def get_context_data(self, request):
        cluster = self.tab_group.kwargs["cluster"]
        timeline = timeline_cache.timeline_of(request, cluster.uuid)
        return {"cluster": cluster, "timeline": timeline,
                "entries": list(reversed(timeline.entries)),
                # timesince of this moment is how long timelines are kept
                "kept_since": timezone.now() - timeline_cache.keep_for()}
