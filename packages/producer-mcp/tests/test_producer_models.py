"""Producer's enums match the upstream spec, and PRODUCER_DEFAULT_MODEL is honoured or refused at start."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import get_args

import pytest
from acemedia import ConfigError
from producer_mcp import guides, models


@pytest.fixture
def reload_models(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    yield monkeypatch
    monkeypatch.delenv("PRODUCER_DEFAULT_MODEL", raising=False)
    importlib.reload(models)


def test_enums_match_the_upstream_spec() -> None:
    assert get_args(models.ProducerModel) == (
        "FUZZ-2.0 Pro",
        "FUZZ-2.0",
        "FUZZ-2.0 Raw",
        "FUZZ-1.1 Pro",
        "FUZZ-1.0 Pro",
        "FUZZ-1.0",
        "FUZZ-1.1",
        "FUZZ-0.8",
    )
    assert set(get_args(models.AudioAction)) == {
        "generate",
        "extend",
        "cover",
        "variation",
        "swap_vocals",
        "swap_instrumentals",
        "replace_section",
        "stems",
    }
    assert models.DEFAULT_MODEL == "FUZZ-2.0"
    assert {name for name, _, _ in guides.MODELS} == set(get_args(models.ProducerModel))


def test_default_model_comes_from_the_environment(reload_models: pytest.MonkeyPatch) -> None:
    reload_models.setenv("PRODUCER_DEFAULT_MODEL", "FUZZ-2.0 Pro")
    importlib.reload(models)
    assert models.DEFAULT_MODEL == "FUZZ-2.0 Pro"
    assert "| FUZZ-2.0 Pro * |" in guides.models_text()


def test_unknown_default_model_stops_the_server_at_start(reload_models: pytest.MonkeyPatch) -> None:
    reload_models.setenv("PRODUCER_DEFAULT_MODEL", "FUZZ-9")
    with pytest.raises(ConfigError, match="PRODUCER_DEFAULT_MODEL"):
        importlib.reload(models)
