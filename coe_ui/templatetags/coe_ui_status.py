"""``{% status_word cluster.status %}``: the status in the tables' words,
Magnum's own on hover; failures stand out (coe_ui.scss)."""
from django import template
from django.utils.html import format_html

from coe_ui import status_words

register = template.Library()


@register.simple_tag
def status_word(status, empty="-"):
    word, failed = status_words.word_for(status)
    if word is None:
        return empty
    return format_html('<span class="coe-status{}" title="{}">{}</span>',
                       " coe-status-failed" if failed else "", status, word)
