"""Health as Magnum's Kubernetes monitor would report it for simulated clusters."""
from magnum.conductor import monitors
from magnum.objects import fields

from devcloud.driver import nodes as node_records
from devcloud.driver.runner import admin_ctx, runner

S = fields.ClusterStatus


class DevcloudMonitor(monitors.MonitorBase):
    def __init__(self, context, cluster):
        super().__init__(context, cluster)
        self.data = {}

    @property
    def metrics_spec(self):
        return {}

    def pull_data(self):
        return None

    def poll_health_status(self):
        cluster = self.cluster
        labels = cluster.labels or {}
        if (str(labels.get("auto_healing_enabled", "")).lower() == "true"
                and labels.get("auto_healing_controller") == "magnum-auto-healer"):
            return
        if cluster.status == S.CREATE_FAILED:
            self.data["health_status"] = fields.ClusterHealthStatus.UNKNOWN
            self.data["health_status_reason"] = {
                "api": "The cluster %s is not accessible." % (cluster.name or cluster.uuid)}
            return
        if not cluster.api_address or cluster.status in (
                S.CREATE_IN_PROGRESS, S.DELETE_IN_PROGRESS, S.DELETE_COMPLETE):
            return
        status, reason = node_records.health(runner().store, admin_ctx(), cluster)
        self.data["health_status"] = status
        self.data["health_status_reason"] = reason
