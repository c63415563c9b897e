"""Magnum's own input rules, applied before any call so users get every
problem at once, on the field it belongs to.

Each validate_* function returns the request body to send (only the fields
that are set) or raises InvalidInput with ``errors`` per field. Sources:
magnum/api/controllers/v1/{cluster_template,cluster,nodegroup}.py,
magnum/api/validation.py, magnum/api/attr_validator.py and the SQL rule for
templates in use (db/sqlalchemy/api.py _do_update_cluster_template).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from coe_backend.errors import InvalidInput
from coe_backend.i18n import Message, _, message_of
from coe_backend.models import Cluster, ClusterTemplate, Flavor, NodeGroup
from coe_backend.rules.api_versions import Features
from coe_backend.rules.driver_labels import BUILT_IN
from coe_backend.rules.drivers import Capability, DriverFamily, cannot
from coe_backend.rules.fields import (
    Boolean, Choice, DnsServers, Integer, Labels, NodeLabels, NodeTaints, Rule,
    Tags, Text, clean_fields, not_a_field, title)
from coe_backend.rules.flavor_replacement import REPLACES_LABEL
from coe_backend.rules.labels import effective_labels, label_int

CLUSTER_NAME_PATTERN = r"[a-zA-Z][a-zA-Z0-9_.-]*"

TEMPLATE_RULES: dict[str, Rule] = {
    "name": Text(),
    "coe": Choice(("kubernetes",), _("Magnum dropped the other engines.")),
    "image_id": Text(),
    "flavor_id": Text(),
    "master_flavor_id": Text(),
    "keypair_id": Text(),
    "external_network_id": Text(),
    "fixed_network": Text(),
    "fixed_subnet": Text(),
    "network_driver": Choice(
        ("flannel", "calico", "cilium"),
        _("The cloud may allow fewer (by default flannel and calico).")),
    "volume_driver": Choice(("cinder",)),
    "dns_nameserver": DnsServers(),
    "apiserver_port": Integer(1024, 65535),
    "docker_volume_size": Integer(1),
    "docker_storage_driver": Text(),
    "http_proxy": Text(),
    "https_proxy": Text(),
    "no_proxy": Text(),
    "labels": Labels(),
    "tls_disabled": Boolean(),
    "public": Boolean(),
    "hidden": Boolean(),
    "registry_enabled": Boolean(),
    "insecure_registry": Text(),
    # Magnum stores either; a cluster then needs a driver that provides
    # (server_type, the image's os_distro, coe), which the API does not show.
    "server_type": Choice(("vm", "bm")),
    "master_lb_enabled": Boolean(),
    "floating_ip_enabled": Boolean(),
    "tags": Tags(),
    "driver": Text(),
}

CLUSTER_RULES: dict[str, Rule] = {
    "name": Text(max_length=242, pattern=CLUSTER_NAME_PATTERN,
                 pattern_hint=_("Name must start with a letter and contain only "
                                "letters, digits, \"_\", \".\" and \"-\".")),
    "cluster_template_id": Text(max_length=None),
    "keypair": Text(),
    "node_count": Integer(0),
    "master_count": Integer(1),
    "docker_volume_size": Integer(1),
    "labels": Labels(),
    "merge_labels": Boolean(),
    "master_flavor_id": Text(),
    "flavor_id": Text(),
    "create_timeout": Integer(0),
    "discovery_url": Text(max_length=None),
    "fixed_network": Text(),
    "fixed_subnet": Text(),
    "floating_ip_enabled": Boolean(),
    "master_lb_enabled": Boolean(),
}

NODE_GROUP_RULES: dict[str, Rule] = {
    "name": Text(),
    "role": Text(),
    "node_count": Integer(0),
    "min_node_count": Integer(0),
    # Magnum reads a maximum of 0 as "no maximum"; refusing it avoids that
    # surprise. Leave it unset for no maximum.
    "max_node_count": Integer(1),
    "flavor_id": Text(),
    "image_id": Text(),
    "docker_volume_size": Integer(1),
    "labels": Labels(),
    "merge_labels": Boolean(),
    "node_labels": NodeLabels(),
    "node_taints": NodeTaints(),
}

# Labels that set up the nodes' volumes, offered as settings of their own
# (validate_* take them as `volume_labels`). Magnum's API reads
# boot_volume_size (attr_validator.validate_flavor_root_volume_size); the
# drivers read all four, the types as names of Cinder volume types.
_LABEL_NUMBER = Integer(0, maximum=None)
VOLUME_LABELS: dict[str, Rule] = {
    "boot_volume_size": _LABEL_NUMBER,
    "boot_volume_type": Text(),
    "etcd_volume_size": _LABEL_NUMBER,
    "etcd_volume_type": Text(),
}

# Magnum refuses a "remove" of these (ClusterTemplatePatchType and mandatory).
_TEMPLATE_NOT_REMOVABLE = frozenset({
    "coe", "image_id", "network_driver", "external_network_id",
    "tls_disabled", "public", "server_type", "registry_enabled", "hidden"})
_NODE_GROUP_REMOVABLE = frozenset({"max_node_count", "node_labels",
                                   "node_taints"})
# Labels that drivers read as integers (boot_volume_size also by the API).
_BOOT_VOLUME_SIZE = "boot_volume_size"
_LABELS_READ_HERE = ("min_node_count", "max_node_count", _BOOT_VOLUME_SIZE)
_FLAVORS = ("flavor_id", "master_flavor_id")

_MASTERS_ODD = _("The number of masters must be odd.")
_CHOOSE_FLAVOR = {
    "flavor_id": _("Choose a flavor; the template does not set one."),
    "master_flavor_id": _("Choose a master flavor; the template does not set one."),
}
# A flavor without a root disk ({flavor}), and what to do about it.
_NO_ROOT_DISK = _('The flavor "{flavor}" has no root disk; choose another flavor '
                  "or set the boot_volume_size label (GB) to boot from a volume.")
_NO_ROOT_DISK_SAVE_VOLUME_FIRST = _(
    'The flavor "{flavor}" has no root disk; Magnum checks the flavors against '
    "the boot volume the template has before this change: save the boot volume "
    "first, then the flavor.")


def _boots_from_volume(labels: Mapping[str, str]) -> bool:
    return (label_int(labels, _BOOT_VOLUME_SIZE) or 0) > 0


def validate_cluster_template(fields: Mapping[str, Any], *,
                              flavors: Sequence[Flavor] | None = None,
                              volume_labels: Mapping[str, Any] | None = None
                              ) -> dict[str, Any]:
    """Check a new template; returns the body to POST. `volume_labels`
    (VOLUME_LABELS names; None: not set) are sent among the labels."""
    errors: dict[str, Any] = {}
    body = clean_fields(fields, TEMPLATE_RULES, errors, "cluster template")
    for required in ("coe", "image_id"):
        if fields.get(required) is None:
            errors[required] = _("{field} is required.", field=title(required))
    if volume_labels is not None and "labels" not in errors:
        labels = _set_volume_labels(body.get("labels", {}), body.get("labels", {}),
                                    volume_labels, errors)
        body.pop("labels", None)
        if labels:
            body["labels"] = labels
    _check_template_combination(body, errors)
    if flavors is not None and "labels" not in errors:
        _check_root_disks(body, body.get("labels", {}), _FLAVORS, flavors, errors)
    _raise_if(errors)
    return body


def validate_template_update(template: ClusterTemplate,
                             changes: Mapping[str, Any], *,
                             in_use: bool,
                             flavors: Sequence[Flavor] | None = None,
                             volume_labels: Mapping[str, Any] | None = None
                             ) -> dict[str, Any]:
    """Check changes to a template; returns the fields that really change
    (None meaning "remove"). With `flavors`, a changed flavor (or boot
    volume label) is checked for a root disk as Magnum does. Each of
    `volume_labels` (VOLUME_LABELS names) sets its label, None removes it,
    in the labels `changes` give or else the template's."""
    errors: dict[str, Any] = {}
    to_set = {name: value for name, value in changes.items()
              if value is not None}
    cleaned = clean_fields(to_set, TEMPLATE_RULES, errors, "cluster template")
    changed: dict[str, Any] = {
        name: value for name, value in cleaned.items()
        if value != getattr(template, name)}
    for name in changes.keys() - to_set.keys():
        if name not in TEMPLATE_RULES:
            errors[name] = not_a_field(name, "cluster template")
        elif name in _TEMPLATE_NOT_REMOVABLE:
            errors[name] = _("{field} cannot be removed, only changed.",
                             field=title(name))
        elif name in _FLAVORS and not _boots_from_volume(template.labels or {}):
            # Magnum checks both flavors' root disks after a PATCH, and a
            # removed one fails that check ("Unable to find flavor Unset").
            errors[name] = _("{field} cannot be removed, only changed, while the "
                             "template does not boot from a volume (boot_volume_size label "
                             "above 0).", field=title(name))
        elif getattr(template, name) is not None:
            changed[name] = None
    if volume_labels is not None and "labels" not in errors:
        given = cleaned.get("labels", {})
        before = template.labels or {}
        after = _set_volume_labels(given if "labels" in changes else before,
                                   given, volume_labels, errors)
        changed.pop("labels", None)
        if after != before:
            changed["labels"] = after or None
    combined: dict[str, Any] = {}
    _check_template_combination({**_template_values(template), **changed},
                                combined)
    # Report what the change breaks, not what was broken before it.
    involved = set(changed)
    if "docker_storage_driver" in changed:
        involved.add("docker_volume_size")
    errors.update({name: problem for name, problem in combined.items()
                   if name in involved})
    if flavors is not None and "labels" not in errors:
        after = {**_template_values(template), **changed}
        if _boots_from_volume(after["labels"] or {}):
            # Magnum's PATCH checks both flavors against the labels as they
            # were, before the change.
            _check_root_disks(after, template.labels or {}, _FLAVORS, flavors,
                              errors, remedy=_NO_ROOT_DISK_SAVE_VOLUME_FIRST)
        else:  # Magnum's check, and what the template's clusters would meet
            _check_root_disks(after, {}, _FLAVORS, flavors, errors)
    if in_use and changed and not errors:
        _check_template_in_use(template, changed, errors)
    _raise_if(errors)
    return changed


def validate_cluster(fields: Mapping[str, Any], template: ClusterTemplate,
                     features: Features, *,
                     flavors: Sequence[Flavor] | None = None
                     ) -> dict[str, Any]:
    """Check a new cluster built from `template`; returns the body to POST."""
    errors: dict[str, Any] = {}
    body = clean_fields(fields, CLUSTER_RULES, errors, "cluster")
    body.setdefault("cluster_template_id", template.uuid)
    node_count = body.get("node_count", 1)
    master_count = body.get("master_count", 1)
    if "node_count" in body and node_count == 0 \
            and not features.zero_node_clusters:
        errors["node_count"] = _("A cluster without worker nodes needs Magnum "
                                 "API version 1.10; choose at least 1 node.")
    if "master_count" in body and master_count % 2 == 0:
        errors["master_count"] = _("Master count must be odd (1, 3, 5...) so "
                                   "etcd keeps a majority.")
    lb_enabled = body.get("master_lb_enabled", template.master_lb_enabled)
    if master_count > 1 and not lb_enabled and "master_count" not in errors:
        errors["master_count"] = _("More than one master needs the master load "
                                   "balancer; enable it or use one master.")
    volume_size = body.get("docker_volume_size") or template.docker_volume_size
    if template.docker_storage_driver == "devicemapper" \
            and (volume_size or 0) < 3:
        errors["docker_volume_size"] = _(
            "The template's devicemapper storage driver needs a Docker "
            "volume of at least 3 GB.")
    labels = effective_labels(template.labels, body.get("labels"),
                              body.get("merge_labels", False))
    if "labels" not in errors:
        # What the user typed, whole; of the template's, only what the checks
        # below read as numbers (a template made elsewhere is not refused for
        # a label value the cluster never changes).
        _check_label_types(body.get("labels") or {}, errors)
        _check_label_types({name: labels[name] for name in _LABELS_READ_HERE if name in labels},
                           errors)
    if "labels" not in errors:
        if "node_count" not in errors:
            _check_count_against_labels(node_count, labels, errors)
        effective = {"flavor_id": body.get("flavor_id") or template.flavor_id,
                     "master_flavor_id": (body.get("master_flavor_id")
                                          or template.master_flavor_id)}
        _check_flavors_present(effective, labels, errors)
        if flavors is not None:
            _check_root_disks(effective, labels, effective.keys(), flavors,
                              errors)
    _raise_if(errors)
    return body


def validate_node_group(fields: Mapping[str, Any], cluster: Cluster,
                        features: Features, *,
                        flavors: Sequence[Flavor] | None = None,
                        driver: DriverFamily = DriverFamily.OTHER,
                        replacing: bool = False) -> dict[str, Any]:
    """Check a new node group of `cluster` (built by a `driver`); returns the
    body to POST. `replacing`: the group is a flavor change's new group,
    the one that may carry REPLACES_LABEL."""
    errors: dict[str, Any] = {}
    body = clean_fields(fields, NODE_GROUP_RULES, errors, "node group")
    if not replacing and REPLACES_LABEL in (body.get("labels") or {}):
        errors["labels"] = _("{label} is set by the dashboard's Change Flavor; remove it.",
                             label=REPLACES_LABEL)
    if fields.get("name") is None:
        errors["name"] = _("{field} is required.", field=title("name"))
    if body.get("role") == "master":
        errors["role"] = _("Magnum cannot add master node groups; choose "
                           "another role.")
    _check_node_attributes_supported(body, features, errors)
    _check_bounds(body.get("min_node_count", 0), body.get("node_count", 1),
                  body.get("max_node_count"), errors)
    _check_not_empty(driver, {"min_node_count": body.get("min_node_count", 0),
                              "node_count": body.get("node_count", 1)}, errors)
    if flavors is not None:
        flavor = {"flavor_id": body.get("flavor_id") or cluster.flavor_id}
        _check_root_disks(flavor, cluster.labels, flavor.keys(), flavors,
                          errors)
    _raise_if(errors)
    return body


def validate_node_group_change(node_group: NodeGroup,
                               changes: Mapping[str, Any],
                               features: Features,
                               driver: DriverFamily = DriverFamily.OTHER) -> dict[str, Any]:
    """Check a change of node_count, min/max_node_count, node_labels or
    node_taints of a group a `driver` builds; returns the cleaned changes.
    None removes a maximum, the node labels or the taints."""
    errors: dict[str, Any] = {}
    to_set = {name: value for name, value in changes.items()
              if value is not None}
    cleaned = clean_fields(to_set, NODE_GROUP_RULES, errors, "node group")
    for name in changes.keys() - to_set.keys():
        if name in _NODE_GROUP_REMOVABLE:
            cleaned[name] = None
        else:
            errors[name] = _("{field} needs a value.", field=title(name))
    if node_group.is_master:
        for name in ("node_labels", "node_taints"):
            if cleaned.get(name):
                errors[name] = _("{field} cannot be set on the master node group.",
                                 field=title(name))
        if cleaned.get("node_count", 1) % 2 == 0:
            errors["node_count"] = _MASTERS_ODD
        _check_master_resize(driver, node_group, cleaned.get("node_count"), errors)
    else:
        _check_not_empty(driver, {
            name: cleaned.get(name, getattr(node_group, name) or 0)
            for name in ("min_node_count", "node_count")}, errors)
    _check_node_attributes_supported(cleaned, features, errors)
    _check_bounds(
        cleaned.get("min_node_count", node_group.min_node_count or 0),
        cleaned.get("node_count", node_group.node_count or 0),
        cleaned.get("max_node_count", node_group.upper_bound), errors)
    _raise_if(errors)
    return cleaned


def check_resize_bounds(node_group: NodeGroup, node_count: int,
                        driver: DriverFamily = DriverFamily.OTHER) -> None:
    """The bounds Magnum's resize applies (NGResizeOutBounds), plus the odd
    master count the drivers that can resize masters require, and what the
    group's `driver` cannot do."""
    errors: dict[str, Any] = {}
    if node_group.is_master:
        if node_count < 1 or node_count % 2 == 0:
            errors["node_count"] = _MASTERS_ODD
        _check_master_resize(driver, node_group, node_count, errors)
    else:
        _check_bounds(node_group.min_node_count or 0, node_count,
                      node_group.upper_bound, errors)
        _check_not_empty(driver, {"node_count": node_count}, errors)
    _raise_if(errors)


def _check_master_resize(driver: DriverFamily, node_group: NodeGroup,
                         node_count: int | None, errors: dict[str, Any]) -> None:
    reason = cannot(driver, Capability.RESIZE_MASTERS)
    if reason and node_count is not None and node_count != node_group.node_count:
        errors["node_count"] = reason


def _check_not_empty(driver: DriverFamily, counts: Mapping[str, int],
                     errors: dict[str, Any]) -> None:
    """`counts`: the minimum and size the group will have, by field."""
    reason = cannot(driver, Capability.EMPTY_NODE_GROUPS)
    for name, count in counts.items():
        if reason and count < 1:
            errors.setdefault(name, reason)


def _check_template_combination(body: Mapping[str, Any],
                                errors: dict[str, Any]) -> None:
    if body.get("docker_storage_driver") == "devicemapper" \
            and (body.get("docker_volume_size") or 0) < 3:
        errors.setdefault("docker_volume_size", _(
            "The devicemapper storage driver needs a Docker volume of at "
            "least 3 GB."))
    if body.get("labels"):  # None: an edit that removes every label
        _check_label_types(body["labels"], errors)


# The only fields Magnum lets change on a template some cluster uses, and
# one at a time: a rename, public (to true only), hidden or tags (not removed).
TEMPLATE_FIELDS_CHANGEABLE_IN_USE = frozenset({"name", "public", "hidden", "tags"})


def _check_template_in_use(template: ClusterTemplate,
                           changed: Mapping[str, Any],
                           errors: dict[str, Any]) -> None:
    if len(changed) == 1:
        (name, value), = changed.items()
        if name in TEMPLATE_FIELDS_CHANGEABLE_IN_USE \
                and not (name == "public" and value is not True) \
                and not (name == "tags" and value is None):
            return
    for name in changed:
        errors[name] = _("{field} cannot change: the template \"{template}\" is "
                         "used by clusters, so only a rename, or one change of "
                         "tags, hidden, or making it public, is possible. Clone "
                         "the template instead.", field=title(name),
                         template=template.name)


def _set_volume_labels(labels: Mapping[str, str], given: Mapping[str, str],
                       volumes: Mapping[str, Any],
                       errors: dict[str, Any]) -> dict[str, str]:
    """`labels` with each of `volumes` set as its label, or removed where
    None. The labels the caller `given` may repeat a setting, not contradict
    it."""
    result = dict(labels)
    for name, value in volumes.items():
        rule = VOLUME_LABELS.get(name)
        if rule is None:
            errors[name] = _('"{name}" is not a volume label.', name=name)
            continue
        try:
            text = None if value is None else str(rule.clean(name, value))
        except ValueError as problem:
            errors[name] = message_of(problem)
            continue
        if name in given and given[name] != text:
            errors[name] = _("The labels also set {label}={value}; remove it "
                             "there, as this setting decides it.", label=name,
                             value=given[name])
        elif text is None:
            result.pop(name, None)
        else:
            result[name] = text
    return result


def _check_label_types(labels: Mapping[str, str], errors: dict[str, Any]) -> None:
    """A value not of its label's type, which a driver would read as false or
    fail on (the built-in label catalog's types)."""
    try:
        BUILT_IN.check_values(labels)
    except InvalidInput as error:
        errors.setdefault("labels", error.errors["labels"])


def _check_count_against_labels(node_count: int, labels: Mapping[str, str],
                                errors: dict[str, Any]) -> None:
    """The conductor seeds the default worker's minimum from the label."""
    low = label_int(labels, "min_node_count") or 0
    high = label_int(labels, "max_node_count")
    if node_count < low:
        errors["node_count"] = _("There must be at least as many workers as the "
                                 "fewest allowed ({low}, Magnum's min_node_count "
                                 "label).", low=low)
    elif high is not None and high < low:
        errors["labels"] = _("The most workers allowed ({high}, max_node_count) is "
                             "below the fewest ({low}, min_node_count).",
                             high=high, low=low)
    elif high is not None and node_count > high:
        errors["node_count"] = _("There must be at most as many workers as the most "
                                 "allowed ({high}, Magnum's max_node_count label).",
                                 high=high)


def _check_flavors_present(effective: Mapping[str, str | None],
                           labels: Mapping[str, str],
                           errors: dict[str, Any]) -> None:
    """Without a boot volume Magnum looks the flavor up, and a missing one
    fails as FlavorNotFound(None)."""
    if (label_int(labels, _BOOT_VOLUME_SIZE) or 0) > 0:
        return
    for name, flavor in effective.items():
        if not flavor:
            errors.setdefault(name, _CHOOSE_FLAVOR[name])


def _check_root_disks(values: Mapping[str, Any], labels: Mapping[str, str],
                      names: Iterable[str], flavors: Sequence[Flavor],
                      errors: dict[str, Any],
                      remedy: Message | None = None) -> None:
    """attr_validator.validate_flavor_root_volume_size: with no boot volume
    (label boot_volume_size 0 or absent) a flavor needs a root disk."""
    if _boots_from_volume(labels):
        return
    by_key = {key: flavor for flavor in flavors
              for key in (flavor.id, flavor.name)}
    for name in names:
        wanted = values.get(name)
        if not wanted or name in errors:
            continue
        flavor = by_key.get(wanted)
        if flavor is None:
            errors[name] = _('The flavor "{flavor}" does not exist.', flavor=wanted)
        elif flavor.disk == 0:
            errors[name] = (remedy or _NO_ROOT_DISK).bind(flavor=flavor.name)


def _check_bounds(low: int, count: int, high: int | None,
                  errors: dict[str, Any]) -> None:
    if any(name in errors for name in
           ("min_node_count", "node_count", "max_node_count")):
        return
    if high is not None and low > high:
        errors["max_node_count"] = _("The maximum ({high}) must not be below "
                                     "the minimum ({low}).", high=high, low=low)
    elif count < low:
        errors["node_count"] = _("The node count ({count}) must not be below "
                                 "the minimum ({low}).", count=count, low=low)
    elif high is not None and count > high:
        errors["node_count"] = _("The node count ({count}) must not be above "
                                 "the maximum ({high}).", count=count, high=high)


def _check_node_attributes_supported(body: Mapping[str, Any],
                                     features: Features,
                                     errors: dict[str, Any]) -> None:
    if features.node_labels_and_taints:
        return
    for name in ("node_labels", "node_taints"):
        if body.get(name):
            errors[name] = _("{field} need Magnum API version 1.14, which this "
                             "cloud does not offer.", field=title(name))


def _template_values(template: ClusterTemplate) -> dict[str, Any]:
    return {name: getattr(template, name) for name in TEMPLATE_RULES}


def _raise_if(errors: Mapping[str, Any]) -> None:
    if errors:
        raise InvalidInput(errors)

