from django.utils.translation import gettext_lazy as _

# The "Container Infra" group in the Admin dashboard's side bar. The plugin's
# app, static files and exceptions are added by _1370 (enable both).
PANEL_GROUP = 'container_infra'
PANEL_GROUP_NAME = _('Container Infra')
PANEL_GROUP_DASHBOARD = 'admin'
