"""The MCP Apps player in a real browser: headless Chromium loads `ui://<provider>/player` inside a test host
built on the package's own host side (`AppBridge` from @modelcontextprotocol/ext-apps, bundled with
esbuild), fed results that sandbox servers returned to a real MCP client.

Needs the system Chromium (`make browser` installs it; `make test` runs that first), Playwright (a dev
dependency) and npm (to bundle the host). Without one of them the test skips with one line saying
which; under CI=true it fails instead.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from acemedia_testing import skip_or_fail
from anyio.from_thread import start_blocking_portal
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from .reliability_helpers import subprocess_env

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:  # the browser fixture says so in one line
    expect = sync_playwright = None
from .scenario import example

pytestmark = pytest.mark.e2e  # headless Chromium and server processes

HOST_DIR = Path(__file__).parent / "browser" / "host"
DOCS = Path(__file__).parents[1] / "docs"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


# the view's setTimeout/clearTimeout, held until the test lets them go
HELD_TIMERS = (
    "<script>window.heldTimers = [];"
    "window.setTimeout = (fn, ms) => window.heldTimers.push([fn, ms]);"
    "window.clearTimeout = (id) => { if (window.heldTimers[id - 1]) window.heldTimers[id - 1][0] = null; };"
    "</script>"
)


def missing(what: str) -> None:
    skip_or_fail(f"browser test: {what}", f"browser test: {what} (CI runs it and must not skip)")


@pytest.fixture(scope="module")
def host_url() -> Iterator[str]:
    """The test host page on loopback, with the ext-apps host side bundled next to it."""
    bundle = HOST_DIR / "dist" / "host.js"
    lock = HOST_DIR / "package-lock.json"
    if not bundle.exists() or bundle.stat().st_mtime < lock.stat().st_mtime:
        npm = shutil.which("npm")
        if npm is None:
            missing("npm is not installed (it bundles the MCP Apps host from @modelcontextprotocol/ext-apps)")
        quiet = {"cwd": HOST_DIR, "check": True, "capture_output": True}
        subprocess.run([npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund"], **quiet)  # type: ignore[call-overload]
        subprocess.run([npm, "run", "build"], **quiet)  # type: ignore[call-overload]
    handler = functools.partial(QuietHandler, directory=str(HOST_DIR))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/host.html"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if sync_playwright is None:
        missing("playwright is not installed (uv sync installs the dev dependency)")
    if not Path(CHROMIUM).exists():
        missing("chromium is not installed (run `make browser` as root: apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """Results from `<provider>-mcp --sandbox` over stdio; the servers (and their media) stay up meanwhile."""
    tmp = tmp_path_factory.mktemp("player")
    env = subprocess_env("", tmp, ACEMEDIA_SANDBOX_JOB_SECONDS="0")
    with start_blocking_portal() as portal, contextlib.ExitStack() as stack:
        out: dict[str, Any] = {}
        for provider in ("luma", "producer"):
            script = str(Path(sys.executable).parent / f"{provider}-mcp")
            params = StdioServerParameters(command=script, args=["--sandbox"], env=env)
            client = stack.enter_context(portal.wrap_async_context_manager(Client(params, mode="legacy")))
            out[provider] = portal.call(collect, client, provider)
        yield out


async def collect(client: Client, provider: str) -> dict[str, Any]:
    tools = {t.name: t for t in (await client.list_tools()).tools}
    uri = tools[f"{provider}_wait_for_task"].meta["ui"]["resourceUri"]  # type: ignore[index]
    page = (await client.read_resource(uri)).contents[0]
    tool, arguments = example(provider)
    results: dict[str, Any] = {
        "html": page.text,
        "csp": page.meta["ui"]["csp"],
        "prompt": arguments["prompt"],
    }  # type: ignore[union-attr, index]
    for name, marker, call in (
        ("finished", "", "wait_for_task"),
        ("running", " [sim:seconds=600]", "get_task"),
    ):
        submitted = await client.call_tool(tool, {**arguments, "prompt": arguments["prompt"] + marker})
        task_id = submitted.structured_content["task_id"]  # type: ignore[index]
        result = await client.call_tool(f"{provider}_{call}", {"task_id": task_id})
        results[name] = {
            "toolInput": {"task_id": task_id},
            "toolResult": result.model_dump(mode="json", by_alias=True, exclude_none=True),
        }
    return results


def show(
    browser: Any, host_url: str, sandbox: dict[str, Any], provider: str, which: str, **extra: Any
) -> tuple[Any, Any]:
    data = sandbox[provider]
    page = browser.new_page(viewport={"width": 680, "height": 520})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(host_url)
    args = {"html": data["html"], "csp": data["csp"], **data[which], **extra}
    app = page.evaluate("(args) => mountApp(args)", args)
    assert app == {"name": "acemedia-player", "version": "1.0.0"}  # the ui/initialize handshake ran
    log = page.evaluate("window.hostLog")
    assert log[0] == "initialized" and "tool-result-sent" in log
    page.errors = errors
    return page, page.frame_locator("iframe")


def screenshot(page: Any, name: str, fallback: Path) -> None:
    page.wait_for_function("window.hostLog.includes('size-changed')")
    target = DOCS / name if os.environ.get("UPDATE_SCREENSHOTS") == "1" else fallback / name
    page.locator("#slot").screenshot(path=str(target))


def test_a_finished_video_plays_with_its_poster_prompt_and_status(
    browser: Any, host_url: str, sandbox: dict[str, Any], tmp_path: Path
) -> None:
    page, frame = show(browser, host_url, sandbox, "luma", "finished")
    result = sandbox["luma"]["finished"]["toolResult"]["structuredContent"]
    video = frame.locator("video#player")
    expect(video).to_have_attribute("src", result["media"][0]["url"])
    expect(video).to_have_attribute("poster", result["response"]["thumbnail_url"])
    expect(frame.locator("#status")).to_have_text("succeeded")
    expect(frame.locator("#prompt")).to_have_text(sandbox["luma"]["prompt"])
    expect(frame.locator("#provider")).to_have_text("Luma")
    # the simulator's video bytes are not a decodable film: the player falls back to the poster still
    expect(frame.locator("img.still")).to_have_attribute("src", result["response"]["thumbnail_url"])
    screenshot(page, "player-video.png", tmp_path)
    page.close()


def test_a_finished_song_plays_with_its_cover_model_and_duration(
    browser: Any, host_url: str, sandbox: dict[str, Any], tmp_path: Path
) -> None:
    page, frame = show(browser, host_url, sandbox, "producer", "finished")
    result = sandbox["producer"]["finished"]["toolResult"]["structuredContent"]
    song = result["response"]["data"][0]
    expect(frame.locator("audio")).to_have_attribute("src", song["audio_url"])
    cover = frame.locator(".cover img")
    expect(cover).to_have_attribute("src", song["image_url"])
    # the cover really loaded: the resource's CSP declares the media origin
    expect(cover).to_have_js_property("complete", True)
    assert cover.evaluate("img => img.naturalWidth") > 0
    expect(frame.locator("#status")).to_have_text("succeeded")
    expect(frame.locator("#prompt")).to_contain_text("summer road trip")
    expect(frame.locator("#model")).to_have_text(song["model"])
    expect(frame.locator("#duration")).to_have_text("3:01 min")
    screenshot(page, "player-audio.png", tmp_path)
    page.close()


def test_a_running_task_shows_its_progress(
    browser: Any, host_url: str, sandbox: dict[str, Any], tmp_path: Path
) -> None:
    page, frame = show(browser, host_url, sandbox, "luma", "running")
    status = sandbox["luma"]["running"]["toolResult"]["structuredContent"]["status"]
    assert status in ("pending", "running")
    expect(frame.locator("#status")).to_have_text(status)
    expect(frame.locator(".wait")).to_contain_text("Queued" if status == "pending" else "Generating")
    expect(frame.locator(".bar")).to_be_visible()
    expect(frame.locator("video")).to_have_count(0)
    expect(frame.locator("#prompt")).to_contain_text(sandbox["luma"]["prompt"])
    screenshot(page, "player-running.png", tmp_path)
    assert not [e for e in page.errors if "Content Security Policy" in e], page.errors
    page.close()


def test_a_running_task_refreshes_itself_through_the_host(
    browser: Any, host_url: str, sandbox: dict[str, Any]
) -> None:
    """With the host's serverTools, the player calls <p>_get_task every 5 s until the task is done."""
    finished = sandbox["luma"]["finished"]["toolResult"]
    # the page's clock does not reach into the sandboxed iframe, so its timers are held by hand
    html = sandbox["luma"]["html"].replace("<head>", "<head>" + HELD_TIMERS, 1)
    page, frame = show(browser, host_url, sandbox, "luma", "running", callResults=[finished], html=html)
    running = sandbox["luma"]["running"]["toolResult"]["structuredContent"]["status"]
    # the running result is shown, and its refresh timer set, before the timer is let go
    expect(frame.locator("#status")).to_have_text(running)
    view = page.frames[1]
    assert view.evaluate("window.heldTimers.filter(([fn]) => fn).map(([, ms]) => ms)") == [5000]
    view.evaluate("window.heldTimers.splice(0).forEach(([fn]) => fn && fn())")
    expect(frame.locator("#status")).to_have_text("succeeded")
    expect(frame.locator("video#player")).to_have_attribute(
        "src", finished["structuredContent"]["media"][0]["url"]
    )
    running_id = sandbox["luma"]["running"]["toolInput"]["task_id"]
    assert f'tools/call luma_get_task {{"task_id":"{running_id}"}}' in page.evaluate("window.hostLog")
    page.close()
