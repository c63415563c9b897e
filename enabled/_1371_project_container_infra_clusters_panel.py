PANEL = 'clusters'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'container_infra'
ADD_PANEL = 'coe_ui.content.clusters.panel.Clusters'
ADD_INSTALLED_APPS = ['coe_ui']
AUTO_DISCOVER_STATIC_FILES = True
