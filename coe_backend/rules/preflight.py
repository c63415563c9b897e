"""Will a new cluster fit in what the project has left?

From a template plus the wizard's overrides, count what the cluster will
consume and compare it with the project's remaining quota, per resource.
An unknown or unlimited quota is never a failure. The counts follow the
Heat-era layout Magnum documents (a floating IP per node when floating IPs
are on); Cluster API drivers use fewer, so the verdict errs on the safe side.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coe_backend.i18n import LazyText, _, join, ngettext_lazy
from coe_backend.models import (
    ClusterTemplate, Flavor, Limit, ProjectLimits, Quota)
from coe_backend.rules.fields import Labels
from coe_backend.rules.labels import effective_labels, label_int, label_is_true


@dataclass(frozen=True)
class ResourceCheck:
    resource: str
    needed: int | None  # None when it cannot be computed (unknown flavor)
    available: int | None  # None when unlimited or unknown
    fits: bool
    note: str | LazyText = ""


@dataclass(frozen=True)
class Preflight:
    checks: list[ResourceCheck]
    # Why some limits are unknown: a service whose quota could not be read.
    warnings: tuple[str | LazyText, ...] = ()

    @property
    def fits(self) -> bool:
        return all(check.fits for check in self.checks)

    @property
    def shortfalls(self) -> list[ResourceCheck]:
        return [check for check in self.checks if not check.fits]

    def check(self, resource: str) -> ResourceCheck:
        return next(check for check in self.checks
                    if check.resource == resource)

    @property
    def advice(self) -> list[LazyText]:
        """What to change for each kind of shortfall, once each."""
        return list(dict.fromkeys(_ADVICE[check.resource] for check in self.shortfalls))


# What helps when a resource is short, in the order of the checks.
_SMALLER_FLAVORS = _("Choose smaller flavors or fewer nodes, or ask your cloud "
                     "administrator for a larger quota.")
_ADVICE = {
    "instances": _("Ask for fewer nodes (masters and workers), or ask your cloud "
                   "administrator for a larger quota."),
    "cores": _SMALLER_FLAVORS,
    "ram": _SMALLER_FLAVORS,
    "volumes": _("Use fewer or no extra volumes (Docker, boot and etcd volumes), or "
                 "ask your cloud administrator for a larger quota."),
    "gigabytes": _("Use smaller or no extra volumes (Docker, boot and etcd volumes), "
                   "or ask your cloud administrator for a larger quota."),
    "floating_ips": _("Turn floating IPs off (the nodes are then reached through the "
                      "network only), or ask your cloud administrator for a larger "
                      "quota."),
    "load_balancers": _("Turn the API load balancer off (then only one master), or "
                        "ask your cloud administrator for a larger quota."),
    "clusters": _("Delete a cluster you no longer need, or ask your cloud administrator "
                  "for a larger cluster quota."),
}


@dataclass(frozen=True)
class _Shape:
    """The machines and volumes a cluster is made of."""

    masters: int
    workers: int  # the autoscaler's maximum when autoscaling is on
    master_flavor: Flavor | None
    worker_flavor: Flavor | None
    volume_sizes_per_node: tuple[int, ...]  # GB of each volume every node has
    etcd_volume_size: int  # GB per master
    floating_ips: int
    load_balancers: int
    notes: dict[str, LazyText]


def preflight(template: ClusterTemplate, overrides: Mapping[str, Any],
              limits: ProjectLimits, magnum_quota: Quota | int | None = None,
              cluster_count: int | None = None, *,
              flavors: Sequence[Flavor] = ()) -> Preflight:
    """Per-resource verdict for creating a cluster from `template` with
    `overrides` (the cluster fields the user chose)."""
    shape = _cluster_shape(template, overrides, flavors)
    nodes = shape.masters + shape.workers
    volumes = nodes * len(shape.volume_sizes_per_node) + (
        shape.masters if shape.etcd_volume_size else 0)
    gigabytes = (nodes * sum(shape.volume_sizes_per_node)
                 + shape.masters * shape.etcd_volume_size)
    hard_limit = (magnum_quota.hard_limit if isinstance(magnum_quota, Quota)
                  else magnum_quota)
    clusters = (Limit(used=cluster_count, limit=hard_limit)
                if hard_limit is not None and cluster_count is not None
                else None)
    notes = shape.notes
    return Preflight([
        _check("instances", nodes, limits.instances, notes.get("workers", "")),
        _check("cores", _flavor_total(shape, "vcpus"), limits.cores,
               notes.get("flavor", "")),
        _check("ram", _flavor_total(shape, "ram"), limits.ram,
               notes.get("flavor", "")),  # RAM counts MiB, as Nova's
        _check("volumes", volumes, limits.volumes),
        _check("gigabytes", gigabytes, limits.gigabytes),
        _check("floating_ips", shape.floating_ips, limits.floating_ips,
               notes.get("floating_ips", "")),
        _check("load_balancers", shape.load_balancers, limits.load_balancers,
               _("the Kubernetes API load balancer")
               if shape.load_balancers else ""),
        _check("clusters", 1, clusters, _("Magnum's cluster quota")),
    ], warnings=limits.warnings)


def _cluster_shape(template: ClusterTemplate, overrides: Mapping[str, Any],
                   flavors: Sequence[Flavor]) -> _Shape:
    def chosen(name: str) -> Any:
        value = overrides.get(name)
        return getattr(template, name) if value is None else value

    given_labels = overrides.get("labels")
    labels = effective_labels(
        template.labels,
        Labels().clean("labels", given_labels) if given_labels else None,
        bool(overrides.get("merge_labels")))
    notes = {}
    masters = int(overrides.get("master_count") or 1)
    workers = int(1 if overrides.get("node_count") is None
                  else overrides["node_count"])
    autoscale_max = _int_label(labels, "max_node_count")
    if label_is_true(labels, "auto_scaling_enabled") and autoscale_max:
        workers = max(workers, autoscale_max)
        notes["workers"] = ngettext_lazy(
            "counts the autoscaler's maximum of {count} worker",
            "counts the autoscaler's maximum of {count} workers", workers)
    by_key = {key: flavor for flavor in flavors
              for key in (flavor.id, flavor.name)}
    master_flavor = by_key.get(chosen("master_flavor_id"))
    worker_flavor = by_key.get(chosen("flavor_id"))
    if master_flavor is None or worker_flavor is None:
        notes["flavor"] = _("flavor details unknown")
    per_node = tuple(size for size in (
        _int_label(labels, "boot_volume_size"),
        chosen("docker_volume_size")) if size)
    floating = chosen("floating_ip_enabled")
    floating = True if floating is None else bool(floating)
    lb = bool(chosen("master_lb_enabled"))
    lb_ip = lb and label_is_true(labels, "master_lb_floating_ip_enabled",
                                 default=floating)
    floating_ips = (masters + workers if floating else 0) + int(lb_ip)
    if floating or lb_ip:
        notes["floating_ips"] = join("; ", filter(None, (
            _("one per node") if floating else "",
            _("one for the API load balancer") if lb_ip else "",
            _("as Magnum's Heat driver does; Cluster API drivers need fewer"))))
    return _Shape(masters, workers, master_flavor, worker_flavor, per_node,
                  _int_label(labels, "etcd_volume_size"), floating_ips,
                  int(lb), notes)


def _flavor_total(shape: _Shape, attribute: str) -> int | None:
    if shape.master_flavor is None or shape.worker_flavor is None:
        return None
    return (shape.masters * getattr(shape.master_flavor, attribute)
            + shape.workers * getattr(shape.worker_flavor, attribute))


def _int_label(labels: Mapping[str, str], key: str) -> int:
    try:
        return max(label_int(labels, key) or 0, 0)
    except ValueError:
        return 0


def _check(resource: str, needed: int | None, limit: Limit | None,
           note: str | LazyText = "") -> ResourceCheck:
    available = limit.available if limit else None
    if available is None:
        unknown = _("no limit") if limit else _("limit unknown")
        note = join("; ", (note, unknown)) if note else unknown
    fits = needed is None or available is None or needed <= available
    return ResourceCheck(resource, needed, available, fits, note)


def added_group_preflight(flavor: Flavor | None, node_count: int,
                          docker_volume_size: int | None, floating_ips: bool,
                          limits: ProjectLimits, *, overlapping: int = 0) -> Preflight:
    """Per-resource verdict for adding a node group of `node_count` nodes of
    `flavor` (None: unknown) to a running cluster. `overlapping` is how many
    nodes of another group keep running meanwhile (a flavor change deletes
    the old group only once the new one is ready): they are already in the
    project's usage, so the new group must fit beside them."""
    beside = (ngettext_lazy("beside the {count} node still running",
                            "beside the {count} nodes still running", overlapping)
              if overlapping else "")
    notes = [note for note in ("" if flavor else _("flavor details unknown"), beside) if note]
    flavor_note = join("; ", notes) if notes else ""
    volumes = node_count if docker_volume_size else 0
    return Preflight([
        _check("instances", node_count, limits.instances, beside),
        _check("cores", flavor.vcpus * node_count if flavor else None,
               limits.cores, flavor_note),
        _check("ram", flavor.ram * node_count if flavor else None, limits.ram,
               flavor_note),
        _check("volumes", volumes, limits.volumes),
        _check("gigabytes", volumes * (docker_volume_size or 0), limits.gigabytes),
        _check("floating_ips", node_count if floating_ips else 0,
               limits.floating_ips, _("one per node") if floating_ips else ""),
    ], warnings=limits.warnings)
