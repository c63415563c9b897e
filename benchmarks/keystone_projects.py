"""Many Keystone projects, for an admin's list of clusters spread over them:
Admin > Clusters names each row's project from Keystone's list of projects,
so the projects must be real. Made through Keystone's API, several requests
at a time, and kept in the bench's Keystone (unlike cluster copies, they
need nothing behind them), so that a later run only looks them up."""
import concurrent.futures

from keystoneclient.v3 import client

from devcloud.keystone import admin_session

PREFIX = "bench-project-"
AT_ONCE = 8  # requests in flight; Keystone answers them side by side


def ensure(cfg, count):
    """(IDs of ``count`` projects named PREFIX + number, how many were made)."""
    keystone = client.Client(session=admin_session(cfg))
    found = {p.name: p.id for p in keystone.projects.list() if p.name.startswith(PREFIX)}
    wanted = [f"{PREFIX}{number:03d}" for number in range(count)]
    missing = [name for name in wanted if name not in found]
    with concurrent.futures.ThreadPoolExecutor(AT_ONCE) as pool:
        for project in pool.map(lambda name: keystone.projects.create(name, "default"), missing):
            found[project.name] = project.id
    return [found[name] for name in wanted], len(missing)
