"""`<provider>_save_media` through a real MCP client against the simulator's media host on loopback."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from acemedia.media.addresses import AddressPolicy, AddressRefused
from acemedia.media.config import MediaSettings
from acemedia.runtime import Runtime
from acemedia.server import ProviderServer
from acemedia.simulator.media import media_bytes
from acemedia_testing import TOKEN, make_settings, tool_text
from acemedia_testing.simulator import SimulatorServer, SimulatorState
from mcp import Client
from producer_mcp.server import server as producer
from sora_mcp.server import server as sora

from .scenario import submit


@pytest.fixture
def media_sim() -> Iterator[SimulatorServer]:
    with SimulatorServer(SimulatorState(job_seconds=0.0, tokens={TOKEN}), serve_media=True) as sim:
        yield sim


def host_of(sim: SimulatorServer) -> str:
    return sim.url.split("://", 1)[1]


def use(
    server: ProviderServer, sim: SimulatorServer, out: Path | None, trusted: bool = True, **media: Any
) -> Runtime:
    """The server against `sim`; with `trusted`, the simulator's loopback media host is allowed."""
    settings = make_settings(base_url=sim.url, min_poll_interval=0.0, ledger_path=media.pop("ledger", None))
    hosts = frozenset({host_of(sim)} if trusted else set())
    runtime = Runtime.create(
        settings, media=MediaSettings(output_dir=out, private_hosts=hosts, **media), sleep=_no_sleep
    )
    server.configure(runtime)
    return runtime


async def _no_sleep(seconds: float) -> None:
    return None


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


async def save(client: Client, provider: str, task_id: str, **progress: Any) -> Any:
    return await client.call_tool(f"{provider}_save_media", {"task_id": task_id}, **progress)


async def test_a_saved_file_holds_the_simulators_bytes_and_is_a_readable_resource(
    media_sim: SimulatorServer, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    use(sora, media_sim, out)
    async with Client(sora.mcp) as client:
        task_id = await submit(client, "sora")
        result = await save(client, "sora", task_id)
        assert not result.is_error, tool_text(result)
        saved = result.structured_content["files"]
        assert [f["name"] for f in saved] == [f"sora-{task_id}-0.mp4"] == files_in(out)
        url_path = httpx.URL(saved[0]["url"]).path
        expected = media_bytes(url_path, media_sim.state.media.size)
        assert (out / saved[0]["name"]).read_bytes() == expected and saved[0]["bytes"] == len(expected)
        assert saved[0]["content_type"] == "video/mp4" and saved[0]["already_saved"] is False

        links = [b for b in result.content if b.type == "resource_link"]
        file_link = next(link for link in links if str(link.uri).startswith("file://"))
        assert file_link.mime_type == "video/mp4" and str(file_link.uri) == (out / saved[0]["name"]).as_uri()
        read = await client.read_resource(str(file_link.uri))
        assert base64.b64decode(read.contents[0].blob) == expected  # type: ignore[union-attr]
    # the media host never sees the API token or any Authorization header
    assert media_sim.state.media.requests and not any(r.authorization for r in media_sim.state.media.requests)


async def test_a_second_save_is_a_no_op(media_sim: SimulatorServer, tmp_path: Path) -> None:
    use(sora, media_sim, tmp_path)
    async with Client(sora.mcp) as client:
        task_id = await submit(client, "sora")
        first = await save(client, "sora", task_id)
        downloads = len(media_sim.state.media.requests)
        second = await save(client, "sora", task_id)
    assert not second.is_error, tool_text(second)
    assert second.structured_content["files"][0]["already_saved"] is True
    assert second.structured_content["files"][0]["path"] == first.structured_content["files"][0]["path"]
    assert len(media_sim.state.media.requests) == downloads  # nothing downloaded again


async def test_a_download_cut_halfway_leaves_no_finished_looking_file(
    media_sim: SimulatorServer, tmp_path: Path
) -> None:
    use(sora, media_sim, tmp_path)
    media_sim.state.media.configure({"cut": 1})
    async with Client(sora.mcp) as client:
        task_id = await submit(client, "sora")
        cut = await save(client, "sora", task_id)
        assert cut.is_error and "download_failed" in tool_text(cut), tool_text(cut)
        assert files_in(tmp_path) == []  # not even a .part file
        again = await save(client, "sora", task_id)
    assert not again.is_error and files_in(tmp_path) == [f"sora-{task_id}-0.mp4"]


async def test_a_file_over_the_cap_is_refused_cleanly(media_sim: SimulatorServer, tmp_path: Path) -> None:
    use(sora, media_sim, tmp_path, max_bytes=1000)
    async with Client(sora.mcp) as client:
        task_id = await submit(client, "sora")
        result = await save(client, "sora", task_id)
    assert result.is_error and "1000-byte cap" in tool_text(result), tool_text(result)
    assert files_in(tmp_path) == []


@pytest.mark.parametrize("target", ["http://127.0.0.1:9/private", "http://localhost:9/", "http://10.0.0.7/x"])
async def test_a_redirect_to_a_private_address_is_refused(
    media_sim: SimulatorServer, tmp_path: Path, target: str
) -> None:
    use(sora, media_sim, tmp_path)
    media_sim.state.media.configure({"redirect": target})
    async with Client(sora.mcp) as client:
        task_id = await submit(client, "sora")
        result = await save(client, "sora", task_id)
    text = tool_text(result)
    assert result.is_error and "refused" in text and "private" in text, text
    assert files_in(tmp_path) == []


async def test_a_real_deployment_refuses_media_on_private_addresses(
    media_sim: SimulatorServer, tmp_path: Path
) -> None:
    use(sora, media_sim, tmp_path, trusted=False)
    async with Client(sora.mcp) as client:
        task_id = await submit(client, "sora")
        result = await save(client, "sora", task_id)
    assert result.is_error and "loopback, private or reserved" in tool_text(result), tool_text(result)
    assert media_sim.state.media.requests == [] and files_in(tmp_path) == []


@pytest.mark.parametrize("task_id", ["../escape", "a/b", "..", ".hidden", "a b", "x\\y", "c:", "%2e%2e"])
async def test_path_tricks_in_ids_are_refused_before_any_request(
    media_sim: SimulatorServer, tmp_path: Path, task_id: str
) -> None:
    use(sora, media_sim, tmp_path / "out")
    async with Client(sora.mcp) as client:
        result = await save(client, "sora", task_id)
    assert result.is_error and "task_id" in tool_text(result), tool_text(result)
    assert media_sim.state.journal.requests() == [] and not (tmp_path / "out").exists()


async def test_saving_is_off_without_an_output_folder(media_sim: SimulatorServer) -> None:
    use(sora, media_sim, None)
    async with Client(sora.mcp) as client:
        result = await save(client, "sora", "some-task")
    assert result.is_error and "ACEMEDIA_OUTPUT_DIR" in tool_text(result)
    assert media_sim.state.journal.requests() == []


def test_http_mode_saves_nothing_unless_the_operator_opts_in(tmp_path: Path) -> None:
    env = {"ACEMEDIA_OUTPUT_DIR": str(tmp_path)}
    assert MediaSettings.from_env(env, http=False).output_dir == tmp_path.resolve()
    off = MediaSettings.from_env(env, http=True)
    assert off.output_dir is None and "HTTP mode" in off.off_reason
    assert MediaSettings.from_env({**env, "ACEMEDIA_SAVE_OVER_HTTP": "1"}, http=True).output_dir is not None
    assert MediaSettings.from_env({}, http=False).output_dir is None  # off by default everywhere


async def test_a_producer_preview_is_never_saved_as_final(media_sim: SimulatorServer, tmp_path: Path) -> None:
    use(producer, media_sim, tmp_path)
    async with Client(producer.mcp) as client:
        task_id = await submit(client, "producer", "[sim:preview] [sim:seconds=600]")
        task = await client.call_tool("producer_get_task", {"task_id": task_id})
        assert task.structured_content["media"] and not task.structured_content["media"][0]["final"]
        result = await save(client, "producer", task_id)
    assert result.is_error and "previews never are" in tool_text(result), tool_text(result)
    assert files_in(tmp_path) == []


async def test_the_ledger_records_where_each_file_went(media_sim: SimulatorServer, tmp_path: Path) -> None:
    use(producer, media_sim, tmp_path / "out", ledger=str(tmp_path / "ledger.sqlite3"))
    async with Client(producer.mcp) as client:
        task_id = await submit(client, "producer")
        saved = await save(client, "producer", task_id)
        assert not saved.is_error, tool_text(saved)
        listing = await client.call_tool("producer_list_tasks", {})
    entry = next(t for t in listing.structured_content["tasks"] if t["task_id"] == task_id)
    names = [f["name"] for f in entry["files"]]
    assert names == [f["name"] for f in saved.structured_content["files"]]
    assert names[0] == f"producer-{task_id}-0.mp3" and entry["files"][0]["path"] == str(
        tmp_path / "out" / names[0]
    )


async def test_large_files_report_progress(media_sim: SimulatorServer, tmp_path: Path) -> None:
    use(sora, media_sim, tmp_path, progress_every=64 * 1024)
    media_sim.state.media.configure({"size": 400 * 1024})
    seen: list[tuple[float, float | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total))

    async with Client(sora.mcp) as client:
        task_id = await submit(client, "sora")
        result = await save(client, "sora", task_id, progress_callback=on_progress)
    assert not result.is_error, tool_text(result)
    assert len(seen) >= 4 and seen[-1] == (400 * 1024, 400 * 1024)


@pytest.mark.parametrize(
    "address", ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0", "[::1]",
                "[fd00::1]", "[::ffff:127.0.0.1]", "224.0.0.1"],
)  # fmt: skip
async def test_the_default_policy_refuses_non_public_addresses(address: str) -> None:
    with pytest.raises(AddressRefused):
        await AddressPolicy().check(httpx.URL(f"http://{address}/v.mp4"))


async def test_the_policy_refuses_other_schemes_and_names_resolving_to_private_addresses() -> None:
    async def to_loopback(host: str, port: int) -> list[str]:
        return ["127.0.0.1"]

    async def to_public(host: str, port: int) -> list[str]:
        return ["93.184.215.14"]

    for url in ("file:///etc/passwd", "ftp://cdn.example/v.mp4"):
        with pytest.raises(AddressRefused, match="only http and https"):
            await AddressPolicy().check(httpx.URL(url))
    with pytest.raises(AddressRefused, match="private"):
        await AddressPolicy(resolver=to_loopback).check(httpx.URL("https://rebound.example/v.mp4"))
    await AddressPolicy(resolver=to_public).check(httpx.URL("https://cdn.example/v.mp4"))
    await AddressPolicy.allowing(["127.0.0.1:8765"]).check(httpx.URL("http://127.0.0.1:8765/v.mp4"))
