"""The labels each driver reads: the built-in label catalog (rules/label_catalog.py).

Where the facts come from:

* magnum-capi-helm 1.4.0 reads only the 28 labels registered in its
  ``[capi_helm_cluster_labels]`` options (``magnum_capi_helm/conf.py``, with
  their types, choices and defaults; the deprecated name extra_network_name
  too) and silently ignores every other label: kube_tag among them, since its
  Kubernetes version is the image's kube_version. capi_helm_chart_version is
  read from the template's labels only.
* vexxhost magnum-cluster-api 0.38: ``docs/user/labels.md`` and the labels
  ``resources.py`` reads (keystone_auth_enabled defaults to true there);
  its docs say volume labels cannot be changed once the cluster is deployed.
* The Heat driver (removed after Magnum 22.0.0) read labels by name; its
  keystone_auth_enabled defaulted to true (magnum's
  doc/source/user/k8s-keystone-authN-authZ.rst).

Immutable: the volumes and the networks' CIDRs are made once, with the
servers and the network; a later value changes nothing of them.
"""

from __future__ import annotations

from coe_backend.i18n import LazyText, _
from coe_backend.rules.drivers import DriverFamily
from coe_backend.rules.label_catalog import LabelCatalog, LabelEntry, LabelType

HEAT, MCAPI, HELM = DriverFamily.HEAT, DriverFamily.CLUSTER_API, DriverFamily.CAPI_HELM
BOOL, INT, STR, CIDR = LabelType.BOOL, LabelType.INT, LabelType.STR, LabelType.CIDR


def _entry(name: str, kind: LabelType, description: LazyText, drivers: tuple,
           *, defaults: dict | None = None, values: tuple = (),
           immutable: bool = False) -> LabelEntry:
    return LabelEntry(name, kind, description, frozenset(drivers), defaults or {},
                      values, immutable)


def _choice(name: str, values: tuple, description: LazyText, drivers: tuple,
            **options) -> LabelEntry:
    return _entry(name, LabelType.CHOICE, description, drivers, values=values, **options)


_ENTRIES = (
    # Read by every driver (min/max_node_count by Magnum itself too).
    _entry("auto_scaling_enabled", BOOL, _("Let the cluster autoscaler add and remove workers"),
           (HEAT, MCAPI, HELM), defaults={HEAT: "false", MCAPI: "false", HELM: "false"}),
    _entry("min_node_count", INT, _("Fewest workers the autoscaler keeps"), (HEAT, MCAPI, HELM)),
    _entry("max_node_count", INT, _("Most workers the autoscaler may create"),
           (HEAT, MCAPI, HELM)),
    _entry("auto_healing_enabled", BOOL, _("Replace nodes that stay unhealthy"),
           (HEAT, MCAPI, HELM), defaults={HEAT: "false", MCAPI: "true", HELM: "true"}),
    _entry("keystone_auth_enabled", BOOL,
           _("Let OpenStack users log in to Kubernetes with Keystone tokens"),
           (HEAT, MCAPI, HELM), defaults={HEAT: "true", MCAPI: "true", HELM: "false"}),
    _entry("master_lb_floating_ip_enabled", BOOL,
           _("Give the API load balancer a floating IP"), (HEAT, MCAPI, HELM),
           defaults={MCAPI: "true", HELM: "true"}),
    _entry("octavia_provider", STR,
           _("Octavia provider of the load balancers, e.g. amphora or ovn"),
           (HEAT, MCAPI, HELM), defaults={HELM: "amphora"}),
    _entry("octavia_lb_algorithm", STR,
           _("Load balancing algorithm, e.g. ROUND_ROBIN (SOURCE_IP_PORT with ovn)"),
           (MCAPI, HELM)),
    _entry("octavia_lb_healthcheck", BOOL, _("Health-check the load balancers' members"),
           (MCAPI, HELM), defaults={MCAPI: "true", HELM: "true"}),
    _entry("boot_volume_size", INT, _("Root volume size in GB (0: the flavor's disk)"),
           (HEAT, MCAPI, HELM), immutable=True),
    _entry("boot_volume_type", STR, _("Cinder volume type of the root volumes"),
           (HEAT, MCAPI, HELM), immutable=True),
    _entry("etcd_volume_size", INT,
           _("Size in GB of a volume for etcd on each master (0: none)"),
           (HEAT, MCAPI, HELM), defaults={HELM: "0"}, immutable=True),
    _entry("etcd_volume_type", STR, _("Cinder volume type of the etcd volumes"),
           (HEAT, MCAPI, HELM), immutable=True),
    _entry("fixed_subnet_cidr", CIDR,
           _("CIDR of the cluster's own subnet (without a fixed subnet)"),
           (HEAT, MCAPI, HELM), defaults={MCAPI: "10.0.0.0/24", HELM: "10.0.0.0/24"},
           immutable=True),
    # Read by name by the Heat driver and magnum-cluster-api; not by magnum-capi-helm.
    _entry("kube_tag", STR, _("Kubernetes version to run, e.g. v1.31.2 (else the image's "
                              "kube_version)"), (HEAT, MCAPI)),
    _entry("availability_zone", STR, _("Availability zone of the nodes"), (HEAT, MCAPI)),
    _entry("cinder_csi_enabled", BOOL, _("Install the Cinder CSI storage driver"),
           (HEAT, MCAPI)),
    _entry("container_infra_prefix", STR,
           _("Registry prefix of the cluster's container images"), (HEAT, MCAPI)),
    _entry("calico_ipv4pool", CIDR, _("CIDR of the pods' addresses with Calico"),
           (HEAT, MCAPI), defaults={MCAPI: "10.100.0.0/16"}, immutable=True),
    _entry("service_cluster_ip_range", CIDR, _("CIDR of the Kubernetes services' addresses"),
           (HEAT, MCAPI), defaults={MCAPI: "10.254.0.0/16"}, immutable=True),
    _entry("monitoring_enabled", BOOL, _("Install Prometheus monitoring"), (HEAT, HELM),
           defaults={HEAT: "false", HELM: "false"}),
    _entry("kube_dashboard_enabled", BOOL, _("Install the Kubernetes dashboard"),
           (HEAT, HELM), defaults={HEAT: "true", HELM: "true"}),
    # magnum-cluster-api's own.
    _entry("boot_volume_availability_zone", STR,
           _("Availability zone of the root volumes (else availability_zone)"), (MCAPI,),
           immutable=True),
    _entry("oidc_issuer_url", STR, _("HTTPS URL of the OpenID Connect issuer the API trusts"),
           (MCAPI,)),
    _entry("oidc_client_id", STR, _("OpenID Connect client ID (needed with oidc_issuer_url)"),
           (MCAPI,)),
    _entry("oidc_username_claim", STR, _("OpenID claim used as the user name"), (MCAPI,),
           defaults={MCAPI: "sub"}),
    _entry("oidc_username_prefix", STR, _("Prefix of OpenID user names (-: none)"), (MCAPI,),
           defaults={MCAPI: "-"}),
    _entry("oidc_groups_claim", STR, _("OpenID claim holding the user's groups"), (MCAPI,)),
    _entry("oidc_groups_prefix", STR, _("Prefix of OpenID group names"), (MCAPI,)),
    _entry("audit_log_enabled", BOOL, _("Write the API server's audit log on the masters"),
           (MCAPI,), defaults={MCAPI: "false"}),
    _entry("audit_log_maxage", INT, _("Days the audit logs are kept"), (MCAPI,),
           defaults={MCAPI: "30"}),
    _entry("audit_log_maxbackup", INT, _("Audit log files kept"), (MCAPI,),
           defaults={MCAPI: "10"}),
    _entry("audit_log_maxsize", INT, _("Size in MB at which the audit log is rotated"),
           (MCAPI,), defaults={MCAPI: "100"}),
    _entry("api_server_cert_sans", STR,
           _("More names for the API server's certificate, separated by commas"), (MCAPI,)),
    _entry("cilium_hubble_ui_enabled", BOOL, _("Install Cilium's Hubble UI"), (MCAPI,),
           defaults={MCAPI: "false"}),
    _entry("calico_tag", STR, _("Calico version, e.g. v3.31.3"), (MCAPI,)),
    _entry("server_group_policies", STR, _("Nova server group policy of each node group"),
           (MCAPI,), defaults={MCAPI: "soft-anti-affinity"}),
    _entry("different_failure_domain", BOOL, _("Spread the nodes over failure domains"),
           (MCAPI,), defaults={MCAPI: "false"}),
    # magnum-capi-helm's own ([capi_helm_cluster_labels]).
    _entry("etcd_blockdevice_size", INT, _("Size in GB of etcd's block device (0: none)"),
           (HELM,), defaults={HELM: "0"}, immutable=True),
    _choice("etcd_blockdevice_type", ("volume", "local"),
            _("etcd's block device: a Cinder volume or a local disk"), (HELM,),
            defaults={HELM: "volume"}, immutable=True),
    _entry("etcd_blockdevice_volume_type", STR, _("Cinder volume type of etcd's block device"),
           (HELM,), immutable=True),
    _entry("etcd_blockdevice_volume_az", STR,
           _("Availability zone of etcd's Cinder volume"), (HELM,), immutable=True),
    _entry("csi_cinder_availability_zone", STR,
           _("Availability zone of the persistent volumes"), (HELM,), defaults={HELM: "nova"}),
    _choice("csi_cinder_reclaim_policy", ("Retain", "Delete"),
            _("What happens to a persistent volume released by its claim"), (HELM,),
            defaults={HELM: "Retain"}),
    _choice("csi_cinder_volume_binding_mode", ("WaitForFirstConsumer", "Immediate"),
            _("When persistent volumes are made"), (HELM,),
            defaults={HELM: "WaitForFirstConsumer"}),
    _entry("csi_cinder_fstype", STR, _("File system of the persistent volumes"), (HELM,),
           defaults={HELM: "ext4"}),
    _entry("csi_cinder_allow_volume_expansion", BOOL,
           _("Let persistent volumes grow by editing their claim"), (HELM,),
           defaults={HELM: "true"}),
    _entry("api_master_lb_allowed_cidrs", STR,
           _("CIDRs that may reach the API load balancer, separated by commas (empty: all)"),
           (HELM,)),
    _entry("extra_network_names", STR,
           _("More Neutron networks for each node, separated by spaces"), (HELM,)),
    _entry("extra_network_name", STR, _("Deprecated: use extra_network_names"), (HELM,)),
    _entry("capi_helm_chart_version", STR,
           _("Version of the Helm chart that builds the cluster (template labels only)"),
           (HELM,)),
)

BUILT_IN = LabelCatalog({entry.name: entry for entry in _ENTRIES})
