"""The load test's resizing: several users post the resize form of one
cluster at once, each asking for another worker count; what each was told
and whether the state the cluster settled in agrees."""
import concurrent.futures
import re
import threading
import time
from collections import Counter

from devcloud import clients
from devcloud.seed import CLUSTER_NAME

from benchmarks.cluster_list import PAGE as CLUSTERS
from benchmarks.horizon_messages import messages
from benchmarks.html_forms import form_with
from benchmarks.report import Table, verdict
from benchmarks.web_session import WebSession

WORKER_GROUP = "default-worker"
# A resize round: (name, seconds between two users' submissions)
RESIZE_ROUNDS = (("at the same instant", 0.0), ("0.5 s apart", 0.5))
SETTLE_SECONDS = 120  # longest wait for a resized cluster to settle


def resize_round(magnum, cluster, browsers, name, stagger):
    """Every browser opens the cluster's resize form, then all submit it at
    once (``stagger`` seconds apart), each asking for another worker count.
    Returns the round's outcome once the cluster has settled."""
    before = magnum.nodegroups.get(cluster, WORKER_GROUP).node_count
    sizes = [n for n in range(1, len(browsers) + 2) if n != before][:len(browsers)]
    path = f"{CLUSTERS}{cluster}/resize/"
    forms = [form_with(b.get(path).text, path, "node_count") for b in browsers]
    ready = threading.Barrier(len(browsers))

    def submit(number):
        ready.wait()
        time.sleep(number * stagger)
        # what coe-ui's check before the resize is about to find
        status = magnum.clusters.get(cluster).status
        began = time.perf_counter()
        answer = browsers[number].submit(forms[number], node_count=str(sizes[number]))
        return _user_outcome(sizes[number], time.perf_counter() - began, answer) | {
            "cluster_status_when_sent": status}

    with concurrent.futures.ThreadPoolExecutor(len(browsers)) as pool:
        users = list(pool.map(submit, range(len(browsers))))
    final = final_state(magnum, cluster)
    return {"round": name, "stagger_s": stagger, "node_count_before": before, "users": users,
            "final": final, "checks": consistency_checks(users, final)}


def _user_outcome(asked, seconds, answer):
    said = messages(answer.text) if answer.status_code == 200 else []
    levels = {level for level, _text in said}
    if answer.status_code != 200:
        outcome = f"HTTP {answer.status_code}"
    elif levels & {"error", "form error"}:
        outcome = "refused"
    elif "warning" in levels:
        outcome = "accepted, not yet started"
    elif "success" in levels:
        outcome = "accepted"
    else:
        outcome = "no message"
    return {"asked": asked, "seconds": round(seconds, 2), "outcome": outcome,
            "messages": said}


def final_state(magnum, cluster, quiet=5.0):
    """Magnum's view once the cluster has stayed out of *_IN_PROGRESS for
    ``quiet`` seconds (a resize queued behind another may still start)."""
    deadline, settled_since = time.monotonic() + SETTLE_SECONDS, None
    while settled_since is None or time.monotonic() - settled_since < quiet:
        if time.monotonic() > deadline:
            raise TimeoutError(f"cluster {cluster} did not settle in {SETTLE_SECONDS} s")
        busy = magnum.clusters.get(cluster).status.endswith("IN_PROGRESS")
        settled_since = None if busy else (settled_since or time.monotonic())
        time.sleep(0.5)
    found = magnum.clusters.get(cluster)
    groups = [magnum.nodegroups.get(cluster, g.uuid) for g in magnum.nodegroups.list(cluster)]
    return {"status": found.status, "node_count": found.node_count,
            "groups": {g.name: {"role": g.role, "status": g.status, "node_count": g.node_count,
                                "node_addresses": len(g.node_addresses or [])}
                       for g in groups}}


def consistency_checks(users, final):
    """[(check, met)] of the state the round left behind; met is None
    where the check does not apply."""
    worker = final["groups"][WORKER_GROUP]
    asked = {u["asked"] for u in users}
    workers = sum(g["node_count"] for g in final["groups"].values() if g["role"] != "master")
    return [
        ("cluster UPDATE_COMPLETE", final["status"] == "UPDATE_COMPLETE"),
        ("every node group *_COMPLETE",
         all(g["status"].endswith("_COMPLETE") for g in final["groups"].values())),
        ("node_count is one of those asked for", final["node_count"] in asked),
        ("cluster node_count = its worker groups' counts", final["node_count"] == workers),
        ("worker group: one address per node", worker["node_addresses"] == worker["node_count"]),
        ("some user was told the size it ended at", any(
            u["outcome"].startswith("accepted") and u["asked"] == final["node_count"]
            for u in users)),
        ("every user saw a message", all(u["messages"] for u in users)),
        ("every refusal says why", _unless_nobody(
            [_says_why(u["messages"]) for u in users if u["outcome"] == "refused"])),
        ("nobody told 'resizing to N' ended at another size", not overridden(users, final)),
    ]


def _says_why(said):
    """Is a reason among the messages: a form error beside a field, or an
    error in coe-ui's "Unable to resize the cluster: <why>" form."""
    return any(level == "form error" or (level == "error" and ": " in text)
               for level, text in said)


def _unless_nobody(met):
    """all(met), or None (not applicable) when the list is empty."""
    return all(met) if met else None


def overridden(users, final):
    """Sizes whose users were told their resize began, yet the cluster ended elsewhere."""
    return [u["asked"] for u in users
            if u["outcome"].startswith("accepted") and u["asked"] != final["node_count"]]


def resizing(cfg, resizers):
    """The resize rounds on demo-cluster, ``resizers`` demo sessions each."""
    magnum = clients.magnum(cfg, "demo")
    cluster = magnum.clusters.get(CLUSTER_NAME).uuid
    browsers = [WebSession(cfg.horizon_url, "demo") for _ in range(resizers)]
    return [resize_round(magnum, cluster, browsers, name, stagger)
            for name, stagger in RESIZE_ROUNDS]


def resize_tables(rounds):
    users = Table("Resizing demo-cluster's workers: what each user was told",
                  ("round", "asked", "cluster when sent", "answered in", "outcome",
                   "messages shown"))
    checks = Table("Resizing: the state each round left behind",
                   ("round", "before", "final", "check", "met"))
    told = Counter()
    for found in rounds:
        for user in found["users"]:
            said = " | ".join(f"{level}: {text}" for level, text in user["messages"])
            users.add(found["round"], user["asked"], user["cluster_status_when_sent"],
                      f"{user['seconds']:.2f} s",
                      user["outcome"], said or "-")
            told[f"{user['outcome']} <- {_counted(said)}"] += 1
        final = found["final"]
        state = f"{final['node_count']} nodes, {final['status']}"
        for check, met in found["checks"]:
            checks.add(found["round"], found["node_count_before"], state, check,
                       "n/a" if met is None else verdict(met))
            state = ""
        lost = overridden(found["users"], final)
        if lost:
            checks.notes.append(f"{found['round']}: told their resize began, yet the cluster "
                                f"ended at {final['node_count']}: the users who asked for "
                                f"{', '.join(map(str, lost))}")
    users.notes += ["cluster when sent: Magnum's status read just before the form was posted",
                    "messages seen, counted over all rounds (sizes as N):"] + [
        f"  {n} x {what}" for what, n in told.most_common()]
    return [users, checks]


def _counted(text):
    """A message with its numbers made N, so that users' messages can be counted."""
    return re.sub(r"\b\d+\b", "N", text) or "no message"
