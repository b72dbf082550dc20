"""A provider is one folder for its tests too: every installed provider keeps its recorded data in its own
`tests/data` and runs the shared checks on it, so a new provider is checked as soon as it is installed.

What each provider's folder holds is described in `acemedia_testing.recorded`: the exact request bytes
its tools send upstream, its edge cases, the upstream's request schemas, the existing server's tool surface
and tool-list size, and its documented replies. The checks themselves run in the provider's own tests
(its `ProviderContract` subclass mixes in `RecordedContract`); here, for every installed provider (its
`acemedia.providers` entry point), that they do, on data that names only that provider.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from acemedia import ProviderServer
from acemedia_testing import (
    REQUIRED_FILES,
    ProviderContract,
    ProviderData,
    contract_classes,
    provider_folder,
)

from .conftest import PROVIDERS

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("provider", PROVIDERS)
def test_each_provider_keeps_its_test_data_in_its_own_folder(provider: str) -> None:
    data = ProviderData.of(provider).folder
    assert data == provider_folder(provider) / "tests" / "data"
    missing = [name for name in REQUIRED_FILES if not (data / name).is_file()]
    assert missing == [], f"{provider}: {data} lacks {missing}"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_each_provider_runs_the_recorded_checks_on_its_own_data(provider: str) -> None:
    """Its contract class mixes in RecordedContract with its own server and its own tests/data."""
    data = ProviderData.of(provider)
    server = ProviderServer.installed(provider)
    contracts = contract_classes(data.folder.parent)
    mine = [
        c
        for c in contracts
        if issubclass(c, ProviderContract)
        and c.server is server
        and Path(c.data_dir).resolve() == data.folder
    ]
    assert len(mine) == 1, f"{provider}: {[c.__name__ for c in contracts]} (one must check {data.folder})"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_each_providers_data_names_only_itself(provider: str) -> None:
    """A folder copied from another provider and renamed keeps nothing of the one it came from."""
    data = ProviderData.of(provider)
    tools = (
        [e["tool"] for e in data.bodies()] + [tool for tool, _ in data.edge_cases()] + list(data.surface())
    )
    assert [t for t in tools if not t.startswith(f"{provider}_")] == []
    assert [e["path"] for e in data.bodies() if not e["path"].startswith(f"/{provider}/")] == []
    schemas = data.schemas()
    paths = [*schemas.schemas, *schemas.unpublished, *(e["endpoint"] for e in schemas.errata)]
    assert [p for p in paths if not p.startswith(f"/{provider}/")] == []
    assert {row["provider"] for row in data.readings()} == {provider}


def test_the_workspace_tests_hold_no_providers_data() -> None:
    """tests/data is for cross-package data only: each provider's recordings are in its own folder."""
    shared = ROOT / "tests" / "data"
    assert [
        name for name in REQUIRED_FILES if name != "reply_readings.json" and (shared / name).exists()
    ] == []


# where a list of the providers would go stale when one is added: the workspace's tests and tools
TOOL_GLOBS = ("tests/**/*.py", "libs/*/tests/**/*.py", "libs/acemedia-testing/**/*.py", "bench/**/*.py")
TOOL_GLOBS += ("demo/**/*.py", "parity/**/*.py")


def _named_providers(node: ast.AST, names: set[str]) -> set[str]:
    """The providers a list, tuple, set or dict literal names (as a name, a tool, a path or a script)."""
    if isinstance(node, ast.Dict):
        items: list[ast.expr | None] = list(node.keys)
    elif isinstance(node, ast.List | ast.Tuple | ast.Set):
        items = list(node.elts)
    else:
        return set()
    found: set[str] = set()
    for item in items:
        if isinstance(item, ast.Constant) and isinstance(item.value, str):
            text = item.value.strip("/")
            found |= {n for n in names if text == n or text.startswith((f"{n}_", f"{n}-", f"{n}/"))}
    return found


def test_no_test_or_tool_spells_the_list_of_providers() -> None:
    """Each loops over the installed providers instead; a sample of one or two for a behaviour is fine."""
    names = set(PROVIDERS)
    spelled: dict[str, list[int]] = {}
    for path in sorted({p for pattern in TOOL_GLOBS for p in ROOT.glob(pattern)}):
        if {"node_modules", ".venv"} & set(path.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if len(_named_providers(node, names)) >= 3:
                spelled.setdefault(path.relative_to(ROOT).as_posix(), []).append(getattr(node, "lineno", 0))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
    lines = [n for n, line in enumerate(makefile, 1) if len({p for p in names if p in line.split()}) >= 3]
    if lines:
        spelled["Makefile"] = lines
    assert spelled == {}, "these list the providers: loop over the installed ones (acemedia.provider_names)"
