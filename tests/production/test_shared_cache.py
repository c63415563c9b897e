"""coe-ui's cache is Horizon's, and in this profile that is memcached, shared by
every worker: what coe-ui keeps there must be valid on it."""
import pytest

import coe_backend

pytestmark = pytest.mark.devcloud


def test_a_region_called_region_one_works_with_memcached(login):
    """memcached refuses keys with spaces (Django raises InvalidCacheKey); clouds
    do call their region "Region One"."""
    from django.test import RequestFactory

    from coe_ui import api

    from django.core.cache import caches
    assert type(caches["default"]).__name__ == "PyMemcacheCache"
    request = RequestFactory().get("/project/clusters/")
    request.user = login("demo").get("/project/clusters/").wsgi_request.user
    request.user.services_region = "Region One"
    client = api.client(request)  # looks up, then remembers, Magnum's version for the region
    with pytest.raises(coe_backend.Unsupported, match="no Magnum endpoint for your region"):
        client.list_clusters()
