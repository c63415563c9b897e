"""Horizon's WSGI app for gunicorn (the production profile), serving the
static files devcloud collected and compressed, as a production Horizon's
web server would."""
from django.conf import settings
from whitenoise import WhiteNoise

from openstack_dashboard.wsgi import application as horizon_application

application = WhiteNoise(horizon_application, root=settings.STATIC_ROOT,
                         prefix=settings.STATIC_URL, max_age=3600)
