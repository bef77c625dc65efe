"""The layout shows the architecture (docs/architecture.md): a package imports only packages
below it, so data flows one way and no package depends on the layers built on it."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "coopwatch"

# Lowest first. A package may import the ones before it in this list, never the ones after.
# Modules at the top of the package (errors, cluster, settings) are placed like packages.
LAYERS = ["errors", "lru", "gcpause", "reference", "store", "cluster", "text", "plans", "indicators", "evidence", "records",
          "evaluate", "charts", "report", "settings", "web", "cli"]


def imports_between_packages() -> dict[str, set[tuple[str, str]]]:
    """{package: {(imported package, "file:line"), ...}} over every module of coopwatch."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        package = path.relative_to(PACKAGE).parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module] + ([f"coopwatch.{a.name}" for a in node.names] if node.module == "coopwatch" else [])
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "coopwatch" and len(parts) > 1 and parts[1] != package:
                    found[package].add((parts[1], f"{path.relative_to(PACKAGE)}:{node.lineno}"))
    return found


def test_every_package_has_a_place_in_the_layers():
    packages = {p.name.removesuffix(".py") for p in PACKAGE.iterdir()
                if (p.is_dir() and (p / "__init__.py").exists()) or (p.suffix == ".py" and p.stem != "__init__")}
    assert packages - set(LAYERS) == set(), "add new packages to LAYERS and to docs/architecture.md"


def test_no_package_imports_one_above_it():
    rank = {name: i for i, name in enumerate(LAYERS)}
    upward = sorted(f"{where}: {package} imports {target}"
                    for package, edges in imports_between_packages().items()
                    for target, where in edges if rank.get(target, -1) > rank[package])
    assert upward == []


def test_no_import_cycles_between_packages():
    graph = {p: {t for t, _ in edges} for p, edges in imports_between_packages().items()}

    def reaches(start, goal, seen=()):
        return any(n == goal or (n not in seen and reaches(n, goal, seen + (n,))) for n in graph.get(start, ()))

    assert [p for p in graph if reaches(p, p)] == []


def test_the_library_never_reads_the_database_url_from_the_environment():
    reads = re.compile(r"(environ\S*|getenv)\W+COOPWATCH_DATABASE_URL")
    readers = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
               if reads.search(p.read_text(encoding="utf-8"))
               and p.relative_to(PACKAGE).parts[0] not in ("settings.py", "cli", "web")]
    assert readers == []
