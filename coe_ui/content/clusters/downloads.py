"""The files a person downloads: credentials and certificates. Each is an
attachment that no browser or proxy keeps (Cache-Control: no-store)."""
from django.http import HttpResponse
from django.http import JsonResponse

from coe_ui import api


def attachment(content, filename, content_type):
    """A credential file: downloaded, never cached, never stored on the server."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


def private_json(data, status=200):
    """A JSON answer that may carry credentials: never cached either."""
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


def kubeconfig(credentials, bundle):
    """A kubeconfig, or the zip of its files."""
    if bundle:
        return attachment(credentials.bundle(), credentials.bundle_filename, "application/zip")
    return attachment(credentials.config, credentials.filename, "application/yaml")


def ca_certificate(request, cluster):
    """The cluster's CA as a file (GET: it changes nothing)."""
    pem = api.client(request).get_ca_certificate(cluster.uuid).pem
    return attachment(pem, f"{cluster.name or cluster.uuid}-ca.pem", "application/x-pem-file")
