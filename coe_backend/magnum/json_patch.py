"""JSON Patch documents the way Magnum accepts them.

A patch value may only be text or an integer (JsonPatchType.value), so dict
and list values (labels, node_labels, node_taints) are sent as the text of a
Python literal, which Magnum's apply_jsonpatch reads back with
ast.literal_eval on "replace" (python-magnumclient does the same).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def patch_operations(changes: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One "replace" per changed field, or "remove" where the value is None."""
    operations = []
    for name, value in changes.items():
        path = f"/{name}"
        if value is None:
            operations.append({"op": "remove", "path": path})
        else:
            if isinstance(value, (dict, list)):
                value = repr(value)
            operations.append({"op": "replace", "path": path, "value": value})
    return operations
