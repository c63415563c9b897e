from django.utils.translation import gettext_lazy as _

# The "Container Infra" group in the Project dashboard's side bar.
PANEL_GROUP = 'container_infra'
PANEL_GROUP_NAME = _('Container Infra')
PANEL_GROUP_DASHBOARD = 'project'

# coe_backend's errors carry a message a person can act on: let Horizon's
# exception handling show it rather than fail the page.
from coe_backend import errors as _errors  # noqa: E402

ADD_EXCEPTIONS = {
    'not_found': (_errors.NotFound,),
    'recoverable': (_errors.CoeError,),
}
ADD_INSTALLED_APPS = ['coe_ui']
AUTO_DISCOVER_STATIC_FILES = True
# coe-ui's own styles (the labels editor, the wizards' Review, why an action
# is not possible). An .scss file: Horizon before 25.2 (pyScss) cannot inline
# a .css one.
ADD_SCSS_FILES = ['coe_ui/scss/coe_ui.scss']
