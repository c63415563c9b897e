from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from horizon import forms
from horizon import messages

import coe_backend
from coe_backend import CredentialMode, KeyType, check_csr
from coe_ui import api
from coe_ui import errors
from coe_ui import plugin_settings
from coe_ui import select_field
from coe_ui.content.cluster_templates import wizard_steps as template_wizard
from coe_ui.content.clusters import downloads
from coe_ui.content.clusters import kubeconfig_offer
from coe_ui.content.clusters import left_behind


class ClusterForm(forms.SelfHandlingForm):
    """A form acting on one cluster; subclasses implement ``act`` and, when
    their fields depend on the cluster, ``offer_choices``.

    ``cluster`` is None when it could not be read as the form was submitted:
    the form then shows again what was typed, checks nothing and sends nothing.
    """
    failure = _("Unable to change the cluster")

    def __init__(self, request, *args, cluster=None, **kwargs):
        self.cluster = cluster
        super().__init__(request, *args, **kwargs)
        if cluster is not None:
            self.offer_choices(request)
        else:
            self.keep_typed_choices()

    def offer_choices(self, request):
        """Fill in the fields' choices and initial values from the cluster."""

    def keep_typed_choices(self):
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField) and self.data.get(name):
                field.choices = [(value, value) for value in self.data.getlist(name)]

    def full_clean(self):
        if self.cluster is not None:
            return super().full_clean()
        self._errors, self.cleaned_data = ErrorDict(), {}
        self.add_error(None, errors.NOTHING_SENT)
        return None

    def handle(self, request, data):
        if self.cluster is None:
            return False  # never reached (full_clean refuses), whatever a subclass cleans
        try:
            return self.act(api.client(request), data) or True
        except coe_backend.InvalidInput as error:
            errors.field_errors(self, error)
        except coe_backend.CoeError:
            errors.report(request, self.failure)
        return False

    def announce(self, started, message):
        """Say what began; Magnum answers before it starts, and if it has not
        shown the change after a few seconds the list cannot show it yet."""
        if started:
            messages.success(self.request, message)
        else:
            messages.warning(self.request, _("%s Magnum accepted the request but has not "
                                             "started it yet; refresh the list in a moment.")
                             % message)


class ResizeCluster(ClusterForm):
    nodegroup = select_field.ThemableChoiceField(label=_("Node group"))
    node_count = forms.IntegerField(label=_("Node count"), min_value=0,
                                    help_text=_("Masters only in odd numbers, and only where the "
                                                "cluster driver supports it."))
    failure = _("Unable to resize the cluster")

    def offer_choices(self, request):
        client, groups = api.client(request), []
        try:
            groups = client.list_node_groups(self.cluster.uuid)
        except coe_backend.CoeError:
            errors.report(request, _("Unable to list the node groups"))
        # What the cluster's driver cannot do is not offered, and said.
        driver = client.driver_family(self.cluster)
        masters = coe_backend.cannot(driver, coe_backend.Capability.RESIZE_MASTERS)
        if masters:
            groups = [g for g in groups if not g.is_master]
            self.fields["nodegroup"].help_text = masters
        empty = coe_backend.cannot(driver, coe_backend.Capability.EMPTY_NODE_GROUPS)
        if empty:
            self.fields["node_count"].widget.attrs["min"] = 1
            self.fields["node_count"].help_text = empty
        self.fields["nodegroup"].choices = [
            (g.name, ngettext("%(name)s (%(role)s, %(count)s node)",
                              "%(name)s (%(role)s, %(count)s nodes)", g.node_count or 0) %
             {"name": g.name, "role": g.role, "count": g.node_count}) for g in groups]
        wanted = request.GET.get("nodegroup")
        chosen = next((g for g in groups if g.name == wanted), None) or next(
            (g for g in groups if g.is_default and g.role != "master"), None)
        if chosen is not None:
            self.fields["nodegroup"].initial = chosen.name
            self.fields["node_count"].initial = chosen.node_count

    def act(self, client, data):
        started = client.resize_cluster(self.cluster.uuid, data["node_count"],
                                        nodegroup=data["nodegroup"])
        self.announce(started, ngettext('Resizing node group "%(group)s" of cluster '
                                        '"%(cluster)s" to %(count)s node.',
                                        'Resizing node group "%(group)s" of cluster '
                                        '"%(cluster)s" to %(count)s nodes.', data["node_count"]) %
                      {"group": data["nodegroup"], "cluster": self.cluster.name,
                       "count": data["node_count"]})


def _difference_name(name):
    if name.startswith("labels."):
        return _("Label %s") % name.removeprefix("labels.")
    return template_wizard.FIELD_LABELS.get(name, name)


class UpgradeCluster(ClusterForm):
    cluster_template = select_field.ThemableChoiceField(label=_("New cluster template"))
    nodegroup = select_field.ThemableChoiceField(label=_("Node groups"), required=False)
    max_batch_size = forms.IntegerField(label=_("Nodes upgraded at a time"), min_value=1,
                                        initial=1)
    failure = _("Unable to upgrade the cluster")
    plan = None  # what the cluster may be upgraded to, once read

    def changes(self):
        """[(candidate, [(what, from, to)])]: the Kubernetes version first,
        then the template's other differences, in the template wizard's words."""
        current = self.plan.current_version
        return [(candidate, ([(_("Kubernetes"), current, candidate.version)]
                             if candidate.version != current else [])
                 + [(_difference_name(name), before, after)
                    for name, (before, after) in candidate.differences.items()])
                for candidate in self.plan.candidates]

    def offer_choices(self, request):
        try:
            self.plan = api.client(request).plan_upgrade(self.cluster.uuid)
        except coe_backend.CoeError:
            errors.report(request, _("Unable to work out the upgrade options"))
        candidates = self.plan.candidates if self.plan else []
        self.fields["cluster_template"].choices = [
            (c.template.uuid, _("%(name)s (Kubernetes %(version)s)") %
             {"name": c.template.name, "version": c.version}) for c in candidates]
        groups = []
        try:
            groups = api.client(request).list_node_groups(self.cluster.uuid)
        except coe_backend.CoeError:
            pass  # the default groups are upgraded all the same
        added = [g.name for g in groups if not g.is_default]
        self.fields["nodegroup"].choices = [("", _("The default node groups"))] + [
            (name, name) for name in added]
        self.fields["nodegroup"].initial = request.GET.get("nodegroup", "")
        if added:
            # Magnum moves an added group only to the cluster's own template
            # (after the default groups were upgraded to it).
            current = self.plan.current_template if self.plan else None
            self.fields["cluster_template"].choices.append((
                self.cluster.cluster_template_id,
                _("%s (the cluster's current template: for added node groups)")
                % (current.name if current else self.cluster.cluster_template_id)))
            if request.GET.get("nodegroup") in added:
                self.fields["cluster_template"].initial = self.cluster.cluster_template_id

    def act(self, client, data):
        started = client.upgrade_cluster(self.cluster.uuid, data["cluster_template"],
                                         nodegroup=data["nodegroup"] or None,
                                         max_batch_size=data["max_batch_size"])
        self.announce(started, _('Upgrading cluster "%s".') % self.cluster.name)


class RotateCA(ClusterForm):
    understood = forms.BooleanField(
        label=_("I understand that every kubeconfig and certificate issued for this cluster "
                "stops working"))
    failure = _("Unable to rotate the cluster's CA")

    def act(self, client, data):
        client.rotate_ca(self.cluster.uuid)
        messages.success(self.request, _('The CA of cluster "%s" was replaced; download a new '
                                         'kubeconfig.') % self.cluster.name)


class RotateCredentials(ClusterForm):
    failure = _("Unable to rotate the cluster's credentials")

    def act(self, client, data):
        client.rotate_credentials(self.cluster.uuid)
        messages.success(self.request, _('Rotating the credentials of cluster "%s".')
                         % self.cluster.name)


class DeleteCluster(ClusterForm):
    """Asks for the name, and shows what the cluster owns in the cloud: what
    goes with it and, apart, what Kubernetes made that will be left behind
    (coe_backend's cluster_resources). Their IDs are kept for the Clusters
    list to say, once the cluster is gone, which are still there."""
    confirm_name = forms.CharField(label=_("Type the cluster's name to confirm"), max_length=255)
    failure = _("Unable to delete the cluster")
    _radius = None

    @property
    def radius(self):
        """The cluster's resources, read once (on showing and on sending)."""
        if self._radius is None and self.cluster is not None:
            try:
                self._radius = api.client(self.request).cluster_resources(self.cluster)
            except coe_backend.CoeError as error:
                self._radius = coe_backend.BlastRadius(unchecked=(coe_backend.Unchecked(
                    kinds=tuple(coe_backend.ResourceKind), reason=error.message),))
        return self._radius

    def resource_rows(self, owned):
        return [(left_behind.KIND_WORDS[o.resource.kind], o.resource,
                 left_behind.horizon_page(o.resource)) for o in owned]

    def goes(self):
        return self.resource_rows(self.radius.goes) if self.radius else []

    def outlives(self):
        return self.resource_rows(self.radius.outlives) if self.radius else []

    def goes_summary(self):
        """"2 servers, 2 volumes (20 GiB), 1 load balancer...": what goes, counted."""
        counts, sizes = {}, {}
        for owned in self.radius.goes if self.radius else ():
            kind = owned.resource.kind
            counts[kind] = counts.get(kind, 0) + 1
            sizes[kind] = sizes.get(kind, 0) + (owned.resource.size_gb or 0)
        return ", ".join(left_behind.counted(kind, count)
                         + (" (%s)" % (_("%s GiB") % sizes[kind]) if sizes[kind] else "")
                         for kind, count in counts.items())

    def unchecked(self):
        return left_behind.unchecked_words(self.radius.unchecked) if self.radius else []

    def clean_confirm_name(self):
        typed = self.cleaned_data["confirm_name"]
        if typed != (self.cluster.name or self.cluster.uuid):
            raise forms.ValidationError(_("This is not the cluster's name."))
        return typed

    def act(self, client, data):
        radius = self.radius
        started = client.delete_cluster(self.cluster.uuid)
        if radius and radius.ids:
            left_behind.remember(self.request, self.cluster, radius)
        self.announce(started, _('Deleting cluster "%s".') % self.cluster.name)


class DownloadKubeconfig(ClusterForm):
    FORMATS = (("certificate", _("Kubeconfig with a client certificate")),
               ("bundle", _("Zip: kubeconfig, ca.pem, cert.pem and key.pem")),
               ("keystone", _("Kubeconfig with Keystone login (no stored secret)")),
               ("oidc", _("Kubeconfig with OpenID Connect login through kubelogin "
                          "(no stored secret)")))
    TOKEN_FORMATS = ("keystone", "oidc")  # no certificate: a CredentialMode each

    format = forms.ChoiceField(label=_("What to download"), widget=forms.RadioSelect)
    key_type = select_field.ThemableChoiceField(
        label=_("Key type"), choices=((KeyType.ECDSA.value, _("ECDSA P-256 (fast, recommended)")),
                                      (KeyType.RSA.value, _("RSA 2048 (older clusters and tools)"))),
        help_text=_("A new private key is made for this download only; it is never stored."))
    failure = _("Unable to create the kubeconfig")
    may_sign = None  # unknown until the cluster is read
    offers_keystone = offers_oidc = False
    key_in_browser = False  # browser_keys.js may make the certificate kubeconfig's key

    def offer_choices(self, request):
        options = plugin_settings.current()
        self.may_sign = kubeconfig_offer.may_sign(request, self.cluster)
        self.offers_keystone = kubeconfig_offer.offers_keystone(request, self.cluster)
        self.offers_oidc = kubeconfig_offer.offers_oidc(request, self.cluster)
        self.key_in_browser = kubeconfig_offer.key_in_browser(request, self.cluster)
        offered = {"keystone": self.offers_keystone, "oidc": self.offers_oidc}
        choices = [(value, label) for value, label in self.FORMATS
                   if offered.get(value, self.may_sign)]
        self.fields["format"].choices = choices
        self.fields["format"].initial = choices[0][0] if choices else None
        self.fields["key_type"].initial = options.kubeconfig_key_type

    def act(self, client, data):
        mode = (CredentialMode(data["format"]) if data["format"] in self.TOKEN_FORMATS
                else CredentialMode.CERTIFICATE)
        credentials = client.render_kubeconfig(self.cluster, mode=mode,
                                               key_type=data["key_type"])
        return downloads.kubeconfig(credentials, bundle=data["format"] == "bundle")


class SignCSR(ClusterForm):
    """For people who keep their own keys: Magnum signs their CSR."""
    csr = forms.CharField(
        label=_("Certificate signing request (PEM)"), required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("For example: openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
                    "-nodes -keyout key.pem -subj '/CN=you/O=system:masters'"))
    csr_file = forms.FileField(label=_("Or upload it"), required=False)
    failure = _("Unable to sign the certificate request")

    def clean(self):
        data = super().clean()
        upload = data.get("csr_file")
        text = upload.read(65536).decode("ascii", "replace") if upload else data.get("csr")
        try:
            check_csr(text)
        except coe_backend.InvalidInput as error:
            self.add_error("csr", error.errors["csr"])
        data["csr"] = text
        return data

    def act(self, client, data):
        signed = client.sign_certificate(self.cluster.uuid, data["csr"])
        return downloads.attachment(signed.pem, f"{self.cluster.name or self.cluster.uuid}-cert.pem",
                          "application/x-pem-file")
