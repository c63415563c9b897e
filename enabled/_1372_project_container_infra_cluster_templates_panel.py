PANEL = 'cluster_templates'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'container_infra'
ADD_PANEL = 'coe_ui.content.cluster_templates.panel.ClusterTemplates'
