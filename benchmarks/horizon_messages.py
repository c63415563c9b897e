"""What a Horizon page tells its reader, read from its HTML: the messages
Horizon shows (info, success, warning, error) and form errors."""
import html
import re

# Horizon's messages (horizon/_messages.html); not the hidden template its
# JavaScript fills in ("alert-{{type}}") nor the "JavaScript is disabled" banner.
HORIZON_MESSAGE = re.compile(r'<div class="alert alert-(\w+) alert-dismissable fade in">'
                             r'(.*?)</div>', re.S)
FORM_ERROR = re.compile(r'<div class="alert alert-danger">(.*?)</div>'       # the whole form
                        r'|<span class="help-block ?">(.*?)</span>', re.S)  # one field
LEVELS = {"danger": "error"}


def messages(page):
    """[(level, text)] of what ``page`` tells its reader: Horizon's messages
    (info, success, warning, error) and form errors (level "form error")."""
    shown = [(LEVELS.get(level, level), _text(body))
             for level, body in HORIZON_MESSAGE.findall(page)]
    return shown + [("form error", _text(whole or field))
                    for whole, field in FORM_ERROR.findall(page)]


def _text(fragment):
    """Readable text of an HTML fragment, without links ("x", "Details") and
    Horizon's bold "Error: " label."""
    fragment = re.sub(r"<a\b.*?</a>|<strong>.*?</strong>", "", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def complaints(page):
    """What the page says went wrong (errors, warnings, form errors)."""
    return [f"{level}: {text}" for level, text in messages(page)
            if level not in ("info", "success")]
