PANEL = 'coe_services'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'container_infra'
ADD_PANEL = 'coe_ui.content.admin.coe_services.panel.CoeServices'
