"""``coe-ui enable | disable | status``: switch coe-ui's panels on or off in Horizon.

Horizon reads its panels from "enabled" files, and an operator adds a plugin's
files to ``openstack_dashboard/local/enabled/``. ``enable`` copies coe-ui's
files there, each with a first line holding the checksum of the rest, so that
``disable`` removes exactly the files ``enable`` wrote: never an operator's own
file of the same name, nor one of ours the operator has since edited.

Standard library only: it must run before Django or Horizon is configured.
"""
import argparse
import enum
import hashlib
import importlib.resources
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

ENABLED_FILE = re.compile(r"^_\d+_\w+\.py$")
STAMP = '# Copied by "coe-ui enable" (sha256 {}); "coe-ui disable" removes it.\n'
STAMP_PATTERN = re.compile(r'^# Copied by "coe-ui enable" \(sha256 ([0-9a-f]{64})\)')

EXIT_OK, EXIT_INCOMPLETE, EXIT_ERROR = 0, 1, 2


class CliError(Exception):
    """A problem the operator must fix; the message says what to do."""


class FileState(enum.Enum):
    ABSENT = "not present"
    CURRENT = "enabled"
    OUTDATED = "enabled, from an older coe-ui (run enable again)"
    COPIED = "enabled (copied by another tool; disable leaves it)"
    EDITED = "edited since coe-ui copied it (left as it is)"
    FOREIGN = "someone else's file of the same name (left as it is)"
    STALE = "copied by an older coe-ui, no longer shipped"


ENABLED_STATES = (FileState.CURRENT, FileState.OUTDATED, FileState.COPIED)


def shipped_files():
    """{file name: text} of the enabled files of this coe-ui."""
    try:
        folder = importlib.resources.files("coe_ui.enabled")
    except ModuleNotFoundError:
        # A source checkout run without installing: the top-level enabled/.
        folder = Path(__file__).resolve().parent.parent / "enabled"
    return {entry.name: entry.read_text(encoding="utf-8")
            for entry in folder.iterdir() if ENABLED_FILE.match(entry.name)}


def find_enabled_folder(horizon_dir=None):
    """Horizon's ``openstack_dashboard/local/enabled`` folder.

    ``horizon_dir`` may be that folder, the ``openstack_dashboard`` package, or
    the folder holding it (site-packages of a Kolla-style image); without it,
    the Horizon importable by this Python is used.
    """
    if horizon_dir is None:
        spec = importlib.util.find_spec("openstack_dashboard")
        if spec is None or not spec.submodule_search_locations:
            raise CliError(
                "Horizon (openstack_dashboard) is not installed in this Python environment "
                f"({sys.prefix}). Install coe-ui into Horizon's environment, or pass "
                "--horizon-dir with the path of Horizon's openstack_dashboard folder.")
        candidates = [Path(spec.submodule_search_locations[0]) / "local" / "enabled"]
    else:
        base = Path(horizon_dir).expanduser().resolve()
        candidates = [base / "openstack_dashboard" / "local" / "enabled",
                      base / "local" / "enabled", base]
    for folder in candidates:
        if folder.name == "enabled" and (folder / "__init__.py").is_file():
            return folder
    raise CliError(
        f"No Horizon enabled folder (openstack_dashboard/local/enabled/) found at "
        f"{candidates[0] if horizon_dir is None else horizon_dir}. Pass --horizon-dir with "
        "Horizon's openstack_dashboard folder (the one containing local/enabled/).")


def _checksum(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stamped(text):
    return STAMP.format(_checksum(text)) + text


def state_of(path, shipped_text):
    """How ``path`` stands against the shipped file of that name (None: not shipped)."""
    if not path.is_file():
        return FileState.ABSENT
    text = path.read_text(encoding="utf-8")
    first, _, body = text.partition("\n")
    stamp = STAMP_PATTERN.match(first)
    if stamp is None:
        return FileState.COPIED if text == shipped_text else FileState.FOREIGN
    if stamp.group(1) != _checksum(body):
        return FileState.EDITED
    if shipped_text is None:
        return FileState.STALE
    return FileState.CURRENT if body == shipped_text else FileState.OUTDATED


def survey(folder):
    """{file name: state} of every shipped file, and of files older coe-uis copied."""
    shipped = shipped_files()
    states = {name: state_of(folder / name, text) for name, text in shipped.items()}
    for path in folder.glob("_[0-9]*.py"):
        if path.name not in shipped and state_of(path, None) is FileState.STALE:
            states[path.name] = FileState.STALE
    return dict(sorted(states.items())), shipped


def _check_writable(folder):
    if not os.access(folder, os.W_OK):
        raise CliError(
            f"Cannot write to {folder}. Run this as the user that owns Horizon's files "
            "(often root), or in the image build of a containerised Horizon.")


def _write(path, text):
    """Atomically, so a Horizon starting meanwhile never reads half a file."""
    partial = path.with_name(f".{path.name}.coe-ui-partial")
    partial.write_text(text, encoding="utf-8")
    partial.chmod(0o644)
    os.replace(partial, path)


def _remove(path):
    path.unlink()
    # Horizon leaves a compiled copy behind once it has imported the file.
    for compiled in (path.parent / "__pycache__").glob(f"{path.stem}.*.pyc"):
        compiled.unlink()


def enable(folder):
    _check_writable(folder)
    states, shipped = survey(folder)
    for name, state in states.items():
        if state in (FileState.ABSENT, FileState.OUTDATED):
            _write(folder / name, stamped(shipped[name]))
            print(f"  copied   {name}")
        elif state is FileState.STALE:
            _remove(folder / name)
            print(f"  removed  {name} (no longer part of coe-ui)")
        else:
            print(f"  kept     {name}: {state.value}")
    return _settle(states, (FileState.EDITED, FileState.FOREIGN))


def disable(folder):
    _check_writable(folder)
    states, _shipped = survey(folder)
    for name, state in states.items():
        if state in (FileState.CURRENT, FileState.OUTDATED, FileState.STALE):
            _remove(folder / name)
            print(f"  removed  {name}")
        elif state is not FileState.ABSENT:
            print(f"  kept     {name}: {state.value}")
    return _settle(states, (FileState.EDITED, FileState.FOREIGN, FileState.COPIED))


def _settle(states, left_alone):
    kept = [name for name, state in states.items() if state in left_alone]
    if kept:
        print(f"coe-ui left {len(kept)} file(s) it did not write as they are: "
              f"{', '.join(kept)}. Check them, then move or delete them yourself.")
        return EXIT_INCOMPLETE
    return EXIT_OK


def status(folder):
    states, _shipped = survey(folder)
    for name, state in states.items():
        print(f"  {name}: {state.value}")
    enabled = [state in ENABLED_STATES for state in states.values()
               if state is not FileState.STALE]
    summary = "enabled" if all(enabled) else "partly enabled" if any(enabled) else "not enabled"
    print(f"coe-ui is {summary} in {folder}")
    return EXIT_OK if all(enabled) else EXIT_INCOMPLETE


def _django(*args):
    return [sys.executable, "-m", "django", *args]


STATIC_COMMANDS = (_django("collectstatic", "--noinput", "-v0"), _django("compress", "--force"))


def collect_static():
    """Horizon's static files and offline-compressed bundles, with the operator's settings."""
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "openstack_dashboard.settings")
    for command in STATIC_COMMANDS:
        print(f"  running  {' '.join(command[1:])}")
        if subprocess.run(command, env=env).returncode != 0:
            raise CliError(f"'{' '.join(command[1:])}' failed (output above); the enabled "
                           "files are in place: fix the cause and run it again.")


def _print_next_steps(collected):
    if not collected:
        print("Next: collect and compress Horizon's static files, with Horizon's settings "
              "(DJANGO_SETTINGS_MODULE=openstack_dashboard.settings):")
        for command in STATIC_COMMANDS:
            print(f"  python {' '.join(command[1:])}")
        print("(or run this command again with --collect-static)")
    print("Then restart Horizon's web server (Apache, uWSGI or the Horizon container) "
          "so that it reads the enabled files.")


def build_parser():
    parser = argparse.ArgumentParser(
        prog="coe-ui", description="Switch coe-ui's panels on or off in a Horizon installation.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    helps = {"enable": "copy coe-ui's enabled files into Horizon",
             "disable": "remove the enabled files coe-ui copied",
             "status": "show which of coe-ui's enabled files Horizon has"}
    for name, help_text in helps.items():
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.add_argument(
            "--horizon-dir", metavar="DIR",
            help="Horizon's openstack_dashboard folder, or its local/enabled folder "
                 "(default: the Horizon installed in this Python environment)")
        if name != "status":
            command.add_argument(
                "--collect-static", action="store_true",
                help="then run Django's collectstatic and compress with "
                     "$DJANGO_SETTINGS_MODULE (default openstack_dashboard.settings)")
    return parser


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        folder = find_enabled_folder(args.horizon_dir)
        print(f"Horizon enabled folder: {folder}")
        if args.command == "status":
            return status(folder)
        result = (enable if args.command == "enable" else disable)(folder)
        if args.collect_static:
            collect_static()
        _print_next_steps(args.collect_static)
        return result
    except (CliError, OSError) as error:
        print(f"coe-ui {args.command}: {error}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
