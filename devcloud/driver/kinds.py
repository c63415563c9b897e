"""What the simulated driver can be asked to do, and one pending operation."""
import dataclasses
import enum
import time


class Kind(enum.StrEnum):
    CREATE = "create"
    UPDATE = "update"            # Magnum's update_cluster (node_count of the default workers)
    RESIZE = "resize"
    UPGRADE = "upgrade"
    ROTATE_CA = "rotate_ca"
    NG_CREATE = "ng_create"
    NG_UPDATE = "ng_update"
    NG_DELETE = "ng_delete"
    DELETE = "delete"
    NOOP = "noop"                # recovery of a cluster left in progress with nothing to do

    @property
    def batch(self):
        """The cluster-level outcome this kind belongs to: create, delete or update."""
        return self.value if self in (Kind.CREATE, Kind.DELETE) else "update"

    @property
    def on_node_group(self):
        return self in (Kind.UPDATE, Kind.RESIZE, Kind.UPGRADE, Kind.NG_CREATE, Kind.NG_UPDATE,
                        Kind.NG_DELETE)


@dataclasses.dataclass
class Op:
    kind: Kind
    cluster: str
    due: float
    ng: str = None                 # node group uuid
    fail: bool = False
    nodes_to_remove: tuple = ()
    template: str = None           # upgrade target template uuid
    force: bool = False            # skip the readiness check (recovery)
    errors: int = 0
    error: str = None              # a failure reason that replaces the simulated one
    created: float = dataclasses.field(default_factory=time.time)
    id: int = None                 # row id in the store
