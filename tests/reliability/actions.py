"""Every action of the plugin that changes something or hands out a
credential: where a member finds it, how the page shows it, and the request
a member's successful use of it sends."""
import contextlib
import dataclasses

from tests.reliability import valid_input
from tests.reliability.inputs import VALID_CSR
from tests.reliability.outcomes import one_page_for_all, request

CLUSTERS = "/project/clusters/"
TEMPLATES = "/project/cluster_templates/"
QUOTAS = "/admin/cluster_quotas/"
ADMIN_CLUSTERS = "/admin/clusters/"
# Tables that may run to several pages (other tests fill them too), where a
# batch action must find its row.
PAGED = (CLUSTERS, TEMPLATES, QUOTAS, ADMIN_CLUSTERS)


@dataclasses.dataclass(frozen=True)
class Action:
    name: str
    page: str  # where a member finds it
    marker: str | tuple  # what of it that page holds for a member (all of a tuple)
    path: str  # where it posts
    data: dict  # what a member's successful post carries
    admin: bool = False  # an admin's action, not a project member's
    own_project: bool = False  # creates in the user's own project: anyone's right

    @property
    def owner(self):
        return "admin" if self.admin else "demo"

    def shown_in(self, page):
        markers = self.marker if isinstance(self.marker, tuple) else (self.marker,)
        return all(marker in page for marker in markers)


def actions(target, upgrade_to, projects, name):
    """On demo's ``target`` (template, cluster, its added group), upgrading to
    ``upgrade_to``; the quotas of ``projects`` (one without a quota, one
    with); whatever is created is called ``name``."""
    template, cluster, group = target
    bare, limited = (project.id for project in projects)
    one = f"{CLUSTERS}{cluster.uuid}/"
    groups_tab = f"{one}?tab=cluster_details__node_groups"
    tpl = f"{TEMPLATES}{template.uuid}/"
    return [
        Action("template create", TEMPLATES, f'href="{TEMPLATES}create/"', f"{TEMPLATES}create/",
               valid_input.template_wizard(name), own_project=True),
        Action("template edit", tpl, f"{tpl}update/", f"{tpl}update/",
               valid_input.template_wizard(name, labels="kube_tag=v1.30.6")),
        Action("template clone", tpl, f"{tpl}clone/", f"{tpl}clone/", {"name": name},
               own_project=True),
        Action("template delete", tpl, f"cluster_templates__delete__{template.uuid}", TEMPLATES,
               {"action": f"cluster_templates__delete__{template.uuid}"}),
        Action("cluster create", CLUSTERS, f'href="{CLUSTERS}create/"', f"{CLUSTERS}create/",
               valid_input.cluster_wizard(name, template.uuid), own_project=True),
        Action("cluster create from the template", tpl, f"{CLUSTERS}create/?template=",
               f"{CLUSTERS}create/", valid_input.cluster_wizard(name, template.uuid),
               own_project=True),
        Action("cluster resize", one, f"{one}resize/", f"{one}resize/", valid_input.resize()),
        Action("cluster upgrade", one, f"{one}upgrade/", f"{one}upgrade/",
               valid_input.upgrade(upgrade_to.uuid)),
        Action("rotate CA", one, f"{one}rotate-ca/", f"{one}rotate-ca/", {"understood": "on"}),
        Action("rotate credentials", one, f"{one}rotate-credentials/",
               f"{one}rotate-credentials/", {}),
        Action("cluster delete", one, f"{one}delete/", f"{one}delete/",
               {"confirm_name": cluster.name}),
        Action("cluster batch delete", CLUSTERS,
               ('id="clusters__action_delete"', f'value="{cluster.uuid}"'), CLUSTERS,
               {"action": "clusters__delete", "object_ids": [cluster.uuid]}),
        Action("kubeconfig", one, f"{one}kubeconfig/", f"{one}kubeconfig/",
               {"format": "certificate", "key_type": "ecdsa"}),
        Action("sign CSR", one, f"{one}sign/", f"{one}sign/", {"csr": VALID_CSR}),
        Action("node group create", groups_tab, f"{one}node-groups/create/",
               f"{one}node-groups/create/", valid_input.node_group_wizard(name)),
        Action("node group edit", groups_tab, f"{one}node-groups/{group.uuid}/update/",
               f"{one}node-groups/{group.uuid}/update/", valid_input.node_group_edit()),
        Action("node group resize", groups_tab, f"{one}resize/?nodegroup=", f"{one}resize/",
               valid_input.resize(nodegroup=group.name)),
        Action("node group upgrade", groups_tab, f"{one}upgrade/?nodegroup=", f"{one}upgrade/",
               # an added group follows its cluster's template
               valid_input.upgrade(cluster.cluster_template_id, nodegroup=group.name)),
        Action("node group delete", groups_tab, f"node_groups__delete__{group.uuid}",
               f"{one}node-groups/", {"action": f"node_groups__delete__{group.uuid}"}),
        Action("quota set", QUOTAS, f'href="{QUOTAS}create/"', f"{QUOTAS}create/",
               {"project_id": bare, "hard_limit": 0}, admin=True),
        Action("quota edit", QUOTAS, f"{QUOTAS}{limited}/update/", f"{QUOTAS}{limited}/update/",
               {"hard_limit": 0}, admin=True),
        Action("quota delete", QUOTAS, f"quotas__delete__{limited}", QUOTAS,
               {"action": f"quotas__delete__{limited}"}, admin=True),
        Action("admin cluster delete", ADMIN_CLUSTERS, "clusters__action_delete",
               ADMIN_CLUSTERS, {"action": "clusters__delete", "object_ids": [cluster.uuid]},
               admin=True),
    ]


def every_row(client, path):
    """Within it, a table at ``path`` shows all its rows on one page, as the
    action's row must be there (else a no-op context)."""
    return one_page_for_all(client) if path in PAGED else contextlib.nullcontext()


def perform(client, action, **extra):
    """POST the action's data as its page would."""
    with every_row(client, action.path):
        return request(client, "POST", action.path, action.data, **extra)
