"""The label selectors kubectl sends (``-l``, ``?labelSelector=``), and whether
an object's labels satisfy one.

Named apart from the standard library's ``selectors``, which ``http.server``
imports: a module of that name would shadow it for a script run from here.
"""
import re


def parse(text):
    """label selector subset: k=v, k==v, k!=v, k, !k (comma-separated), and
    k in (v), k notin (v) with one value (the text is split at every comma first)."""
    reqs = []
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        if "!=" in part:
            k, v = part.split("!=", 1)
            reqs.append(("ne", k.strip(), v.strip()))
        elif "==" in part:
            k, v = part.split("==", 1)
            reqs.append(("eq", k.strip(), v.strip()))
        elif "=" in part:
            k, v = part.split("=", 1)
            reqs.append(("eq", k.strip(), v.strip()))
        elif part.startswith("!"):
            reqs.append(("absent", part[1:].strip(), None))
        else:
            m = re.match(r"^(\S+)\s+(in|notin)\s+\((.*)\)$", part)
            if m:
                values = {v.strip() for v in m.group(3).split(",")}
                reqs.append((m.group(2), m.group(1), values))
            else:
                reqs.append(("exists", part, None))
    return reqs


def matches(labels, reqs):
    for op, key, value in reqs:
        have = labels.get(key)
        if op == "eq" and have != value:
            return False
        if op == "ne" and have == value:
            return False
        if op == "exists" and key not in labels:
            return False
        if op == "absent" and key in labels:
            return False
        if op == "in" and have not in value:
            return False
        if op == "notin" and have in value:
            return False
    return True
