PANEL = 'fleet'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'container_infra'
ADD_PANEL = 'coe_ui.content.admin.fleet.panel.Fleet'
