"""Magnum's own WSGI app (``magnum.wsgi.api``) for gunicorn, in the production profile.

That module parses sys.argv with oslo.config when imported, which under
gunicorn holds gunicorn's flags; give it Magnum's options instead.
"""
import json
import os
import sys

sys.argv = sys.argv[:1] + json.loads(os.environ["DEVCLOUD_MAGNUM_ARGS"])

from magnum.wsgi.api import application  # noqa: E402,F401
