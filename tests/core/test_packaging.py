"""What a new user installs: every module the app imports is declared, and a wheel (a plain
``pip install .``) carries every file the code reads, not only the Python modules."""

from __future__ import annotations

import ast
import importlib.metadata
import json
import re
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_PACKAGES = (
    "core",
    "federation",
    "events",
    "partners",
    "graph",
    "indicators",
    "migrations",
    "translations",
)
FIRST_PARTY = {*APP_PACKAGES, "wsgi", "tests", "bench"}


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {
        _canonical(re.split(r"[\s<>=!~;\[]", spec, maxsplit=1)[0])
        for spec in project["dependencies"]
    }


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _imported_modules(path: Path) -> set[str]:
    """Top-level names of every import in ``path``, those inside functions included."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _app_sources() -> list[Path]:
    files = [ROOT / "wsgi.py"]
    for package in APP_PACKAGES:
        files.extend((ROOT / package).rglob("*.py"))
    return files


def _requirements_closure(names: set[str]) -> set[str]:
    """The declared distributions and everything they require (extras left out)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = importlib.metadata.requires(name) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for spec in requires:
            if "extra ==" not in spec:
                todo.append(_canonical(re.split(r"[\s<>=!~;\[(]", spec, maxsplit=1)[0]))
    return seen


def _distributions_of(modules: set[str], providers: Mapping[str, list[str]]) -> dict[str, set[str]]:
    """module → distributions providing it, for the modules that are not stdlib/first-party
    (``providers``: ``importlib.metadata.packages_distributions()``, read once: it reads every
    installed distribution's file list)."""
    return {
        module: {_canonical(d) for d in providers.get(module, [])}
        for module in modules
        if module not in sys.stdlib_module_names and module not in FIRST_PARTY
    }


def test_every_module_the_code_imports_is_a_declared_dependency() -> None:
    declared = _declared()
    providers = importlib.metadata.packages_distributions()
    undeclared = {}
    for path in _app_sources():
        for module, dists in _distributions_of(_imported_modules(path), providers).items():
            if not dists & declared:
                undeclared[f"{path.relative_to(ROOT)}: {module}"] = sorted(dists) or "?"
    assert not undeclared, f"imported but not in [project] dependencies: {undeclared}"


PROBE = """
import importlib.abc, json, os, sys, tempfile

BLOCKED = set(json.loads(os.environ["PROBE_BLOCKED"]))


class Undeclared(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            raise ModuleNotFoundError(f"No module named {name!r} (not declared)", name=name)


sys.meta_path.insert(0, Undeclared())
from flask_migrate import upgrade

from core.app import create_app
from graph import metrics
from graph.build import LinkEdge, PartnerNode, build_graph

db = tempfile.mkdtemp()
app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{db}/probe.sqlite3", "SECRET_KEY": "x"})
with app.app_context():
    upgrade()
nodes = [PartnerNode(n, f"p{n}", f"P{n}", "", "park", "shanghai", "CN", "") for n in range(6)]
metrics.summary(build_graph(nodes, [LinkEdge(n, (n + 1) % 6, "mou") for n in range(6)]))
client = app.test_client()
pages = ["/en/", "/zh/events", "/en/partners", "/en/network", "/zh/network", "/api/v1/graph",
         "/api/v1/events", "/feeds/all.ics"]
print(json.dumps({page: client.get(page).status_code for page in pages}))
"""


def test_the_app_runs_on_the_declared_dependencies_alone(tmp_path: Path) -> None:
    """networkx imports numpy and scipy only when a metric runs: a fresh venv without them
    answered 500 on the network page. Here every module of a distribution that is neither
    declared nor required by a declared one is made unimportable, as in a new user's venv,
    and the app is built, migrated and its pages and network metrics run."""
    allowed = _requirements_closure(_declared())
    providers = importlib.metadata.packages_distributions()
    blocked = sorted(
        module
        for module, dists in providers.items()
        if module not in FIRST_PARTY and not {_canonical(d) for d in dists} & allowed
    )
    env = {
        "HUIJU_INSTANCE_PATH": str(tmp_path),
        "HUIJU_SCHEDULER": "off",
        "PATH": "",
        "PROBE_BLOCKED": json.dumps(blocked),
    }
    run = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    statuses = json.loads(run.stdout.splitlines()[-1])
    assert all(status < 500 for status in statuses.values()), statuses


def _tracked_package_files() -> list[str]:
    listed = subprocess.run(
        ["git", "ls-files", "--", *APP_PACKAGES],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [name for name in listed if "__pycache__" not in name]


@pytest.mark.slow
def test_a_wheel_carries_every_file_of_the_packages(tmp_path: Path) -> None:
    """A plain `pip install .` lacked core/data/common-passwords.txt (and the catalogs)."""
    files = _tracked_package_files()
    if not files:
        pytest.fail("git ls-files found no package files: run the tests from a git checkout")
    source = tmp_path / "source"
    for name in [*files, "pyproject.toml", "README.md"]:
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_bytes((ROOT / name).read_bytes())
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (tmp_path / "dist").glob("huiju-*.whl")
    packed = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in files if name not in packed]
    assert not missing, f"not in the wheel: {missing}"
