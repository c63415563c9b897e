"""The one place where python-magnumclient, keystoneauth and openstacksdk
exceptions become coe_backend errors.

What the SessionClient path raises (magnumclient/common/httpclient.py): for
any 4xx/5xx answer a ``magnumclient.exceptions.HttpError`` subclass carrying
the ``response``; keystoneauth's own ``ConnectFailure``, ``ConnectTimeout``,
``SSLError``, ``EndpointNotFound`` and, when the token cannot be (re)scoped,
its ``Unauthorized``/``AuthorizationFailure``. openstacksdk raises its own
``HttpException`` family. Magnum's error body is
``{"errors": [{"title", "detail", ...}]}`` (magnum/api/middleware/
parsable_error.py); the 406 microversion answer adds min/max_version.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from keystoneauth1 import exceptions as ks_exceptions
from magnumclient import exceptions as magnum_exceptions
from openstack import exceptions as sdk_exceptions

from coe_backend.errors import (
    NON_FIELD, CoeError, Conflict, Forbidden, InvalidInput, NotFound,
    QuotaExceeded, ServiceUnavailable, Unsupported)
from coe_backend.i18n import _
from coe_backend.rules import engines

MAGNUM = "Magnum"

_POLICY = re.compile(
    r"Policy doesn't allow (?P<rule>[\w:.-]+) to be performed")
_PUBLISH = re.compile(r"Not authorized to set public or hidden flag")
# Magnum 23 fails every listing that meets a row of a dropped engine
# (oslo.versionedobjects refuses the value).
_LEGACY_ROW = re.compile(r"Field value (?P<coe>[\w-]+) is invalid")
_QUOTA = re.compile(r"Resource limit exceeded|maximum clusters per project|"
                    r"Quota exceeded|OverQuota", re.IGNORECASE)

# Magnum names the offending field only in prose; these fragments point to it.
_FIELD_HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), field) for pattern, field in (
        (r"Image .* could not be found|os_distro|Not authorized for image",
         "image_id"),
        (r"flavor", "flavor_id"),
        (r"external network", "external_network_id"),
        (r"fixed network", "fixed_network"),
        (r"fixed subnet", "fixed_subnet"),
        (r"keypair", "keypair"),
        (r"invalid csr", "csr"),
        (r"ClusterTemplate .* could not be found", "cluster_template_id"),
        (r"dns address", "dns_nameserver"),
        (r"Network driver type", "network_driver"),
        (r"Volume driver type", "volume_driver"),
        (r"docker volume size", "docker_volume_size"),
        (r"master_count must be|master nodegroup size", "master_count"),
        # MasterNGResizeNotSupported, from a driver coe-ui does not know
        (r"Resizing the master nodegroup", "node_count"),
        (r"outside the allowed range", "node_count"),
    ))
# WSME type errors, and NodeGroupInvalidInput (a 409) name the field exactly.
_NAMED_FIELD = (
    re.compile(r"Invalid input for field/attribute (?P<field>\w+)"),
    re.compile(r"^(?P<field>\w+) for \S+ is invalid \("),
)
_WRONG_STATE = re.compile(
    r"when (?:cluster |nodegroup )?status is|operation in progress|"
    r"is referenced by|Deleting a default nodegroup|"
    r"API address is not available", re.IGNORECASE)
_NOT_SUPPORTED = re.compile(r"not supported|microversion", re.IGNORECASE)


@contextmanager
def translated_errors(service: str = MAGNUM, method: str = "GET") -> Iterator[None]:
    """Re-raise client-library exceptions as coe_backend errors (``method``:
    the HTTP method of the request inside, when it may change something)."""
    try:
        yield
    except CoeError:
        raise
    except magnum_exceptions.ClientException as exc:
        raise _from_magnumclient(exc, service) from exc
    except sdk_exceptions.SDKException as exc:
        raise _from_sdk(exc, service) from exc
    except ks_exceptions.ClientException as exc:
        raise _from_keystoneauth(exc, service, method) from exc


def _plain_text(text: str) -> str:
    """An error page's words: a web server's HTML page (a proxy's 502, a WSGI
    server's 500) says what it says in its title, or else in its body."""
    title = re.search(r"<title[^>]*>(.*?)</title>", text, re.IGNORECASE | re.DOTALL)
    if title:
        text = title.group(1)
    return " ".join(re.sub(r"<[^>]*>", " ", text).split())


def error_from_response(response: Any, service: str = MAGNUM) -> CoeError:
    """The error for a failed requests/keystoneauth response."""
    body = _json_or_none(response.content)
    detail, extra = _magnum_error(body)
    if not detail:
        detail = _plain_text(response.text or "")[:500]
    request = getattr(response, "request", None)
    return error_for_status(
        response.status_code, detail, service=service, extra=extra,
        method=getattr(request, "method", None),
        request_id=response.headers.get("x-openstack-request-id"))


def error_for_status(status: int, detail: str, *, service: str = MAGNUM,
                     extra: dict[str, Any] | None = None,
                     method: str | None = None,
                     request_id: str | None = None) -> CoeError:
    """Choose the error class and an actionable message for an HTTP error."""
    detail = detail.strip()
    info = {"status_code": status, "request_id": request_id}
    if status in (400, 409):
        return _classify_refusal(status, detail, service, info)
    # A 404 answering a create names something the body referred to (a
    # template, a keypair): that is a wrong input, not a missing target.
    if status == 404 and method == "POST" and _field_of(detail):
        return InvalidInput({_field_of(detail): detail}, **info)
    if status == 401:
        return Forbidden(_(
            "{service} did not accept your credentials; your login may have "
            "expired. Log in again and retry.", service=service), **info)
    if status == 403:
        return _classify_forbidden(detail, service, info)
    if status == 404:
        return NotFound(detail or _("{service} could not find it; it may have "
                                    "been deleted. Refresh and try again.",
                                    service=service), **info)
    if status == 406:
        return _unsupported_version(detail, extra or {}, info)
    if status in (413, 429):
        return ServiceUnavailable(_(
            "{service} is limiting the request rate. Wait a moment and try "
            "again.", service=service), **info)
    legacy = _LEGACY_ROW.search(detail) if status >= 500 else None
    if legacy and legacy["coe"] in engines.LEGACY:
        name = engines.display_name(legacy["coe"])
        return ServiceUnavailable(_(
            "{service} holds a cluster template of {engine}, an engine it no longer "
            "supports, and cannot read this project's templates and clusters while it "
            "is there. Ask your cloud administrator to remove the {engine} templates and "
            "clusters from {service}'s database.", service=service, engine=name), **info)
    if status >= 500:
        # Translators: {detail} is ": <the service's own words>." or "."
        return ServiceUnavailable(_(
            "{service} failed to handle the request (HTTP {status}){detail} Try "
            "again later; if it persists, contact your cloud administrator.",
            service=service, status=status, detail=_quoted(detail)), **info)
    # Translators: {detail} is ": <the service's own words>." or "."
    return CoeError(_("{service} refused the request (HTTP {status}){detail}",
                      service=service, status=status, detail=_quoted(detail)),
                    **info)


def _classify_refusal(status: int, detail: str, service: str,
                      info: dict[str, Any]) -> CoeError:
    field = _field_of(detail)
    if field:
        return InvalidInput({field: detail}, **info)
    if _WRONG_STATE.search(detail):
        return Conflict(detail, **info)
    if status == 409:
        return Conflict(detail or _("{service} reported a conflict; a resource "
                                    "with that name may already exist.",
                                    service=service), **info)
    if _NOT_SUPPORTED.search(detail):
        return Unsupported(detail, **info)
    return InvalidInput(
        {NON_FIELD: detail or _("{service} rejected the request as invalid.",
                                service=service)},
        **info)


def _classify_forbidden(detail: str, service: str,
                        info: dict[str, Any]) -> CoeError:
    policy = _POLICY.search(detail)
    if policy:
        rule = policy.group("rule")
        return Forbidden(_(
            "You are not allowed to do this: the cloud's policy rule "
            "\"{rule}\" denies it. Ask your project or cloud administrator "
            "for the needed role.", rule=rule), rule=rule, **info)
    if _PUBLISH.search(detail):
        return Forbidden(_("Only cloud administrators may make a cluster "
                           "template public or hidden."),
                         rule="clustertemplate:publish", **info)
    if _QUOTA.search(detail):
        return QuotaExceeded(detail, **info)
    field = _field_of(detail)
    if field:
        return InvalidInput({field: detail}, **info)
    # Translators: {detail} is ": <the service's own words>." or "."
    return Forbidden(_(
        "{service} does not allow you to do this{detail} Ask your "
        "project or cloud administrator if you need it.", service=service,
        detail=_quoted(detail)), **info)


def _unsupported_version(detail: str, extra: dict[str, Any],
                         info: dict[str, Any]) -> Unsupported:
    low, high = extra.get("min_version"), extra.get("max_version")
    if high:
        return Unsupported(_(
            "This cloud's Magnum supports API versions {low} to {high} only, and "
            "this operation needs another version. Ask your cloud administrator "
            "to upgrade Magnum.", low=low or "1.1", high=high), **info)
    return Unsupported(detail or _("Magnum does not support this operation at "
                                   "the negotiated API version."), **info)


def _quoted(detail: str) -> str:
    """": <detail>." to end a sentence with, or just "."."""
    if not detail:
        return "."
    return f": {detail}" + ("" if detail.endswith((".", "!", "?")) else ".")


def _field_of(detail: str) -> str | None:
    for pattern in _NAMED_FIELD:
        match = pattern.search(detail)
        if match:
            return match.group("field")
    for pattern, field in _FIELD_HINTS:
        if pattern.search(detail):
            return field
    return None


def _json_or_none(content: bytes | str | None) -> Any:
    try:
        return json.loads(content) if content else None
    except ValueError:
        return None


def _magnum_error(body: Any) -> tuple[str, dict[str, Any]]:
    """Detail text and the first error object of a Magnum error body."""
    if not isinstance(body, dict):
        return "", {}
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        return str(first.get("detail") or first.get("description")
                   or first.get("title") or ""), first
    # Other services: {"itemNotFound": {"message": ...}}, {"NeutronError": ..}
    for value in body.values():
        if isinstance(value, dict) and value.get("message"):
            return str(value["message"]), value
    return "", {}


def _from_magnumclient(exc: magnum_exceptions.ClientException,
                       service: str) -> CoeError:
    response = getattr(exc, "response", None)
    if response is not None and hasattr(response, "status_code"):
        return error_from_response(response, service)
    status = getattr(exc, "http_status", None)
    if status:
        return error_for_status(status, str(getattr(exc, "details", "") or ""),
                                service=service)
    if isinstance(exc, magnum_exceptions.InvalidAttribute):
        return InvalidInput(str(exc))
    return CoeError(_("{service} client error: {error}", service=service,
                      error=exc))


def _from_sdk(exc: sdk_exceptions.SDKException, service: str) -> CoeError:
    if isinstance(exc, sdk_exceptions.HttpException) and exc.status_code:
        response = exc.response
        if response is not None and getattr(response, "content", None):
            return error_from_response(response, service)
        return error_for_status(exc.status_code, str(exc.details or ""),
                                service=service)
    if isinstance(exc, (sdk_exceptions.ServiceDisabledException,
                        sdk_exceptions.ServiceDiscoveryException,
                        sdk_exceptions.NotSupported)):
        return Unsupported(_("{service} is not available in this cloud or "
                             "region ({error}).", service=service, error=exc))
    return CoeError(_("{service} look-up failed: {error}", service=service,
                      error=exc))


def _from_keystoneauth(exc: ks_exceptions.ClientException,
                       service: str, method: str = "GET") -> CoeError:
    if isinstance(exc, ks_exceptions.EndpointNotFound):
        return Unsupported(_(
            "This cloud's service catalog has no {service} endpoint for "
            "your region and interface. Ask your cloud administrator whether "
            "the service is offered.", service=service))
    if isinstance(exc, ks_exceptions.ConnectTimeout):
        if method.upper() in ("GET", "HEAD"):
            return ServiceUnavailable(_(
                "{service} did not answer in time. Try again later.",
                service=service))
        # The request may have arrived and be carried out later (a
        # magnum-api waiting for its message queue, for one).
        return ServiceUnavailable(_(
            "{service} did not answer in time, so it is not known whether "
            "it will carry out this request. Look at the cluster before "
            "you try again.", service=service))
    if isinstance(exc, ks_exceptions.SSLError):
        return ServiceUnavailable(_(
            "The TLS certificate of {service} could not be verified ({error}). "
            "Ask your cloud administrator to check the CA configuration.",
            service=service, error=exc))
    if isinstance(exc, ks_exceptions.ConnectionError):
        return ServiceUnavailable(_(
            "Could not reach {service} ({error}). Check that the cloud is "
            "reachable and try again later.", service=service, error=exc))
    if isinstance(exc, ks_exceptions.HttpError):
        response = getattr(exc, "response", None)
        if response is not None:
            return error_from_response(response, service)
        return error_for_status(exc.http_status or 500, exc.details or "",
                                service=service)
    if isinstance(exc, (ks_exceptions.AuthorizationFailure,
                        ks_exceptions.MissingAuthPlugin)):
        return Forbidden(_("Could not authenticate with the cloud; your login "
                           "may have expired. Log in again and retry."))
    return CoeError(_("Request to {service} failed: {error}", service=service,
                      error=exc))
