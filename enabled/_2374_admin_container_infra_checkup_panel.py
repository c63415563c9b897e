PANEL = 'checkup'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'container_infra'
ADD_PANEL = 'coe_ui.content.admin.checkup.panel.Checkup'
