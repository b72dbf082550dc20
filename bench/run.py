"""Runs every measurement in order against one simulator; a failing part is recorded and the rest goes on."""

from __future__ import annotations

import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import anyio

from . import agent_cost, batch, client_compare, http_bench, stdio_bench, tool_lists
from .config import WORK, Params
from .progress import say
from .targets import Target
from .upstream import Upstream


@dataclass
class Run:
    params: Params
    upstream: Upstream
    targets: dict[str, Target]  # by key; a baseline that could not be installed is simply absent
    python_1x: str | None = None  # an interpreter with the mcp 1.x client (a baseline's venv)
    results: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def have(self, *keys: str) -> list[Target]:
        return [self.targets[k] for k in keys if k in self.targets]

    async def part(self, name: str, key: str, work: Callable[[], Awaitable[Any]]) -> None:
        """Run one measurement and file its result under results[name][key], or its error."""
        try:
            self.results.setdefault(name, {})[key] = await work()
        except Exception as exc:
            message = f"{type(exc).__name__}: {exc}"
            self.errors[f"{name}/{key}"] = message
            say(f"  {name}/{key} FAILED: {message}")
            (WORK / f"error-{name}-{key}.txt").write_text(traceback.format_exc())


def _sync(fn: Callable[..., Any], *args: Any) -> Awaitable[Any]:
    return anyio.to_thread.run_sync(fn, *args)


async def run_all(run: Run) -> None:
    p, up = run.params, run.upstream
    finished = {provider: await _sync(up.finished_task, provider) for provider in ("veo", "sora")}

    say(f"1+6/6 stdio get_task latency and memory ({p.latency_calls} timed calls, {p.memory_calls} in all)")
    exclude = {up.pid}
    for target in run.have("ours-veo", "existing-veo", "floor-veo", "ours-sora", "existing-sora"):
        log = WORK / f"{target.key}-stdio.log"
        task_id = finished[target.provider]
        await run.part("stdio", target.key, partial(stdio_bench.profile, target, task_id, p, log, exclude))

    say(f"1b/6 get_task on an unfinished task ({p.unfinished_calls} calls)")
    running = [
        await _sync(up.submit, "veo", f"A long clip {n} [sim:seconds=3600]")
        for n in range(p.unfinished_calls)
    ]
    # the existing server, re-polled on one running task, holds every reply 5 s; ours never holds polls
    # 15 s apart (the guidance), which distinct running tasks model here
    for target, ids in (
        *((t, [running[0]] * p.unfinished_calls) for t in run.have("existing-veo")),
        *((t, running) for t in run.have("ours-veo")),
    ):
        measure = partial(stdio_bench.unfinished, target, ids, finished["veo"], WORK / "unfinished.log")
        await run.part("unfinished", target.key, measure)

    say(f"2/6 cold start over stdio ({p.cold_starts} times each, interleaved)")
    for name, group, repeats in (
        ("veo", run.have("ours-veo", "existing-veo", "floor-veo"), p.cold_starts),
        ("sora", run.have("ours-sora", "existing-sora"), p.cold_starts_secondary),
    ):
        await run.part("cold_start", name, partial(stdio_bench.cold_starts, group, repeats, WORK))

    levels = ", ".join(str(n) for n in p.http_levels)
    say(
        f"3/6 streamable HTTP at {levels} sessions ({p.http_rounds} rounds of {p.http_seconds:g} s per level)"
    )
    over_http = [t for t in run.have("ours-veo", "floor-veo") if t.http_command]
    await run.part(
        "http",
        "veo",
        partial(
            http_bench.measure,
            over_http,
            finished["veo"],
            p.http_levels,
            p.http_seconds,
            p.http_rounds,
            WORK,
            up.pid,
        ),
    )

    say(f"4/6 status of {p.batch_size} tasks in one call")
    ids = await _sync(batch.prepare, up, p.batch_size)
    for target in run.have("ours-veo"):
        await run.part("batch", target.key, partial(batch.ours, target, ids, up, p, WORK / "batch.log"))
    for target in run.have("existing-veo"):
        await run.part("batch", target.key, partial(batch.existing, target, ids, up, p, WORK / "batch.log"))

    scale = p.time_scale
    jobs = " / ".join(f"{s:g}" for s in p.generations)
    say(
        f"5/6 agent cost of a {jobs} s generation (time scale 1/{1 / scale:g}), with the defaults and with tasks"
    )
    log = WORK / "agent.log"
    ours_veo, existing_veo = run.have("ours-veo"), run.have("existing-veo")
    for seconds in p.generations:
        flows: list[tuple[str, Callable[[], Awaitable[Any]]]] = []
        for target in existing_veo:
            flows.append(
                ("existing", partial(agent_cost.guided, target, seconds, scale, log, progress=False))
            )
        for target in ours_veo:
            flows.append(
                ("defaults_progress", partial(agent_cost.guided, target, seconds, scale, log, progress=True))
            )
            flows.append(
                (
                    "defaults_no_progress",
                    partial(agent_cost.guided, target, seconds, scale, log, progress=False),
                )
            )
            flows.append(("tasks", partial(_sync, agent_cost.with_tasks, target, seconds, scale)))
        for flow, work in flows:
            key = f"{flow}@{seconds:g}s"
            await run.part("agent", key, work)
            if key in run.results.get("agent", {}):
                agent_cost.report_line(seconds, flow, run.results["agent"][key])

    say("5b/6 model-visible tools/list bytes per server, ours against the existing servers")
    mine = {t.provider: t for t in run.targets.values() if t.role == "ours"}
    theirs = {t.provider: t for t in run.targets.values() if t.role == "existing"}
    compare = partial(tool_lists.compare, mine, theirs, WORK / "tool-lists.log")
    await run.part("tool_lists", "all", compare)

    say(f"5c/6 get_task p50 through the mcp 1.x and 2.x clients ({p.latency_calls} calls)")
    compared = run.have("ours-veo", "floor-veo")
    # a fresh finished task: the batch part reset the simulator, which forgot the first one
    finished_veo = await _sync(up.finished_task, "veo")
    measure = partial(
        client_compare.measure,
        compared,
        run.python_1x,
        finished_veo,
        p.latency_calls,
        WORK / "clients.log",
    )
    await run.part("clients", "veo", measure)
