"""The parity comparison on recorded surfaces of the published servers (no network, no install).

tests/data/mcp-<provider>.json are their normalized surfaces (names, required flags, types, enums,
defaults; no descriptions), written by `python -m parity --record parity/tests/data`.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from parity.allowed import ALLOWED, AllowListError, load_allowed
from parity.compare import compare
from parity.report import ProviderResult, render
from parity.snapshot import snapshot
from parity.surface import Param, Surface, surface_from_json, surface_of, surface_to_json

DATA = Path(__file__).parent / "data"
RECORDED = sorted(DATA.glob("mcp-*.json"))


def recorded(package: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DATA / f"{package}.json").read_text())
    return data


def kling() -> Surface:
    return surface_from_json(recorded("mcp-kling")["tools"])


def keys(
    surface_a: Surface, surface_b: Surface, kind: str, allowed: dict[str, str] | None = None
) -> set[str]:
    return {d.key for d in compare(surface_a, surface_b, allowed or {}).of_kind(kind)}  # type: ignore[arg-type]


# -- reading schemas --------------------------------------------------------------------------------

SCHEMA_TOOL = {
    "name": "make",
    "inputSchema": {
        "type": "object",
        "required": ["request"],
        "properties": {
            "request": {"$ref": "#/$defs/Request"},
            "mode": {"anyOf": [{"$ref": "#/$defs/Mode"}, {"type": "null"}], "default": None},
            "count": {"type": "integer", "default": 5},
            "extra": {"anyOf": [{"type": "object", "additionalProperties": True}, {"type": "null"}]},
        },
        "$defs": {
            "Mode": {"enum": ["std", "pro"], "type": "string"},
            "Request": {
                "type": "object",
                "required": ["prompt"],
                "properties": {
                    "prompt": {"type": "string", "minLength": 1},
                    "shots": {"type": "array", "items": {"$ref": "#/$defs/Shot"}},
                },
            },
            "Shot": {"type": "object", "properties": {"index": {"type": "integer", "default": 1}}},
        },
    },
}


def test_a_schema_becomes_names_required_flags_types_enums_defaults_and_nested_properties() -> None:
    params = surface_of([SCHEMA_TOOL])["make"]
    assert params["mode"] == Param(
        required=False, types=("null", "string"), enum=("std", "pro"), has_default=True
    )
    assert params["count"] == Param(required=False, types=("integer",), has_default=True, default=5)
    assert params["extra"].open and not params["extra"].properties
    request = params["request"]
    assert request.required and request.types == ("object",)
    assert request.properties["prompt"] == Param(required=True, types=("string",))
    shot = request.properties["shots"].properties["[].index"]
    assert shot == Param(required=False, types=("integer",), has_default=True, default=1)


def test_the_json_form_round_trips() -> None:
    surface = surface_of([SCHEMA_TOOL])
    assert surface_from_json(json.loads(json.dumps(surface_to_json(surface)))) == surface


@pytest.mark.parametrize("path", RECORDED, ids=[p.stem for p in RECORDED])
def test_recordings_hold_only_the_normalized_surface(path: Path) -> None:
    """No description or other text of theirs: each parameter is a required flag, types, enum, default."""

    def check(params: dict[str, Any]) -> None:
        for spec in params.values():
            assert set(spec) <= {"required", "types", "enum", "default", "properties", "open"}, spec
            check(spec.get("properties", {}))

    data = json.loads(path.read_text())
    assert set(data) == {"package", "version", "tools"} and data["package"] == path.stem
    for params in data["tools"].values():
        check(params)


# -- comparing --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", RECORDED, ids=[p.stem for p in RECORDED])
def test_a_surface_equals_itself(path: Path) -> None:
    surface = surface_from_json(recorded(path.stem)["tools"])
    result = compare(surface, copy.deepcopy(surface), {})
    assert result.differences == () and not result.failed


def test_a_missing_tool_and_a_missing_nested_property_are_failures() -> None:
    theirs, ours = kling(), kling()
    del ours["kling_goods_studio"]
    request = ours["kling_generate_storyboard"]["request"]
    props = {k: v for k, v in request.properties.items() if k != "multi_prompt"}
    ours["kling_generate_storyboard"]["request"] = replace(request, properties=props)
    result = compare(theirs, ours, {})
    assert result.failed
    assert {d.key for d in result.of_kind("lacks")} == {
        "kling_goods_studio tool",
        "kling_generate_storyboard.request.multi_prompt parameter",
    }


def test_nested_list_items_are_compared_by_path() -> None:
    theirs, ours = kling(), kling()
    elements = ours["kling_generate_with_assets"]["request"].properties["element_list"]
    assert "[].element_id" in elements.properties
    ours["kling_generate_with_assets"]["request"].properties["element_list"] = replace(
        elements, properties={}
    )  # type: ignore[index]
    assert keys(theirs, ours, "lacks") == {
        "kling_generate_with_assets.request.element_list[].element_id parameter"
    }


def test_an_open_object_of_ours_takes_their_nested_keys() -> None:
    theirs, ours = kling(), kling()
    watermark = ours["kling_generate_motion"]["watermark_info"]
    ours["kling_generate_motion"]["watermark_info"] = replace(watermark, properties={}, open=True)
    assert compare(theirs, ours, {}).differences == ()


def test_enum_values_theirs_has_are_failures_and_ours_extra_are_not() -> None:
    theirs, ours = kling(), kling()
    model = ours["kling_generate_video"]["model"]
    assert model.enum and "kling-v3-turbo" in model.enum
    values = (*[v for v in model.enum if v != "kling-v3-turbo"], "kling-v9")
    ours["kling_generate_video"]["model"] = replace(model, enum=values)
    result = compare(theirs, ours, {})
    (lacking,) = result.of_kind("lacks")
    assert lacking.key == "kling_generate_video.model enum" and lacking.theirs == ["kling-v3-turbo"]
    (extra,) = result.of_kind("extra")
    assert extra.ours == ["kling-v9"]


def test_requiring_what_theirs_does_not_is_a_failure_and_relaxing_is_not() -> None:
    theirs, ours = kling(), kling()
    tool = ours["kling_generate_video"]
    tool["duration"] = replace(tool["duration"], required=True, has_default=False, default=None)
    tool["prompt"] = replace(tool["prompt"], required=False, has_default=True, default="")
    tool["seed"] = Param(required=True, types=("integer",))
    tool["style"] = Param(required=False, types=("string",), has_default=True, default="")
    assert keys(theirs, ours, "lacks") == {
        "kling_generate_video.duration required",
        "kling_generate_video.seed required",
    }
    assert keys(theirs, ours, "differs") == {"kling_generate_video.prompt required"}
    assert keys(theirs, ours, "extra") == {"kling_generate_video.style parameter"}


def test_a_changed_default_or_narrower_type_differs_without_failing() -> None:
    theirs, ours = kling(), kling()
    tool = ours["kling_generate_video"]
    tool["model"] = replace(tool["model"], default="kling-v2-master")
    tool["generate_audio"] = replace(tool["generate_audio"], types=("boolean",), default=False)
    result = compare(theirs, ours, {})
    assert not result.failed
    assert {d.key for d in result.of_kind("differs")} == {
        "kling_generate_video.model default",
        "kling_generate_video.generate_audio default",
        "kling_generate_video.generate_audio type",
    }


def test_allowed_differences_are_documented_with_their_reason_and_stale_entries_are_named() -> None:
    theirs, ours = kling(), kling()
    ours["kling_generate_video"]["model"] = replace(
        ours["kling_generate_video"]["model"], default="kling-v2-master"
    )
    allowed = {"kling_generate_video.model default": "our fix", "kling_extend_video.model default": "gone"}
    result = compare(theirs, ours, allowed)
    (documented,) = result.of_kind("documented")
    assert documented.reason == "our fix" and not result.failed
    assert result.stale == ("kling_extend_video.model default",)


def test_the_allow_list_gives_a_reason_for_every_entry(tmp_path: Path) -> None:
    assert all(load_allowed(ALLOWED).values())
    bad = tmp_path / "allowed.json"
    bad.write_text(json.dumps({"allowed": [{"difference": "x_tool tool", "reason": " "}]}))
    with pytest.raises(AllowListError, match="reason"):
        load_allowed(bad)


# -- reporting --------------------------------------------------------------------------------------


def test_the_report_groups_by_provider_with_versions_and_says_what_fails() -> None:
    theirs, ours = kling(), kling()
    del ours["kling_video_commerce"]
    ours["kling_wait_for_task"] = {"task_id": Param(required=True, types=("string",))}
    comparison = compare(theirs, ours, {})
    text = render([ProviderResult("kling", "mcp-kling", "2026.10.24.0", len(theirs), len(ours), comparison)])
    assert "kling: mcp-kling 2026.10.24.0" in text
    assert "theirs has, ours lacks (a failure): 1\n    - tool kling_video_commerce" in text
    assert "ours has extra: 1\n    - tool kling_wait_for_task" in text
    assert text.endswith("FAIL: ours lacks 1 thing(s) of kling")


def test_the_snapshot_pins_ours_for_every_parameter_theirs_has_and_keeps_older_entries() -> None:
    theirs = surface_from_json(recorded("mcp-veo")["tools"])
    ours = copy.deepcopy(theirs)
    ours["veo_wait_for_task"] = {"task_id": Param(required=True, types=("string",))}
    previous = {"veo_get_1080p": {"model": {"default": "veo3"}, "old_name": {"default": ""}}}
    pinned = snapshot(theirs, ours, previous)
    assert set(pinned) == set(theirs)
    assert pinned["veo_get_1080p"] == {
        "callback_url": {"default": ""},
        "model": {"default": "veo31-fast"},
        "old_name": {"default": ""},
        "video_id": "required",
    }
