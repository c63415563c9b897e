from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _

CONF_DIR = Path(__file__).resolve().parent / "conf"


class CoeUiConfig(AppConfig):
    name = "coe_ui"
    verbose_name = _("coe-ui: container clusters on Magnum")

    def ready(self):
        # coe_backend's messages are rendered in the language of the request
        # that shows them (Django's active language), wherever they were made.
        from django.utils import translation

        from coe_backend import i18n
        i18n.set_translator(translation.gettext, translation.ngettext)

        from coe_ui.policy import SERVICE  # needs the auth models: not before ready()

        # Check actions against Magnum's defaults unless the operator points
        # POLICY_FILES["container-infra"] at their own copy.
        for setting, path in (("POLICY_FILES", CONF_DIR / f"{SERVICE}_policy.yaml"),
                              ("DEFAULT_POLICY_FILES", CONF_DIR / "default_policies" / f"{SERVICE}.yaml")):
            files = dict(getattr(settings, setting, {}) or {})
            files.setdefault(SERVICE, str(path))
            setattr(settings, setting, files)
