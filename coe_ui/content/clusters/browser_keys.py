"""The certificate kubeconfig as the download dialog gets it (browser_keys.js):
a JSON answer, so that the dialog can put the file together, offer it and
then say what it is.

Where the browser has WebCrypto it posts only a CSR for a key it made and
keeps; coe_backend checks the CSR, Magnum signs it, and the answer is the
kubeconfig coe_backend rendered with the place for the key marked
(``key_placeholder``): no private key passes through here. Without WebCrypto
the browser posts no CSR and the server makes the key, as the plain form
does. POST only, with Django's CSRF token; refusals are sentences a person
can act on, with the HTTP status of their kind.
"""
import datetime

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from django.views import generic

import coe_backend
from coe_backend import CredentialMode, KeyType
from coe_ui import api
from coe_ui import plugin_settings
from coe_ui.content.clusters import downloads
from coe_ui.content.clusters import kubeconfig_offer

# Status of each refusal, so that the dialog and any client can tell them apart.
STATUS = ((coe_backend.InvalidInput, 400), (coe_backend.Forbidden, 403),
          (coe_backend.NotFound, 404), (coe_backend.Conflict, 409),
          (coe_backend.Unsupported, 409), (coe_backend.ServiceUnavailable, 503))
UNREADABLE = _("Unable to read the cluster")
FAILED = _("Unable to create the kubeconfig")
SOON = datetime.timedelta(days=30)  # "download a new one before then"
REFUSED_CSR = _("the certificate request this browser made was refused; reload the page "
                "and try again, or choose the other key type")


def refusal(message, status):
    return downloads.private_json({"error": str(message)}, status=status)


def status_of(error):
    return next((status for kind, status in STATUS if isinstance(error, kind)), 502)


def sentence(what, error):
    """``what`` failed, and why: the error's own sentence; for a refused CSR,
    which the person did not write, that it was this browser's, and why."""
    if isinstance(error, coe_backend.InvalidInput) and error.errors:
        why = " ".join(str(text) for text in error.errors.values())
        return f"{what}: {REFUSED_CSR} ({why})"
    return f"{what}: {error}"


class KubeconfigForKey(generic.View):
    http_method_names = ["post"]

    def post(self, request, cluster_id):
        csr = request.POST.get("csr")
        client = api.client(request)
        try:
            if csr is not None:
                coe_backend.check_csr(csr)  # before Magnum hears of it
            cluster = client.get_cluster(cluster_id)
        except coe_backend.CoeError as error:
            what = FAILED if isinstance(error, coe_backend.InvalidInput) else UNREADABLE
            return refusal(sentence(what, error), status_of(error))
        if not kubeconfig_offer.may_sign(request, cluster):
            return refusal(kubeconfig_offer.NOT_THE_CREATOR, 403)
        key_type = request.POST.get("key_type") or plugin_settings.current().kubeconfig_key_type
        if key_type not in {kind.value for kind in KeyType}:
            key_type = KeyType.ECDSA  # an unknown type: the default (a CSR says its own)
        try:
            credentials = client.render_kubeconfig(
                cluster, mode=CredentialMode.CERTIFICATE, csr=csr, key_type=key_type)
        except coe_backend.CoeError as error:
            return refusal(sentence(FAILED, error), status_of(error))
        return downloads.private_json({
            "filename": credentials.filename,
            "config": credentials.config,
            "key_placeholder": credentials.key_placeholder,
            "about": about(request, credentials, in_browser=csr is not None),
        })


def about(request, credentials, in_browser):
    """What the file is, for the dialog to show once it is downloaded."""
    issued = credentials.certificate
    context = {"filename": credentials.filename, "issued": issued, "in_browser": in_browser}
    if issued is not None:
        left = issued.not_after - datetime.datetime.now(datetime.timezone.utc)
        context.update(admin=issued.grants_cluster_admin, expires_soon=left < SOON)
    return render_to_string("project/clusters/_kubeconfig_issued.html", context, request)
