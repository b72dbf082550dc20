"""The tools that take one `request` object, through a real MCP client against the simulator on loopback:
the upstream accepts what they send, and the job is followed to its video."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from acemedia_testing import TOKEN, FakeTime, tool_text, use_test_runtime
from acemedia_testing.simulator import SimulatorServer, SimulatorState
from kling_mcp.server import server
from mcp import Client

IMG = "https://x.test/a.png"
# one call per tool, with the endpoint it must reach
CALLS: list[tuple[str, dict[str, Any], str]] = [
    ("kling_generate_turbo_video", {"request": {"prompt": "a paper boat in the rain"}}, "/kling/videos"),
    (
        "kling_generate_turbo_video",
        {"request": {"prompt": "it sails", "action": "image2video", "start_image_url": IMG, "mode": "pro"}},
        "/kling/videos",
    ),
    (
        "kling_generate_video",
        {"prompt": "a paper boat", "model": "kling-v3-turbo", "duration": 8},
        "/kling/videos",
    ),
    (
        "kling_generate_storyboard",
        {"request": {"prompt": "a day at the harbour", "duration": 10}},
        "/kling/videos",
    ),
    (
        "kling_generate_storyboard",
        {
            "request": {
                "model": "kling-v3-omni",
                "shot_type": "customize",
                "duration": 6,
                "multi_prompt": [
                    {"index": 1, "prompt": "boats at dawn", "duration": 2},
                    {"index": 2, "prompt": "gulls at noon", "duration": 4},
                ],
            }
        },
        "/kling/videos",
    ),
    (
        "kling_generate_with_assets",
        {"request": {"prompt": "the mascot waves", "element_list": [{"element_id": "el-1"}]}},
        "/kling/videos",
    ),
    (
        "kling_generate_with_assets",
        {
            "request": {
                "prompt": "<<<voice_1>>> says hello",
                "model": "kling-v2-6",
                "mode": "pro",
                "generate_audio": True,
                "voice_list": [{"voice_id": "vo-1"}],
            }
        },
        "/kling/videos",
    ),
    (
        "kling_goods_studio",
        {
            "request": {
                "contents": [{"type": "ref_image", "url": IMG}, {"type": "goods_title", "text": "Kettle"}],
                "settings": {"aspect_ratio": "9:16", "duration": 15},
            }
        },
        "/kling/goods-studio",
    ),
    (
        "kling_video_commerce",
        {
            "request": {
                "contents": [
                    {"type": "avatar_image", "url": IMG},
                    {"type": "speech_script", "text": "Meet the kettle."},
                ]
            }
        },
        "/kling/video-commerce",
    ),
]


@pytest.fixture(scope="module")
def time() -> FakeTime:
    return FakeTime()


@pytest.fixture(scope="module")
def simulator(time: FakeTime) -> Iterator[SimulatorServer]:
    # the simulator reads the server's virtual clock: a wait advances both, so jobs finish without sleeping
    with SimulatorServer(SimulatorState(clock=time.clock, job_seconds=20, tokens={TOKEN})) as sim:
        yield sim


@pytest.fixture
def client(simulator: SimulatorServer, time: FakeTime) -> Client:
    use_test_runtime(server, time, base_url=simulator.url, min_poll_interval=0.0)
    return Client(server.mcp)


@pytest.mark.parametrize(("tool", "arguments", "path"), CALLS, ids=[c[0] for c in CALLS])
async def test_the_upstream_accepts_the_request_and_the_video_arrives(
    client: Client, simulator: SimulatorServer, tool: str, arguments: dict[str, Any], path: str
) -> None:
    async with client:
        submitted = await client.call_tool(tool, arguments)
        assert not submitted.is_error, tool_text(submitted)
        task_id = submitted.structured_content["task_id"]
        waited = await client.call_tool("kling_wait_for_task", {"task_id": task_id, "timeout_seconds": 120})
    data = waited.structured_content
    assert data is not None and data["status"] == "succeeded", tool_text(waited)
    assert any(m["final"] and m["url"].endswith(".mp4") for m in data["media"])
    [sent] = [r for r in simulator.state.journal.requests(path) if r.task_id == task_id]
    assert sent.status == 200 and sent.body["async"] is True


async def test_a_refused_request_reaches_nothing(client: Client, simulator: SimulatorServer) -> None:
    before = len(simulator.state.journal.requests())
    async with client:
        result = await client.call_tool(
            "kling_generate_storyboard", {"request": {"shot_type": "customize", "duration": 5}}
        )
    assert result.is_error and "request.multi_prompt" in tool_text(result)
    assert len(simulator.state.journal.requests()) == before
