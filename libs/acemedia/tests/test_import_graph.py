"""The core's modules import each other downhill only: no circle, not even one hidden behind
`TYPE_CHECKING` or an import inside a function; and the core never imports its test support
(`acemedia_testing`, which holds the simulator's test harness), so the runtime wheel works without it."""

from __future__ import annotations

import ast
from pathlib import Path

import acemedia

ROOT = Path(acemedia.__file__).parent
PACKAGE = "acemedia"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in ROOT.rglob("*.py")}


def imported_anything(name: str, path: Path) -> set[str]:
    """Every module `name` imports, core or not, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from pkg import sub` imports the module pkg.sub when there is one
            found |= {f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names}
    return found


def imported(name: str, path: Path) -> set[str]:
    """Every core module `name` imports, wherever the import statement stands."""
    # importing a submodule runs its packages' __init__ first, but that is no edge of ours
    found = imported_anything(name, path)
    return {m for m in found if m in MODULES and m != name and not name.startswith(f"{m}.")}


def cycles() -> list[list[str]]:
    graph = {name: sorted(imported(name, path)) for name, path in MODULES.items()}
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                found.append([*path[path.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_the_graph_sees_the_core_modules() -> None:
    assert {"acemedia.server", "acemedia.tasks.tools", "acemedia.simulator.app"} <= set(MODULES)
    assert "acemedia.tasks.tools" in imported("acemedia.server", MODULES["acemedia.server"])


def test_the_core_has_no_import_circle() -> None:
    assert cycles() == []


def test_the_core_never_imports_its_test_support() -> None:
    testing = {
        name: sorted(m for m in imported_anything(name, path) if m.split(".")[0] == "acemedia_testing")
        for name, path in MODULES.items()
    }
    assert {name: found for name, found in testing.items() if found} == {}


def test_the_simulator_in_the_core_is_the_engine_only() -> None:
    harness = {"__main__", "admin", "faults", "journal", "platform", "signin"}
    assert {f"acemedia.simulator.{m}" for m in harness} & set(MODULES) == set()
    assert {"acemedia.simulator.hooks", "acemedia.simulator.runner", "acemedia.simulator.store"} <= set(
        MODULES
    )
