"""Magnum and Keystone as the unit tests fake them: the fixed identifiers
and endpoints, and builders of the JSON the services answer with
(``from tests.unit import fake``; ``fake.cluster(...)``, ``fake.json(...)``)."""

from __future__ import annotations

import json as _json
from typing import Any

KEYSTONE = "http://keystone.test/v3"
MAGNUM = "http://magnum.test:9511/v1"
MAGNUM_INTERNAL = "http://magnum.internal:9511/v1"
MAGNUM_OTHER_REGION = "http://magnum.other:9511/v1"
PROJECT_ID = "p-1234"
TEMPLATE_UUID = "11111111-1111-1111-1111-111111111111"
CLUSTER_UUID = "22222222-2222-2222-2222-222222222222"
WORKER_UUID = "33333333-3333-3333-3333-333333333333"
MASTER_UUID = "44444444-4444-4444-4444-444444444444"


def token_body(*, with_magnum: bool = True) -> dict[str, Any]:
    """A Keystone v3 project-scoped token with its service catalog."""
    endpoints = [
        {"id": "e1", "interface": "public", "region": "RegionOne",
         "region_id": "RegionOne", "url": MAGNUM},
        {"id": "e2", "interface": "internal", "region": "RegionOne",
         "region_id": "RegionOne", "url": MAGNUM_INTERNAL},
        {"id": "e3", "interface": "public", "region": "Other",
         "region_id": "Other", "url": MAGNUM_OTHER_REGION}]
    catalog = [{"id": "s1", "type": "container-infra", "name": "magnum",
                "endpoints": endpoints}] if with_magnum else []
    return {"token": {
        "methods": ["token"], "expires_at": "2999-01-01T00:00:00.000000Z",
        "issued_at": "2024-01-01T00:00:00.000000Z",
        "user": {"id": "u-1", "name": "demo",
                 "domain": {"id": "default", "name": "Default"}},
        "project": {"id": PROJECT_ID, "name": "demo",
                    "domain": {"id": "default", "name": "Default"}},
        "roles": [{"id": "r1", "name": "member"}],
        "catalog": catalog}}


def version_headers(maximum: str = "1.14",
                    service: str = "container-infra") -> dict[str, str]:
    return {"OpenStack-API-Minimum-Version": f"{service} 1.1",
            "OpenStack-API-Maximum-Version": f"{service} {maximum}"}


def json(body: Any, status: int = 200) -> dict[str, Any]:
    """requests-mock answer with a JSON body, typed as Magnum types it
    (python-magnumclient ignores a body without a Content-Type)."""
    return {"json": body, "status_code": status,
            "headers": {"Content-Type": "application/json"}}


def error(status: int, detail: str, **extra: Any) -> dict[str, Any]:
    """requests-mock answer shaped like Magnum's ParsableErrorMiddleware."""
    title = detail.split(".", 1)[0]
    error = {"request_id": "", "code": "client", "status": status,
             "title": title, "detail": detail, "links": [], **extra}
    return {"status_code": status, "text": _json.dumps({"errors": [error]}),
            "headers": {"Content-Type": "application/json",
                        "X-OpenStack-Request-Id": "req-abc"}}


def cluster(**fields: Any) -> dict[str, Any]:
    data = {"uuid": CLUSTER_UUID, "name": "k8s", "status": "CREATE_COMPLETE",
            "cluster_template_id": TEMPLATE_UUID, "node_count": 1,
            "master_count": 1, "api_address": "https://10.0.0.5:6443",
            "labels": {}, "flavor_id": "m1.small",
            "master_flavor_id": "m1.small"}
    data.update(fields)
    return data


def template(**fields: Any) -> dict[str, Any]:
    data = {"uuid": TEMPLATE_UUID, "name": "k8s-template", "coe": "kubernetes",
            "image_id": "ubuntu-k8s", "flavor_id": "m1.small",
            "master_flavor_id": "m1.small", "labels": {"kube_tag": "v1.28.3"},
            "master_lb_enabled": False, "floating_ip_enabled": True,
            "network_driver": "calico", "public": False, "hidden": False,
            "tls_disabled": False, "server_type": "vm"}
    data.update(fields)
    return data


def node_group(**fields: Any) -> dict[str, Any]:
    data = {"uuid": WORKER_UUID, "name": "default-worker",
            "cluster_id": CLUSTER_UUID, "role": "worker", "is_default": True,
            "node_count": 1, "min_node_count": 0, "max_node_count": None,
            "status": "CREATE_COMPLETE", "labels": {}}
    data.update(fields)
    return data
