"""The demo: one provider server in sandbox mode, driven by a real MCP client over stdio.

    uv run python -m demo --provider sora      (or: make demo PROVIDER=sora)

It lives at the workspace level because it drives provider packages; it offers every installed one
(each registers itself under the `acemedia.providers` entry point group). It starts
`<provider>-mcp --sandbox` as a subprocess (the way an MCP host starts it), submits the provider's
example generation, follows it with `<provider>_wait_for_task` while printing the progress
notifications, prints the final media URL, saves the media with `<provider>_save_media` into
`demo-output/`, and writes a page there that shows the player. Exits 1 if anything goes wrong.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import anyio
from acemedia import ProviderServer, provider_names, server_package
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from .preview import standalone_page

MAX_WAIT_CALLS = 6
OUTPUT_DIR = "demo-output"
BAR_WIDTH = 30


def bar(fraction: float) -> str:
    filled = int(BAR_WIDTH * min(max(fraction, 0.0), 1.0))
    return f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}]"


def say(text: str) -> None:
    print(text, flush=True)


async def run_demo(provider: str, job_seconds: float, output: Path) -> bool:
    description = ProviderServer.installed(provider).provider
    if description.example is None:
        say(f"{provider} declares no example call (Provider.example): nothing to demonstrate.")
        return False
    tool, arguments = description.example
    env = {
        **os.environ,
        "ACEMEDIA_LEDGER": "off",
        "ACEMEDIA_OUTPUT_DIR": str(output),
        "ACEMEDIA_SANDBOX_JOB_SECONDS": str(job_seconds),
        "LOG_LEVEL": "ERROR",
    }
    server = StdioServerParameters(
        command=sys.executable, args=["-m", server_package(provider), "--sandbox"], env=env
    )
    started = time.monotonic()
    say(f"Starting {provider}-mcp --sandbox over stdio (simulated API, no token needed)...")
    async with Client(server, mode="legacy", read_timeout_seconds=120) as client:
        tools = (await client.list_tools()).tools
        say(f"Connected: {len(tools)} tools, e.g. {', '.join(t.name for t in tools[:4])}, ...")

        say(f"\n> {tool}({_show(arguments)})")
        submitted = await client.call_tool(tool, arguments)
        result = submitted.structured_content or {}
        if submitted.is_error or "task_id" not in result:
            say(f"Submission failed: {_text(submitted)}")
            return False
        task_id = result["task_id"]
        say(f"  accepted: task_id={task_id}  next: {result['mcp_async_submission']['recommended_action']}")

        # the bar measures the job against the time the guidance expects, not the wait's budget
        expected = result["mcp_async_submission"].get("expected_wait_seconds") or 0

        async def show_progress(progress: float, total: float | None, message: str | None) -> None:
            scale = expected or total
            say(f"  {bar(progress / scale if scale else 0.0)} {progress:5.1f}s  {message}")

        wait_tool = f"{provider}_wait_for_task"
        wait_calls = 0
        while wait_calls < MAX_WAIT_CALLS:
            wait_calls += 1
            say(f"\n> {wait_tool}(task_id={task_id!r})")
            waited = await client.call_tool(
                wait_tool, {"task_id": task_id, "timeout_seconds": 30}, progress_callback=show_progress
            )
            data = waited.structured_content or {}
            if waited.is_error:
                say(f"Wait failed: {_text(waited)}")
                return False
            if data.get("status") in ("succeeded", "failed"):
                # the wait's budget is not the job's length: a finished job ends the bar full
                if data["status"] == "succeeded":
                    say(f"  {bar(1.0)} {data['wait']['waited_seconds']:5.1f}s  done")
                break
        if data.get("status") not in ("succeeded", "failed"):
            say("The task did not finish in time.")
            return False
        succeeded = data["status"] == "succeeded"
        report = await save_and_preview(client, provider, task_id, waited, output) if succeeded else []
        if report is None:
            return False

    elapsed = time.monotonic() - started
    if data["status"] != "succeeded":
        say(f"\nThe task failed: {data.get('error_detail')}")
        return False
    finals = [m for m in data["media"] if m["final"]]
    say(
        f"\nDone in {elapsed:.1f}s: {wait_calls} wait call(s), {data['wait']['polls']} upstream polls in the last one."
    )
    for media in finals:
        say(f"  final {media['kind']}: {media['url']}")
    say(f"  ({data.get('sandbox', '')})")
    for line in report:
        say(line)
    return bool(finals)


async def save_and_preview(
    client: Client, provider: str, task_id: str, waited: Any, output: Path
) -> list[str] | None:
    """Save the media, then write a page that shows the player with the saved files: what to tell."""

    say(f"\n> {provider}_save_media(task_id={task_id!r})")
    saved = await client.call_tool(f"{provider}_save_media", {"task_id": task_id})
    if saved.is_error or not saved.structured_content:
        say(f"Save failed: {_text(saved)}")
        return None
    files = saved.structured_content["files"]
    report = [
        f"\nSaved {file['kind']}: {file['path']} ({file['bytes']:,} bytes, {file['content_type']})"
        for file in files
    ]
    tools = {t.name: t for t in (await client.list_tools()).tools}
    uri = (tools[f"{provider}_wait_for_task"].meta or {})["ui"]["resourceUri"]
    player = (await client.read_resource(uri)).contents[0]
    result = waited.model_dump(mode="json", by_alias=True, exclude_none=True)
    # the simulator's URLs die with the server: the page plays the saved files instead
    local = iter(file["name"] for file in files)
    for media in result["structuredContent"]["media"]:
        if media["final"]:
            media["url"] = next(local, media["url"])
    page = output / f"{provider}-player.html"
    html = standalone_page(f"{provider} player", getattr(player, "text", ""), {"task_id": task_id}, result)
    page.write_text(html, encoding="utf-8")
    return [
        *report,
        f"The player ({uri}, the MCP Apps page hosts show inline) with this result: {page}",
        f"  open it in a browser: python3 -m http.server --directory {OUTPUT_DIR} 8765",
        f"  then visit http://127.0.0.1:8765/{page.name}",
    ]


def _show(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in arguments.items())


def _text(result: Any) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content)


def main(argv: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.ERROR)  # the client logs refused calls; the demo reports them itself
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__.split("\n")[0])
    providers = provider_names()
    parser.add_argument("--provider", choices=providers, default=providers[0] if providers else None)
    parser.add_argument("--list", action="store_true", help="print the installed providers and exit")
    parser.add_argument("--job-seconds", type=float, default=8.0, help="simulated generation time")
    args = parser.parse_args(argv)
    if args.list or args.provider is None:
        say("\n".join(providers) or "no provider package is installed")
        raise SystemExit(0 if providers else 1)
    ok = anyio.run(run_demo, args.provider, args.job_seconds, Path(OUTPUT_DIR).resolve())
    raise SystemExit(0 if ok else 1)
