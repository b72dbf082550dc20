"""Producer through a real MCP client: every tool's request body, bad input, and task states."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import respx
from acemedia_testing import BadCase, ProviderContract, RecordedContract, SubmitCase, tool_text
from producer_mcp.server import server

DATA = Path(__file__).parent / "data"  # this provider's recorded bodies, schemas, surface and budget

A = "/producer/audios"
M = "FUZZ-2.0"
HOOK = "https://hook.test/cb"
LYRIC = "[Verse]\nCity lights\n[Chorus]\nHold on"


def audio(action: str, **fields: Any) -> dict[str, Any]:
    """A /producer/audios body: `prompt` and `lyric`, which the upstream's schema requires, are always sent."""
    return {"action": action, "prompt": "", "lyric": "", **fields}


def custom(**fields: Any) -> dict[str, Any]:
    """The body of a song from LYRIC titled "Lights"."""
    return audio("generate", custom=True, lyric=LYRIC, title="Lights", **fields)


class TestProducerContract(ProviderContract, RecordedContract):
    server = server
    data_dir = DATA
    catalog_tools = {
        "producer_generate_music",
        "producer_generate_custom_music",
        "producer_extend_music",
        "producer_cover_music",
        "producer_variation_music",
        "producer_swap_vocals",
        "producer_swap_instrumentals",
        "producer_replace_section",
        "producer_stems_music",
        "producer_generate_lyrics",
        "producer_upload_audio",
        "producer_generate_video",
        "producer_generate_wav",
        "producer_get_task",
        "producer_get_tasks_batch",
        "producer_list_models",
        "producer_list_actions",
        "producer_get_lyric_format_guide",
    }
    submit_cases = [
        # generate: defaults, then every option
        SubmitCase(
            "producer_generate_music",
            {"prompt": "calm lo-fi"},
            A,
            audio("generate", prompt="calm lo-fi", model=M, instrumental=False, **{"async": True}),
        ),
        SubmitCase(
            "producer_generate_music",
            {
                "prompt": "calm lo-fi",
                "model": "FUZZ-2.0 Pro",
                "instrumental": True,
                "lyrics_strength": 0,
                "sound_strength": 0.2,
                "weirdness": 1,
                "seed": "2450882164",
                "callback_url": HOOK,
            },
            A,
            audio(
                "generate",
                prompt="calm lo-fi",
                model="FUZZ-2.0 Pro",
                instrumental=True,
                lyrics_strength=0,
                sound_strength=0.2,
                weirdness=1,
                seed="2450882164",
                callback_url=HOOK,
            ),
        ),
        # explicit async (the wire name) reaches the body as given, with or without a callback
        SubmitCase(
            "producer_generate_music",
            {"prompt": "p", "async": False},
            A,
            audio("generate", prompt="p", model=M, instrumental=False, **{"async": False}),
        ),
        SubmitCase(
            "producer_generate_music",
            {"prompt": "p", "callback_url": HOOK, "async": True},
            A,
            audio("generate", prompt="p", model=M, instrumental=False, callback_url=HOOK, **{"async": True}),
        ),
        # unset options (None or "") are left out, never sent as null
        SubmitCase(
            "producer_generate_music",
            {"prompt": "p", "callback_url": "", "seed": None, "async": None},
            A,
            audio("generate", prompt="p", model=M, instrumental=False, **{"async": True}),
        ),
        SubmitCase(
            "producer_generate_custom_music",
            {"lyric": LYRIC, "title": "Lights"},
            A,
            custom(
                model=M,
                instrumental=False,
                **{"async": True},
            ),
        ),
        SubmitCase(
            "producer_generate_custom_music",
            {
                "lyric": LYRIC,
                "title": "Lights",
                "prompt": "synthwave",
                "model": "FUZZ-1.0",
                "lyrics_strength": 0.7,
                "sound_strength": 1,
                "weirdness": 0.5,
                "seed": "7",
                "async": False,
            },
            A,
            custom(
                prompt="synthwave",
                model="FUZZ-1.0",
                instrumental=False,
                lyrics_strength=0.7,
                sound_strength=1,
                weirdness=0.5,
                seed="7",
                **{"async": False},
            ),
        ),
        # the older name `style` still works: the text travels as `prompt`, alone or next to the same prompt
        *[
            SubmitCase(
                "producer_generate_custom_music",
                {"lyric": LYRIC, "title": "Lights", **names},
                A,
                custom(
                    prompt="synthwave",
                    model=M,
                    instrumental=False,
                    **{"async": True},
                ),
            )
            for names in ({"style": "synthwave"}, {"prompt": "synthwave", "style": "synthwave"})
        ],
        SubmitCase(
            "producer_extend_music",
            {"audio_id": "song-1", "continue_at": 0},
            A,
            audio("extend", audio_id="song-1", continue_at=0, model=M, **{"async": True}),
        ),
        SubmitCase(
            "producer_extend_music",
            {
                "audio_id": "song-1",
                "continue_at": 95.5,
                "lyric": "[Outro]\nGoodnight",
                "prompt": "slower",
                "model": "FUZZ-2.0 Raw",
                "callback_url": HOOK,
            },
            A,
            audio(
                "extend",
                audio_id="song-1",
                continue_at=95.5,
                lyric="[Outro]\nGoodnight",
                prompt="slower",
                model="FUZZ-2.0 Raw",
                callback_url=HOOK,
            ),
        ),
        SubmitCase(
            "producer_extend_music",
            {"audio_id": "song-1", "continue_at": 30, "style": "slower"},
            A,
            audio("extend", audio_id="song-1", continue_at=30, prompt="slower", model=M, **{"async": True}),
        ),
        SubmitCase(
            "producer_cover_music",
            {"audio_id": "song-1"},
            A,
            audio("cover", audio_id="song-1", model=M, **{"async": True}),
        ),
        SubmitCase(
            "producer_cover_music",
            {"audio_id": "song-1", "prompt": "make it jazzy", "style": "jazz", "async": True},
            A,
            audio(
                "cover", audio_id="song-1", prompt="make it jazzy", style="jazz", model=M, **{"async": True}
            ),
        ),
        SubmitCase(
            "producer_variation_music",
            {"audio_id": "song-1"},
            A,
            audio("variation", audio_id="song-1", model=M, **{"async": True}),
        ),
        SubmitCase(
            "producer_variation_music",
            {"audio_id": "song-1", "prompt": "brighter", "model": "FUZZ-1.1", "callback_url": HOOK},
            A,
            audio("variation", audio_id="song-1", prompt="brighter", model="FUZZ-1.1", callback_url=HOOK),
        ),
        SubmitCase(
            "producer_swap_vocals",
            {"audio_id": "music", "swap_audio_id": "voice"},
            A,
            audio("swap_vocals", audio_id="music", swap_audio_id="voice", **{"async": True}),
        ),
        # the newest published server and the upstream's schema send no donor song: it is left out
        SubmitCase(
            "producer_swap_vocals",
            {"audio_id": "music"},
            A,
            audio("swap_vocals", audio_id="music", **{"async": True}),
        ),
        SubmitCase(
            "producer_swap_instrumentals",
            {"audio_id": "voice", "swap_audio_id": "music", "callback_url": HOOK},
            A,
            audio("swap_instrumentals", audio_id="voice", swap_audio_id="music", callback_url=HOOK),
        ),
        SubmitCase(
            "producer_replace_section",
            {"audio_id": "song-1", "replace_section_start": 30, "replace_section_end": 45},
            A,
            audio(
                "replace_section",
                audio_id="song-1",
                replace_section_start=30,
                replace_section_end=45,
                model=M,
                **{"async": True},
            ),
        ),
        SubmitCase(
            "producer_replace_section",
            {
                "audio_id": "song-1",
                "replace_section_start": 0,
                "replace_section_end": 12.5,
                "lyric": "[Chorus]\nNew hook",
                "prompt": "gospel",
                "async": False,
            },
            A,
            audio(
                "replace_section",
                audio_id="song-1",
                replace_section_start=0,
                replace_section_end=12.5,
                lyric="[Chorus]\nNew hook",
                prompt="gospel",
                model=M,
                **{"async": False},
            ),
        ),
        SubmitCase(
            "producer_replace_section",
            {"audio_id": "song-1", "replace_section_start": 5, "replace_section_end": 9, "style": "gospel"},
            A,
            audio(
                "replace_section",
                audio_id="song-1",
                replace_section_start=5,
                replace_section_end=9,
                prompt="gospel",
                model=M,
                **{"async": True},
            ),
        ),
        SubmitCase(
            "producer_stems_music",
            {"audio_id": "song-1"},
            A,
            audio("stems", audio_id="song-1", **{"async": True}),
        ),
        # lyrics, upload, video and wav answer directly: never async-injected
        SubmitCase(
            "producer_generate_lyrics",
            {"prompt": "a song about winter"},
            "/producer/lyrics",
            {"prompt": "a song about winter"},
        ),
        SubmitCase(
            "producer_upload_audio",
            {"audio_url": "https://cdn.test/mine.mp3"},
            "/producer/upload",
            {"audio_url": "https://cdn.test/mine.mp3"},
        ),
        SubmitCase(
            "producer_generate_video", {"audio_id": "song-1"}, "/producer/videos", {"audio_id": "song-1"}
        ),
        SubmitCase("producer_generate_wav", {"audio_id": "song-1"}, "/producer/wav", {"audio_id": "song-1"}),
    ]
    bad_cases = [
        BadCase("producer_generate_music", {"prompt": ""}, "prompt"),
        BadCase("producer_generate_music", {"prompt": "x" * 201}, "prompt"),
        BadCase("producer_generate_music", {"prompt": "p", "model": "FUZZ-3.0"}, "model"),
        BadCase("producer_generate_music", {"prompt": "p", "lyrics_strength": 1.5}, "lyrics_strength"),
        BadCase("producer_generate_music", {"prompt": "p", "sound_strength": 0.1}, "sound_strength"),
        BadCase("producer_generate_music", {"prompt": "p", "weirdness": -0.1}, "weirdness"),
        BadCase("producer_generate_music", {"prompt": "p", "callback_url": "not a url"}, "callback_url"),
        BadCase("producer_generate_music", {"prompt": "p", "async": "sometimes"}, "async"),
        BadCase("producer_generate_custom_music", {"lyric": "", "title": "t"}, "lyric"),
        BadCase("producer_generate_custom_music", {"lyric": LYRIC, "title": ""}, "title"),
        BadCase(
            "producer_generate_custom_music",
            {"lyric": LYRIC, "title": "t", "prompt": "jazz", "style": "metal"},
            "style",
        ),
        BadCase("producer_extend_music", {"audio_id": "s", "continue_at": -1}, "continue_at"),
        BadCase("producer_extend_music", {"audio_id": "", "continue_at": 10}, "audio_id"),
        BadCase(
            "producer_replace_section",
            {"audio_id": "s", "replace_section_start": 40, "replace_section_end": 40},
            "replace_section_end",
        ),
        BadCase(
            "producer_replace_section",
            {"audio_id": "s", "replace_section_start": -1, "replace_section_end": 4},
            "replace_section_start",
        ),
        BadCase("producer_stems_music", {"audio_id": "s", "callback_url": "ftp://x"}, "callback_url"),
        BadCase("producer_generate_lyrics", {"prompt": ""}, "prompt"),
        BadCase("producer_upload_audio", {"audio_url": "file:///etc/passwd"}, "audio_url"),
        BadCase("producer_generate_video", {"audio_id": ""}, "audio_id"),
        BadCase("producer_generate_wav", {}, "audio_id"),
        BadCase("producer_get_task", {"task_id": ""}, "task_id"),
    ]
    running_record = {
        "id": "task-1",
        "response": {
            "task_id": "task-1",
            "data": [{"id": "song-1", "state": "pending", "audio_url": "https://cdn.test/preview.mp3"}],
        },
    }
    succeeded_record = {
        "id": "task-1",
        "response": {
            "success": True,
            "task_id": "task-1",
            "data": [
                {
                    "id": "song-1",
                    "title": "Lights",
                    "state": "succeeded",
                    "audio_url": "https://cdn.test/song-1.mp3",
                }
            ],
        },
    }
    failed_record = {
        "id": "task-1",
        "state": "",
        "response": {"success": False, "error": {"code": "bad_request", "message": "lyric too long"}},
    }
    expected_media_url = "https://cdn.test/song-1.mp3"

    # -- Producer specifics ----------------------------------------------------------------------------

    async def test_preview_audio_of_a_pending_task_is_not_final(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            self.tasks_route(upstream, self.running_record)
            result = await client.call_tool("producer_get_task", {"task_id": "task-1"})
            data = result.structured_content
            assert data is not None and not result.is_error
            assert data["status"] != "succeeded"
            assert data["media"] == [
                {"url": "https://cdn.test/preview.mp3", "kind": "audio", "final": False, "id": "song-1"}
            ]
            block = data["mcp_task_polling"]
            assert block["state"] == "pending" and block["should_poll"] is True
            assert "preview" in block["next_step"]

    async def test_finished_task_uses_the_producer_guidance_flavour(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            self.tasks_route(upstream, self.succeeded_record)
            result = await client.call_tool("producer_get_task", {"task_id": "task-1"})
            data = result.structured_content
            assert data is not None
            block = data["mcp_task_polling"]
            assert block["state"] == "complete" and block["is_complete"] is True
            assert block["note"] and "poll_tool" not in block

    async def test_failed_task_keeps_the_upstream_error(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            self.tasks_route(upstream, self.failed_record)
            result = await client.call_tool("producer_get_task", {"task_id": "task-1"})
            data = result.structured_content
            assert data is not None
            assert data["mcp_task_polling"]["state"] == "failed"
            assert data["error_detail"] == {"code": "bad_request", "message": "lyric too long"}

    async def test_stems_wav_and_video_results_list_their_media(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        replies = {
            "/producer/wav": (
                "producer_generate_wav",
                {"data": [{"title": "Lights", "file_url": "https://cdn.test/s.wav"}]},
                ("https://cdn.test/s.wav", "audio"),
            ),
            "/producer/videos": (
                "producer_generate_video",
                {"data": {"video_url": "https://cdn.test/s.mp4"}},
                ("https://cdn.test/s.mp4", "video"),
            ),
            A: (
                "producer_stems_music",
                {"data": [{"title": "Lights", "stems_url": "https://cdn.test/s.zip", "state": "succeeded"}]},
                ("https://cdn.test/s.zip", "archive"),
            ),
        }
        async with self.session(mode) as client:
            for path, (tool, reply, (url, kind)) in replies.items():
                upstream.post(path).mock(
                    return_value=httpx.Response(200, json={"success": True, "task_id": "t-9", **reply})
                )
                result = await client.call_tool(tool, {"audio_id": "song-1"})
                data = result.structured_content
                assert data is not None and data["status"] == "succeeded", tool_text(result)
                assert [(m["url"], m["kind"], m["final"]) for m in data["media"]] == [(url, kind, True)]
                assert data["mcp_async_submission"]["should_poll"] is False

    async def test_schema_exposes_async_under_its_wire_name(
        self, mode: str, upstream: respx.MockRouter
    ) -> None:
        async with self.session(mode) as client:
            tools = {t.name: t for t in (await client.list_tools()).tools}
            for name, tool in tools.items():
                props = tool.input_schema["properties"]
                assert "async_" not in props, name
            music = tools["producer_generate_music"].input_schema
            # optional values are published without their null branch (acemedia.tool_list)
            assert music["properties"]["async"]["type"] == "boolean"
            assert "default" not in music["properties"]["async"]
            assert music["properties"]["seed"]["type"] == "string"
            assert music["required"] == ["prompt"]
            for name in ("producer_generate_video", "producer_generate_wav"):
                schema = tools[name].input_schema
                assert [p for p in schema["properties"] if p != "wait_seconds"] == ["audio_id"] and schema[
                    "required"
                ] == ["audio_id"]

    async def test_info_tools_and_prompts(self, mode: str, upstream: respx.MockRouter) -> None:
        async with self.session(mode) as client:
            models = tool_text(await client.call_tool("producer_list_models", {}))
            assert "| FUZZ-2.0 * |" in models and "FUZZ-0.8" in models
            actions = tool_text(await client.call_tool("producer_list_actions", {}))
            assert "producer_stems_music" in actions and "preview" in actions
            guide = tool_text(await client.call_tool("producer_get_lyric_format_guide", {}))
            assert "[Chorus]" in guide and "[Pre-Chorus]" in guide
            prompts = {p.name for p in (await client.list_prompts()).prompts}
            assert prompts == {
                "producer_music_generation_guide",
                "producer_workflow_examples",
                "producer_prompt_suggestions",
            }
            for name in prompts:
                text = (await client.get_prompt(name)).messages[0].content
                assert getattr(text, "text", ""), name
