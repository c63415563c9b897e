"""Horizon's themable select, with each option's label escaped once.

ThemableSelectWidget escapes a label before its template does, counting on
the first escape returning a SafeString; Horizon's settings replace Django's
escape() (horizon/utils/escape.py, for AngularJS) with one that returns a
plain str, so the template escapes it again and "template's" shows as
"template&#x27;s". The template's own escaping is enough.
"""
from django.utils.encoding import force_str
from django.utils.functional import Promise
from horizon import forms


class ThemableSelectWidget(forms.ThemableSelectWidget):
    def transform_option_label(self, option_label):
        if not isinstance(option_label, (str, Promise)) and callable(self.transform):
            option_label = self.transform(option_label)
        return force_str(option_label)


class ThemableChoiceField(forms.ThemableChoiceField):
    widget = ThemableSelectWidget
