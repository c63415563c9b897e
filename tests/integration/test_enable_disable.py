"""``coe-ui enable / disable / status`` against a Horizon in a temporary folder.

coe-ui is pip-installed into a temporary folder (the package an operator gets,
console script included). Horizon is the one of this environment, with its
local enabled folder swapped for a temporary one by a local_settings module
(the trick devcloud's Horizon settings use), so the real site-packages are
never written to. Every check of Horizon runs in a fresh Python process.
"""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openstack_dashboard
import pytest

REPO = Path(__file__).resolve().parents[2]
SOURCES = ("coe_ui", "coe_backend", "enabled", "setup.py", "setup.cfg", "pyproject.toml",
           "README.md")
ADMIN_PANELS = {"clusters", "cluster_quotas", "coe_services", "checkup", "fleet"}
PROJECT_PANELS = {"clusters", "cluster_templates", "fleet"}

LOCAL_SETTINGS = '''
import os
import openstack_dashboard.local.enabled as _local_enabled

# Horizon's local enabled folder is the test's temporary one.
_local_enabled.__path__[:] = [os.environ["TEST_HORIZON_ENABLED"]]
SECRET_KEY = "coe-ui enable/disable test"
STATIC_ROOT = os.environ["TEST_STATIC_ROOT"]
COMPRESS_OFFLINE = True
'''

# Prints what Horizon made of the enabled files, as JSON.
HORIZON_REPORT = '''
import json, django
django.setup()
from django.conf import settings
from django.urls import get_resolver
import horizon
get_resolver().url_patterns  # Horizon registers the enabled panels while building its URLs
import coe_ui
print(json.dumps({
    "coe_ui_app": "coe_ui" in settings.INSTALLED_APPS,
    "coe_ui_from": coe_ui.__file__,
    "panels": {dash: sorted(p.slug for p in horizon.get_dashboard(dash).get_panels()
                            if type(p).__module__.startswith("coe_ui."))
               for dash in ("project", "admin")},
}))
'''


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """coe-ui pip-installed (without dependencies) into a folder of its own."""
    source, target = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("site")
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(path, source / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(path, source / name)
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index",
                    "--no-build-isolation", "--target", str(target), str(source)],
                   check=True, capture_output=True)
    return target


@pytest.fixture
def horizon(tmp_path, site):
    """A Horizon tree whose local enabled folder starts as pip installed it, and the
    environment that loads this Horizon with coe-ui from ``site``."""
    package = tmp_path / "horizon" / "openstack_dashboard"
    shutil.copytree(Path(openstack_dashboard.__file__).parent / "local" / "enabled",
                    package / "local" / "enabled", ignore=shutil.ignore_patterns("__pycache__"))
    settings = tmp_path / "settings" / "local"
    settings.mkdir(parents=True)
    (settings / "__init__.py").write_text("")
    (settings / "local_settings.py").write_text(LOCAL_SETTINGS)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(settings.parent), str(site)]),
               DJANGO_SETTINGS_MODULE="openstack_dashboard.settings", PYTHONWARNINGS="ignore",
               TEST_HORIZON_ENABLED=str(package / "local" / "enabled"),
               TEST_STATIC_ROOT=str(tmp_path / "static"))
    return package, env


def coe_ui(horizon, *args, python_flags=()):
    """Runs the installed console script; returns (exit code, output)."""
    package, env = horizon
    script = Path(env["PYTHONPATH"].split(os.pathsep)[-1]) / "bin" / "coe-ui"
    done = subprocess.run([sys.executable, *python_flags, str(script), *args], env=env,
                          cwd=package.parent, capture_output=True, text=True)
    return done.returncode, done.stdout + done.stderr


def horizon_report(horizon):
    package, env = horizon
    done = subprocess.run([sys.executable, "-c", HORIZON_REPORT], env=env, cwd=package.parent,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def tree(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def without_bytecode(files):
    return {name: data for name, data in files.items() if "__pycache__" not in name}


def enabled_folder(horizon):
    return horizon[0] / "local" / "enabled"


def test_enable_then_disable_leaves_horizon_as_it_was(horizon, site):
    folder = enabled_folder(horizon)
    before = tree(folder)
    assert horizon_report(horizon)["panels"] == {"project": [], "admin": []}

    code, output = coe_ui(horizon, "enable", "--horizon-dir", str(horizon[0]))
    assert code == 0, output
    assert "collectstatic" in output and "restart" in output  # the next steps
    report = horizon_report(horizon)
    assert report["coe_ui_app"]
    assert report["coe_ui_from"].startswith(str(site))  # the installed package
    assert set(report["panels"]["project"]) == PROJECT_PANELS
    assert set(report["panels"]["admin"]) == ADMIN_PANELS

    code, output = coe_ui(horizon, "disable", "--horizon-dir", str(horizon[0]))
    assert code == 0, output
    after = tree(folder)
    assert without_bytecode(after) == without_bytecode(before)
    assert not [name for name in after if "__pycache__" in name and "container_infra" in name]
    report = horizon_report(horizon)
    assert report["panels"] == {"project": [], "admin": []}
    assert not report["coe_ui_app"]


def test_enable_twice_changes_nothing_and_status_says_what_is_enabled(horizon):
    code, output = coe_ui(horizon, "status", "--horizon-dir", str(horizon[0]))
    assert code == 1 and "coe-ui is not enabled" in output
    coe_ui(horizon, "enable", "--horizon-dir", str(horizon[0]))
    first = tree(enabled_folder(horizon))

    code, output = coe_ui(horizon, "enable", "--horizon-dir", str(horizon[0]))
    assert code == 0, output
    assert "copied" not in output
    assert tree(enabled_folder(horizon)) == first
    code, output = coe_ui(horizon, "status", "--horizon-dir", str(horizon[0]))
    assert code == 0 and "coe-ui is enabled" in output

    coe_ui(horizon, "disable", "--horizon-dir", str(horizon[0]))
    code, output = coe_ui(horizon, "disable", "--horizon-dir", str(horizon[0]))
    assert code == 0, output


def test_an_operators_own_or_edited_file_is_never_overwritten_nor_deleted(horizon):
    folder = enabled_folder(horizon)
    own = folder / "_1371_project_container_infra_clusters_panel.py"
    own.write_text("# the operator's own panel file\n")
    code, output = coe_ui(horizon, "enable", "--horizon-dir", str(horizon[0]))
    assert code == 1 and own.name in output
    assert own.read_text() == "# the operator's own panel file\n"

    edited = folder / "_2373_admin_container_infra_coe_services_panel.py"
    edited.write_text(edited.read_text() + "# an operator's change\n")
    code, output = coe_ui(horizon, "disable", "--horizon-dir", str(horizon[0]))
    assert code == 1 and own.name in output and edited.name in output
    assert sorted(p.name for p in folder.glob("_[0-9]*.py")) == sorted([own.name, edited.name])


def test_files_copied_from_the_package_by_another_tool_count_as_enabled(horizon, site):
    """Kolla-style images copy the package's enabled files themselves."""
    folder, shipped = enabled_folder(horizon), list((site / "coe_ui" / "enabled").glob("_[0-9]*.py"))
    for path in shipped:
        shutil.copy(path, folder)
    code, output = coe_ui(horizon, "status", "--horizon-dir", str(horizon[0]))
    assert code == 0 and "copied by another tool" in output
    code, output = coe_ui(horizon, "disable", "--horizon-dir", str(horizon[0]))
    assert code == 1  # not coe-ui's to remove
    assert sorted(p.name for p in folder.glob("_[0-9]*.py")) == sorted(p.name for p in shipped)


def test_an_upgrade_refreshes_old_copies_and_removes_files_no_longer_shipped(horizon):
    from coe_ui import cli
    folder = enabled_folder(horizon)
    outdated = folder / "_1371_project_container_infra_clusters_panel.py"
    outdated.write_text(cli.stamped("PANEL = 'clusters'  # as an older coe-ui shipped it\n"))
    retired = folder / "_2379_admin_container_infra_retired_panel.py"
    retired.write_text(cli.stamped("PANEL = 'retired'\n"))

    code, output = coe_ui(horizon, "enable", "--horizon-dir", str(horizon[0]))
    assert code == 0, output
    assert "older coe-ui" not in outdated.read_text()
    assert not retired.exists()


def test_horizon_is_found_in_the_python_environment(horizon, tmp_path):
    package, env = horizon
    fake = tmp_path / "elsewhere" / "openstack_dashboard"
    shutil.copytree(package, fake)
    (fake / "__init__.py").write_text("")
    env["PYTHONPATH"] = os.pathsep.join([str(fake.parent), env["PYTHONPATH"]])
    code, output = coe_ui(horizon, "enable")
    assert code == 0, output
    assert f"Horizon enabled folder: {fake / 'local' / 'enabled'}" in output
    assert list((fake / "local" / "enabled").glob("_1370_*.py"))


def test_no_horizon_is_a_clear_error(horizon, tmp_path):
    code, output = coe_ui(horizon, "enable", "--horizon-dir", str(tmp_path / "nothing"))
    assert code == 2 and "--horizon-dir" in output
    # Without site-packages, this Python has no Horizon to find.
    code, output = coe_ui(horizon, "status", python_flags=("-S",))
    assert code == 2 and "Horizon (openstack_dashboard) is not installed" in output


def test_a_folder_it_may_not_write_to_is_a_clear_error(horizon, monkeypatch, capsys):
    from coe_ui import cli
    monkeypatch.setattr(cli.os, "access", lambda path, mode: False)  # as a non-root user sees it
    assert cli.main(["enable", "--horizon-dir", str(horizon[0])]) == 2
    assert "Cannot write to" in capsys.readouterr().err
    assert not list(enabled_folder(horizon).glob("_[0-9]*.py"))


def test_collect_static_prepares_horizons_static_files_with_the_plugin(horizon, site):
    code, output = coe_ui(horizon, "enable", "--horizon-dir", str(horizon[0]),
                          "--collect-static")
    assert code == 0, output
    static, ours = Path(horizon[1]["TEST_STATIC_ROOT"]), site / "coe_ui" / "static"
    assert [p for p in ours.rglob("*") if p.is_file()]
    assert all((static / p.relative_to(ours)).is_file() for p in ours.rglob("*") if p.is_file())
    assert (static / "dashboard" / "manifest.json").is_file()  # offline compression ran


def compile_catalog(po, mo):
    """GNU msgfmt's checks when gettext is installed, else Babel's (a Horizon dependency)."""
    if shutil.which("msgfmt"):
        done = subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)],
                              capture_output=True, text=True)
        return done.stderr if done.returncode else None
    from babel.messages import mofile, pofile
    with open(po, "rb") as source:
        catalog = pofile.read_po(source)
    problems = [f"{message.id}: {errors}" for message, errors in catalog.check()]
    with open(mo, "wb") as target:
        mofile.write_mo(target, catalog)
    return "\n".join(problems) or None


def test_the_message_catalogs_compile(tmp_path):
    catalogs = sorted((REPO / "coe_ui" / "locale").glob("*/LC_MESSAGES/*.po"))
    assert catalogs
    for po in catalogs:
        assert compile_catalog(po, tmp_path / f"{po.stem}.mo") is None, po


def test_the_installed_package_carries_every_template_policy_and_catalog(site):
    wanted = {str(p.relative_to(REPO)) for pattern in ("**/*.html", "**/*.yaml", "**/*.po",
                                                       "static/**/*.*")
              for p in (REPO / "coe_ui").glob(pattern)}
    missing = sorted(name for name in wanted if not (site / name).is_file())
    assert not missing, f"setup.cfg's package_data leaves out: {missing}"
