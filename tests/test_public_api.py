"""Provider packages, the demo and the benchmark use the core only through its public surface:
`acemedia` and `acemedia.simulator` (each with an `__all__`), and `acemedia_testing` and its simulator
with the test harness, `acemedia_testing.simulator`, in tests, the demo and the benchmark."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PUBLIC = {
    "acemedia",
    "acemedia.errors",
    "acemedia.simulator",
    "acemedia_testing",
    "acemedia_testing.simulator",
}
CLIENT_GLOBS = ("packages/*/src/**/*.py", "packages/*/tests/*.py", "bench/*.py", "demo/*.py")
CLIENTS = sorted(path for pattern in CLIENT_GLOBS for path in ROOT.glob(pattern))


def core_imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules = [node.module]
        elif isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        else:
            continue
        names += [m for m in modules if m.split(".")[0] in ("acemedia", "acemedia_testing")]
    return names


@pytest.mark.parametrize("module", sorted(PUBLIC))
def test_each_public_module_declares_its_surface(module: str) -> None:
    imported = importlib.import_module(module)
    exported = imported.__all__
    assert exported == sorted(exported, key=lambda n: (not n.isupper(), not n[0].isupper(), n))
    assert all(hasattr(imported, name) for name in exported)


def test_clients_import_only_the_public_surface() -> None:
    private = {
        path.relative_to(ROOT).as_posix(): sorted(set(core_imports(path)) - PUBLIC) for path in CLIENTS
    }
    assert {path: names for path, names in private.items() if names} == {}
