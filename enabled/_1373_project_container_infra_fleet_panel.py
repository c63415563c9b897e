PANEL = 'fleet'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'container_infra'
ADD_PANEL = 'coe_ui.content.fleet.panel.Fleet'
