from django.utils.translation import gettext_lazy as _

# The "Container Infra" group in the Project dashboard's side bar.
PANEL_GROUP = 'container_infra'
PANEL_GROUP_NAME = _('Container Infra')
PANEL_GROUP_DASHBOARD = 'project'
