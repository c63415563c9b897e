PANEL = 'cluster_quotas'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'container_infra'
ADD_PANEL = 'coe_ui.content.admin.cluster_quotas.panel.ClusterQuotas'
