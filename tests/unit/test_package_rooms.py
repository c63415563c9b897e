"""coe_backend's rooms and the one direction of imports between them.

models/ and rules/ are pure (no I/O, no network library), render/ makes
client files from what it is given, magnum/ is the wire, and client/ puts
them together; the UI reads the public surface (coe_backend/__init__.py).
A module importing against that direction fails here, naming the import.
"""

import ast
import pathlib

import coe_backend

PACKAGE = pathlib.Path(coe_backend.__file__).parent
SHARED = {"errors", "i18n"}
# What each room may import from coe_backend, besides itself and SHARED.
MAY_IMPORT = {
    "models": {"rules"},
    "rules": {"models"},
    "render": set(),
    "magnum": {"models", "rules"},
    "client": {"models", "rules", "render", "magnum"},
}
NETWORK_LIBRARIES = {"keystoneauth1", "magnumclient", "openstack", "requests"}


def imports(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            yield from (names if node.module == "coe_backend" else [node.module])


def room_of(module):
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "coe_backend" else None


def test_every_module_lives_in_a_room():
    loose = {path.stem for path in PACKAGE.glob("*.py")} - SHARED - {"__init__"}
    assert not loose, f"modules outside a room: {sorted(loose)}"
    assert {path.name for path in PACKAGE.iterdir() if path.is_dir()
            and (path / "__init__.py").exists()} == set(MAY_IMPORT)
    assert (PACKAGE / "py.typed").exists()


def test_rooms_import_in_one_direction_only():
    wrong = []
    for room, allowed in MAY_IMPORT.items():
        for path in (PACKAGE / room).glob("*.py"):
            for module in imports(path):
                target = room_of(module)
                if target and target not in {room, *SHARED, *allowed}:
                    wrong.append(f"{room}/{path.name} imports {module}")
    assert not wrong, "\n".join(wrong)


def test_pure_rooms_import_no_network_library():
    for room in ("models", "rules", "render"):
        for path in (PACKAGE / room).glob("*.py"):
            used = {module.split(".")[0] for module in imports(path)} & NETWORK_LIBRARIES
            assert not used, f"{room}/{path.name} imports {sorted(used)}"


def test_the_public_surface_resolves():
    missing = [name for name in coe_backend.__all__ if not hasattr(coe_backend, name)]
    assert not missing
