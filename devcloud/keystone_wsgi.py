"""Keystone's WSGI app for gunicorn.

oslo.config parses sys.argv inside Keystone, which under gunicorn holds
gunicorn's own flags; hide them before Keystone loads.
"""
import sys

sys.argv = sys.argv[:1]

from keystone.wsgi.api import application  # noqa: E402,F401
