"""An agent that does what a server's results tell it to do, and counts what that costs.

It calls the generation tool with the prompt and any value the tool's own parameter descriptions
recommend ("50 suits most clients": our `wait_seconds`; the existing servers recommend none), every
other argument at its default, then reads
the guidance in each result and follows it literally: the first tool call named in the `next_step`
text (with exactly the arguments written there), after the pause the same sentence asks for
("Wait 15 seconds, then call ..."), until a result says the task is final. The instruction is taken
from the most specific block present: `wait.next_step` (a wait call that ran out of budget), then
`mcp_task_polling`, then `mcp_async_submission`. Both our servers and the existing ones write these
blocks, so the same agent measures both.

Time is scaled as in the rest of section 5: the agent's pauses are multiplied by the scale, and each
server's own waiting is scaled through its settings (ours) or bench/timewarp (the existing one).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Any

import anyio

from .sessions import payload, structured_bytes, text_bytes, text_of

PROMPT = "A paper boat drifting down a rain gutter after a storm, cinematic, soft light"
MAX_CALLS = 200  # a runaway guard far above anything the guidance leads to (the existing: 100 polls)
FINAL = ("succeeded", "failed")
CALL = re.compile(r"\b(?P<tool>[a-z][a-z0-9_]*)\((?P<args>[^()]*)\)")
ARGUMENT = re.compile(r'(?P<name>[a-z_]+)="(?P<value>[^"]*)"')
PAUSE = re.compile(r"\bwait (?:at least )?(?P<seconds>\d+(?:\.\d+)?) seconds?\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?:;]\s")
SUGGESTED = re.compile(r"\b(?P<value>\d+(?:\.\d+)?) suits most clients\b")


@dataclass(frozen=True)
class Step:
    """One instruction read from a result: call `tool` with `arguments` after `pause` seconds."""

    tool: str
    arguments: dict[str, str]
    pause: float
    source: str  # which block it came from


class Tally:
    """The tool calls an agent made and what their results weighed."""

    def __init__(self) -> None:
        self.calls: list[dict[str, Any]] = []

    def add(self, tool: str, result: Any, seconds: float, progress: int = 0) -> None:
        if result.is_error:
            raise RuntimeError(f"{tool} failed: {text_of(result)[:300]}")
        self.calls.append(
            {
                "tool": tool,
                "text_bytes": text_bytes(result),
                "structured_bytes": structured_bytes(result),
                "seconds": seconds,
                "progress_notifications": progress,
            }
        )

    def summary(self, wall: float, scale: float, final_url: str | None) -> dict[str, Any]:
        return {
            "tool_calls": len(self.calls),
            "text_bytes": sum(c["text_bytes"] for c in self.calls),
            "structured_bytes": sum(c["structured_bytes"] for c in self.calls),
            "progress_notifications": sum(c["progress_notifications"] for c in self.calls),
            "wall_seconds_scaled": wall,
            "wall_seconds_equivalent": wall / scale,
            "final_url": final_url,
            "calls": [
                {**c, "seconds_equivalent": round(c["seconds"] / scale, 2), "seconds": round(c["seconds"], 4)}
                for c in self.calls
            ],
        }


def _blocks(record: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    names = ("wait", "mcp_task_polling", "mcp_async_submission")  # the most specific first
    return [(name, record[name]) for name in names if isinstance(record.get(name), dict)]


def is_final(record: dict[str, Any]) -> bool:
    """The result says the task is over: a final status, or guidance that says stop."""
    if record.get("status") in FINAL:
        return True
    for _, block in _blocks(record):
        if block.get("should_poll") is False or block.get("recommended_action") == "stop":
            return True
    return False


def next_step(record: dict[str, Any], tools: set[str]) -> Step | None:
    """The instruction the result gives, or None when it gives none (the task is final or unguided)."""
    if is_final(record):
        return None
    for source, block in _blocks(record):
        text = block.get("next_step")
        if not isinstance(text, str):
            continue
        for call in CALL.finditer(text):
            if call.group("tool") not in tools:
                continue
            arguments = {a.group("name"): a.group("value") for a in ARGUMENT.finditer(call.group("args"))}
            ends = [m.end() for m in SENTENCE_END.finditer(text, 0, call.start())]
            clause = text[ends[-1] if ends else 0 : call.start()]
            pause = PAUSE.search(clause)
            return Step(
                call.group("tool"), arguments, float(pause.group("seconds")) if pause else 0.0, source
            )
    return None


def final_url(record: dict[str, Any]) -> str | None:
    """The first media URL of a finished task: ours (`media[].url`) or the upstream's (`video_url`)."""
    for item in record.get("media") or []:
        if isinstance(item, dict) and item.get("url"):
            return str(item["url"])
    data = (record.get("response") or {}).get("data") or []
    for item in data if isinstance(data, list) else []:
        if isinstance(item, dict) and item.get("video_url"):
            return str(item["video_url"])
    return None


def suggested_arguments(tool: Any, scale: float) -> dict[str, float]:
    """The values a tool's parameter descriptions recommend (seconds, scaled like the agent's pauses)."""
    properties = (tool.input_schema or {}).get("properties", {})
    found = {}
    for name, schema in properties.items():
        advice = SUGGESTED.search(str(schema.get("description", "")))
        if advice:
            found[name] = float(advice.group("value")) * scale
    return found


async def follow_guidance(
    client: Any, submit: str, prompt: str, scale: float, *, progress: bool
) -> dict[str, Any]:
    """Submit with the prompt (and what the tool's descriptions recommend), then do what each result
    says until it says the task is final.

    `progress`: the client asks for progress notifications (sends a progress token), as hosts that
    show progress do; without it the call carries no token.
    """
    listed = {t.name: t for t in (await client.list_tools()).tools}
    tools = set(listed)
    tally = Tally()
    seen = 0

    async def on_progress(done: float, total: float | None, message: str | None) -> None:
        nonlocal seen
        seen += 1

    async def call(tool: str, arguments: dict[str, Any]) -> dict[str, Any]:
        nonlocal seen
        seen = 0
        began = time.perf_counter()
        if progress:
            result = await client.call_tool(tool, arguments, progress_callback=on_progress)
        else:
            result = await client.call_tool(tool, arguments)
        tally.add(tool, result, time.perf_counter() - began, seen)
        return payload(result)

    started = time.perf_counter()
    record = await call(submit, {"prompt": prompt, **suggested_arguments(listed[submit], scale)})
    steps: list[dict[str, Any]] = []
    while (step := next_step(record, tools)) is not None:
        if len(tally.calls) >= MAX_CALLS:
            raise RuntimeError(f"still not final after {MAX_CALLS} calls")
        steps.append({"tool": step.tool, "pause_seconds": step.pause, "from": step.source})
        if step.pause:
            await anyio.sleep(step.pause * scale)
        record = await call(step.tool, step.arguments)
    wall = time.perf_counter() - started
    result = tally.summary(wall, scale, final_url(record))
    polling = record.get("mcp_task_polling")
    result["final_state"] = record.get("status") or (
        polling.get("state") if isinstance(polling, dict) else None
    )
    result["steps"] = steps
    return result
