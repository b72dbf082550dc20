"""Writes results/latest.json (everything) and results/latest.md (tables a person reads)."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from .checks import dig
from .stats import ratio

JSON = dict[str, Any]
DASH = "–"


def ms(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return DASH
    if value < 10:
        return f"{value:.2f} ms"
    if value < 100:
        return f"{value:.1f} ms"
    return f"{value:,.0f} ms"


def kb(value: float | None) -> str:
    return DASH if value is None else f"{value / 1000:.1f} kB"


def mib(kib: float | None) -> str:
    return DASH if kib is None else f"{kib / 1024:.1f} MiB"


def times(value: float | None) -> str:
    if value is None:
        return DASH
    if value >= 100:
        return f"{value:,.0f}×"
    return f"{value:.1f}×" if value >= 10 else f"{value:.2f}×"


def table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]


FLOW_NAMES = {
    "existing": "existing: does what its results say (poll veo_get_task, 15 s apart)",
    "defaults_progress": "ours, defaults, client sends a progress token",
    "defaults_no_progress": "ours, defaults, client sends no progress token",
    "tasks": "ours, MCP tasks (SEP-2663 client)",
}


class Report:
    def __init__(self, data: JSON) -> None:
        self.data = data
        self.r: JSON = data["results"]
        self.labels: dict[str, str] = data["targets"]
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    # --- sections -----------------------------------------------------------------------------------

    def build(self) -> str:
        self.title()
        self.headline()
        self.targets()
        self.latency()
        self.unfinished()
        self.cold_start()
        self.http()
        self.batch()
        self.agent()
        self.tool_lists()
        self.clients()
        self.memory()
        self.sora()
        self.method()
        self.environment()
        self.problems()
        return "\n".join(self.lines).rstrip() + "\n"

    def title(self) -> None:
        env, meta = self.data["environment"], self.data["meta"]
        machine = env["machine"]
        commit = env["git"]["commit"] or "unknown"
        dirty = " with uncommitted changes" if env["git"]["dirty"] else ""
        self.add(
            "# Benchmark: acemedia servers vs the existing servers and the floor",
            "",
            f"`make bench` on {env['date_utc']}, commit `{commit}`{dirty}; the whole run took "
            f"{meta['runtime_seconds']:.0f} s. Machine: {machine['cpu']}, {machine['usable_cpus']} CPUs, "
            f"{machine['memory_gib']} GiB, Python {env['python']['version']}. Everything ran on loopback against "
            "acemedia's API simulator. Ratios compare numbers from this same run.",
            "",
        )
        if meta.get("quick"):
            self.add("**Quick run (`--quick`): small samples, for trying the benchmark out only.**", "")
        packages = env["packages"]
        existing = self.data["baselines"].get("veo") or {}
        self.add(
            f"- **ours**: `veo-mcp` {packages.get('acemedia-veo-mcp')} from this workspace "
            f"(acemedia-core {packages.get('acemedia-core')}, mcp {packages.get('mcp')})",
            f"- **existing**: `mcp-veo` {existing.get('version')} from PyPI, installed by the benchmark into its own "
            + (
                f"venv (mcp {dig(existing, 'dependencies', 'mcp')})"
                if existing.get("ok")
                else f"venv: **not available in this run** ({existing.get('problem')})"
            ),
            f"- **floor**: `bench/floor_server.py`: one tool, one POST through one pooled `httpx.AsyncClient`, "
            f"mcp {packages.get('mcp')} like ours",
            "- **existing servers measured in this run** (PyPI, pinned in `bench/config.py`): "
            + ", ".join(
                f"`{b['package']}` {b['version']}" + ("" if b["ok"] else " (**not available**)")
                for b in self.data["baselines"].values()
            )
            + "; Veo and Sora take part in every measurement, Luma, Kling and Producer only in the tool-list "
            "comparison (section 5b)",
            "",
        )

    def headline(self) -> None:
        s = self.r.get("stdio", {})
        o, e, f = (s.get(k, {}) for k in ("ours-veo", "existing-veo", "floor-veo"))
        p50 = [dig(x, "latency_ms", "p50") for x in (o, e, f)]
        p99 = [dig(x, "latency_ms", "p99") for x in (o, e, f)]
        cold = dig(self.r, "cold_start", "veo") or {}
        c50 = [dig(cold, k, "ms", "p50") for k in ("ours-veo", "existing-veo", "floor-veo")]
        unf = self.r.get("unfinished", {})
        http = dig(self.r, "http", "veo") or {}
        rows = [
            [
                "get_task p50, stdio (finished task)",
                ms(p50[0]),
                ms(p50[1]),
                ms(p50[2]),
                times(ratio(p50[0], p50[2])),
                times(ratio(p50[1], p50[0])),
            ],
            [
                "get_task p99, stdio (finished task)",
                ms(p99[0]),
                ms(p99[1]),
                ms(p99[2]),
                times(ratio(p99[0], p99[2])),
                times(ratio(p99[1], p99[0])),
            ],
            [
                "get_task on a running task, median",
                ms(dig(unf, "ours-veo", "latency_ms", "p50")),
                ms(dig(unf, "existing-veo", "latency_ms", "p50")),
                DASH,
                DASH,
                times(
                    ratio(
                        dig(unf, "existing-veo", "latency_ms", "p50"),
                        dig(unf, "ours-veo", "latency_ms", "p50"),
                    )
                ),
            ],
            [
                "cold start to tools/list, median",
                ms(c50[0]),
                ms(c50[1]),
                ms(c50[2]),
                times(ratio(c50[0], c50[2])),
                times(ratio(c50[1], c50[0])),
            ],
        ]
        levels = [lv["sessions"] for lv in dig(http, "ours-veo", "levels") or []]
        if levels:
            names = " / ".join(str(n) for n in levels)

            def per_level(key: str, *path: str) -> list[float | None]:
                return [dig(self._level(http, key, n), *path) for n in levels]

            def cells(values: list[float | None], fmt: str) -> str:
                return " / ".join(DASH if v is None else format(v, fmt) for v in values)

            ours_t, floor_t = (
                per_level("ours-veo", "throughput_per_s"),
                per_level("floor-veo", "throughput_per_s"),
            )
            ours_p, floor_p = (
                per_level("ours-veo", "latency_ms", "p99"),
                per_level("floor-veo", "latency_ms", "p99"),
            )
            rows.append(
                [
                    f"HTTP calls/s at {names} sessions",
                    cells(ours_t, ".0f"),
                    "not measured",
                    cells(floor_t, ".0f"),
                    " / ".join(times(ratio(a, b)) for a, b in zip(ours_t, floor_t, strict=True)),
                    DASH,
                ]
            )
            rows.append(
                [
                    f"HTTP p99 (ms) at {names} sessions",
                    cells(ours_p, ".0f"),
                    "not measured",
                    cells(floor_p, ".0f"),
                    " / ".join(times(ratio(a, b)) for a, b in zip(ours_p, floor_p, strict=True)),
                    DASH,
                ]
            )
        b = self.r.get("batch", {})
        bo, be = b.get("ours-veo"), dig(b, "existing-veo", "default")
        rows.append(
            [
                "500-task status: wall, upstream requests, tasks returned",
                self._batch_cell(bo),
                self._batch_cell(be, existing=True),
                "no batch tool",
                DASH,
                DASH,
            ]
        )
        a = self.r.get("agent", {})
        ap, aq, at, ae = (
            a.get(f"{k}@90s") for k in ("defaults_progress", "defaults_no_progress", "tasks", "existing")
        )
        parts = []
        if ap:
            parts.append(f"{ap['tool_calls']} calls, {kb(ap['text_bytes'])} (defaults, progress token)")
        if aq:
            parts.append(f"{aq['tool_calls']} calls, {kb(aq['text_bytes'])} (defaults, no progress token)")
        if at:
            parts.append(
                f"{at['tool_calls']} call + {at['tasks_get_requests']} tasks/get, {kb(at['text_bytes'])} (tasks)"
            )
        rows.append(
            [
                "agent, one 90 s generation: tool calls, bytes read",
                "; ".join(parts) or DASH,
                f"{ae['tool_calls']} calls, {kb(ae['text_bytes'])}" if ae else DASH,
                DASH,
                DASH,
                times(ratio(ae and ae["tool_calls"], ap and ap["tool_calls"])),
            ]
        )
        lists = dig(self.r, "tool_lists", "all") or {}
        veo_list = lists.get("veo") or {}
        if veo_list:
            rows.append(
                [
                    "model-visible tools/list (Veo): tools, bytes",
                    f"{veo_list['ours_tools']}, {veo_list['ours_bytes']:,}",
                    f"{veo_list['existing_tools']}, {veo_list['existing_bytes']:,}",
                    DASH,
                    DASH,
                    times(ratio(veo_list["existing_bytes"], veo_list["ours_bytes"])),
                ]
            )
        rss = [dig(x, "rss_kib") or {} for x in (o, e, f)]
        rows.append(["RSS idle → after 1,000 calls", *(self._rss(x) for x in rss), DASH, DASH])
        self.add("## Headline (Veo)", "")
        self.add(*table(["measure", "ours", "existing", "floor", "ours / floor", "existing / ours"], rows))

    def _level(self, http: JSON, key: str, sessions: int) -> JSON | None:
        for level in dig(http, key, "levels") or []:
            if level["sessions"] == sessions:
                return dict(level)
        return None

    @staticmethod
    def _tput(level: JSON | None) -> str:
        if not level:
            return DASH
        return f"{level['throughput_per_s']:.0f}/s ({ms(dig(level, 'latency_ms', 'p99'))})"

    @staticmethod
    def _batch_cell(b: JSON | None, existing: bool = False) -> str:
        if not b:
            return DASH
        if b.get("error"):
            return "error: " + str(b["error"])[:80]
        calls = b["upstream_requests"][-1] if b["upstream_requests"] else DASH
        cell = f"{ms(dig(b, 'wall_ms', 'p50'))}, {calls}, {b['items_returned']}"
        if existing:
            cell += f" of {b.get('total_reported')} listed"
        return cell

    @staticmethod
    def _rss(rss: JSON) -> str:
        idle, after = rss.get("idle"), rss.get("after_calls")
        if not idle or not after:
            return DASH
        return f"{mib(idle)} → {mib(after)} ({(after - idle) / idle:+.1%})"

    def targets(self) -> None:
        rows = [[c["target"], c["verdict"], c.get("note") or ""] for c in self.data["checks"]]
        met = sum(1 for c in self.data["checks"] if c["met"])
        self.add("## Targets", "", f"{met} of {len(rows)} met in this run.", "")
        self.add(*table(["target", "result", "note"], rows))

    def latency(self) -> None:
        s = self.r.get("stdio", {})
        rows = []
        for key in ("ours-veo", "existing-veo", "floor-veo"):
            x = s.get(key)
            if not x:
                continue
            lat = x["latency_ms"]
            rows.append(
                [
                    self.label(key),
                    ms(lat["p10"]),
                    ms(lat["p50"]),
                    ms(lat["p90"]),
                    ms(lat["p99"]),
                    ms(lat["max"]),
                    ms(x["server_cpu_ms_per_call"]),
                    kb(x["reply_text_bytes"]),
                ]
            )
        n = next((x["latency_ms"]["n"] for x in s.values() if isinstance(x, dict) and "latency_ms" in x), 0)
        self.add(
            "## 1. get_task latency over stdio",
            "",
            f"{n} sequential `<provider>_get_task` calls per server (after a warm-up) in one session, on a task that "
            "has already finished in the simulator, timed from `call_tool` to its result in the MCP client. "
            "The existing server sleeps 5 s after a poll of an unfinished task; a finished one is not held, so this "
            "is its best case. Server CPU is the server process's user+system time over the timed calls.",
            "",
        )
        cost = self.data["meta"].get("existing_async_client_construction_ms")
        if cost is not None:
            self.add(
                "Most of the existing server's time is its own CPU: it opens a new `httpx.AsyncClient` for every "
                f"upstream request, and constructing one costs {ms(cost)} in its environment on this machine "
                "(it builds a TLS context even for an http:// URL), before any connection is made.",
                "",
            )
        self.add(
            *table(["server", "p10", "p50", "p90", "p99", "max", "server CPU / call", "reply text"], rows)
        )

    def unfinished(self) -> None:
        u = self.r.get("unfinished", {})
        if not u:
            return
        rows = [
            [self.label(k), ", ".join(ms(v) for v in x["samples_ms"]), ms(x["latency_ms"]["p50"])]
            for k, x in u.items()
        ]
        self.add(
            "### 1b. get_task on a task that is still running",
            "",
            "The existing server: the same running task polled back to back; every reply is held 5 s. Ours: each "
            "call is the first poll of a running task, which is what polls 15 s apart (the guidance) look like to "
            "it; ours holds a repeat poll of one unfinished task only when it comes within "
            "ACEMEDIA_MIN_POLL_INTERVAL (5 s) of the previous one.",
            "",
        )
        self.add(*table(["server", "calls", "median"], rows))

    def cold_start(self) -> None:
        cold = dig(self.r, "cold_start", "veo") or {}
        rows = [
            [
                self.label(k),
                ms(x["ms"]["p10"]),
                ms(x["ms"]["p50"]),
                ms(x["ms"]["p90"]),
                ", ".join(f"{v:.0f}" for v in x["samples_ms"]),
            ]
            for k, x in cold.items()
        ]
        self.add(
            "## 2. Cold start",
            "",
            "Process spawn → `initialize` handshake → `tools/list` answered, over stdio, timed in the client. "
            "The servers take turns (round-robin), after one untimed round that warms the bytecode caches.",
            "",
        )
        self.add(*table(["server", "p10", "median", "p90", "samples (ms)"], rows))

    def http(self) -> None:
        http = dig(self.r, "http", "veo") or {}
        rows = []
        for key, x in http.items():
            for lv in x["levels"]:
                cores = lv["cpu_cores_busy"]
                busy = "/".join(
                    f"{cores[k]:.2f}" if cores.get(k) is not None else "?"
                    for k in ("server", "client", "simulator")
                )
                rows.append(
                    [
                        self.label(key),
                        str(lv["sessions"]),
                        f"{lv['throughput_per_s']:.0f}",
                        ", ".join(f"{t:.0f}" for t in lv["throughput_per_round"]),
                        ms(dig(lv, "latency_ms", "p50")),
                        ms(dig(lv, "latency_ms", "p90")),
                        ms(dig(lv, "latency_ms", "p99")),
                        str(lv["errors"]),
                        ms(lv["server_cpu_ms_per_call"]),
                        busy,
                    ]
                )
        self.add(
            "## 3. Streamable HTTP",
            "",
            "Ours as `veo-mcp --transport http` (stateless, SSE replies); the floor with the SDK's "
            '`run("streamable-http", stateless_http=True)`. Each session is its own `mcp.Client` with its own '
            "`httpx2.AsyncClient`, calling get_task back to back for the window. The levels take turns over the "
            "servers. The load generator, the server and the simulator share the 2 CPUs: the last column shows "
            "how many cores each kept busy, so a client-bound level is visible. The existing server's HTTP mode is "
            "not measured: it always binds 0.0.0.0, and this benchmark binds only loopback.",
            "",
        )
        self.add(
            *table(
                [
                    "server",
                    "sessions",
                    "calls/s",
                    "per round",
                    "p50",
                    "p90",
                    "p99",
                    "errors",
                    "server CPU / call",
                    "cores busy: server/client/sim",
                ],
                rows,
            )
        )

    def batch(self) -> None:
        b = self.r.get("batch", {})
        if not b:
            return
        rows = []
        if "ours-veo" in b:
            x = b["ours-veo"]
            rows.append(
                self._batch_row(self.label("ours-veo"), "task_ids=<500 ids>", x, str(x["items_returned"]))
            )
        for name, x in (b.get("existing-veo") or {}).items():
            shown = f"{x['items_returned']} (header says Total Tasks: {x.get('total_reported')})"
            rows.append(self._batch_row(f"{self.label('existing-veo')}, {name}", x["arguments"], x, shown))
        self.add(
            "## 4. Status of 500 tasks in one call",
            "",
            "500 Veo tasks (half finished, half running) followed with `veo_get_tasks_batch`. Upstream requests are "
            "counted in the simulator's journal. Ours splits the ids into requests of 50, 4 at a time, and returns "
            "every task (lean items). The existing tool sends all ids in one request and always sends `limit` "
            "(default 12), so without an explicit limit the upstream returns only the first 12 tasks while its "
            f"header reports the total{self._missing(b)}.",
            "",
        )
        self.add(
            *table(
                [
                    "server",
                    "arguments",
                    "wall p50",
                    "wall p10–p90",
                    "upstream requests",
                    "ids per request",
                    "tasks listed",
                    "reply text",
                ],
                rows,
            )
        )

    @staticmethod
    def _missing(b: JSON) -> str:
        x = dig(b, "existing-veo", "default")
        if not x or x.get("total_reported") is None:
            return ""
        return f": in this run {x['total_reported'] - x['items_returned']} tasks were silently left out"

    @staticmethod
    def _batch_row(name: str, args: str, x: JSON, listed: str) -> list[str]:
        per = ", ".join(str(r["ids"]) for r in x["requests"])
        wall = x["wall_ms"]
        return [
            name,
            f"`{args}`",
            ms(wall["p50"]),
            f"{ms(wall['p10'])} – {ms(wall['p90'])}",
            str(x["upstream_requests"][-1]),
            per,
            listed,
            kb(x["reply_text_bytes"]),
        ]

    def agent(self) -> None:
        a = self.r.get("agent", {})
        if not a:
            return
        params = self.data["meta"]["params"]
        scale = params["time_scale"]
        rows = []
        for seconds in params["generations"]:
            for flow, name in FLOW_NAMES.items():
                x = a.get(f"{flow}@{seconds:g}s")
                if not x:
                    continue
                if flow == "tasks":
                    client = f"{x['tasks_get_requests']} tasks/get ({kb(x['tasks_get_bytes'])})"
                    sequence = f"text_to_video → task; tasks/get every {x['poll_interval_ms_scaled'] / scale / 1000:.0f} s"
                else:
                    client = (
                        f"{x['progress_notifications']} progress notifications"
                        if x["progress_notifications"]
                        else DASH
                    )
                    sequence = " → ".join(
                        f"{c['tool'].removeprefix('veo_')} {c['seconds_equivalent']:.0f}s" for c in x["calls"]
                    )
                rows.append(
                    [
                        f"{seconds:g} s",
                        name,
                        str(x["tool_calls"]),
                        kb(x["text_bytes"]),
                        client,
                        f"{x['wall_seconds_equivalent']:.0f} s",
                        "yes" if x.get("final_url") else "no",
                        sequence,
                    ]
                )
        self.add(
            "## 5. Agent cost of one generation: 30 s, 90 s and 300 s jobs",
            "",
            "The agent (`bench/agent.py`) calls `veo_text_to_video` with the prompt and any value the tool's "
            "parameter descriptions recommend (ours: `wait_seconds`, whose description suggests 50; the existing "
            "server's recommend none), and then does what each result tells it: the first tool call written in "
            "the result's `next_step` (from `wait`, else `mcp_task_polling`, else `mcp_async_submission`), with "
            "exactly the arguments written there and after the pause that sentence asks for, until a result says "
            "the task is final. No other argument is set (no `timeout_seconds`). Ours is measured from a client that sends a "
            "progress token with each call (the wait tools' default budget is then 110 s) and from one that sends "
            "none (50 s); the tasks client declares SEP-2663, gets a task from its one `tools/call` and follows it "
            "with `tasks/get` itself: those reads are not tool calls and the model never reads them.",
            "",
            f"Time-scaled by 1/{1 / scale:g}: the simulated job, the agent's pauses, our wait schedule, poll "
            "interval and budgets, and the existing server's 5 s hold (via `bench/timewarp/`) all shrink alike. "
            "Calls and bytes are what the agent gets at real time; seconds are real-time equivalents (measured ÷ "
            f"scale, so fixed overheads such as process I/O count {1 / scale:g}× here). Bytes read: the text "
            "content of every tool result the model reads until it has the final URL.",
            "",
        )
        self.add(
            *table(
                [
                    "job",
                    "agent",
                    "tool calls",
                    "bytes read by the model",
                    "client-only traffic",
                    "time to URL",
                    "final URL",
                    "calls (equivalent s each)",
                ],
                rows,
            )
        )

    def tool_lists(self) -> None:
        lists = dig(self.r, "tool_lists", "all") or {}
        if not lists:
            return
        rows = []
        for provider, x in lists.items():
            rec = x.get("recorded") or {}
            rows.append(
                [
                    provider,
                    f"{x['ours_label']}",
                    f"{x['ours_tools']}, {x['ours_bytes']:,}",
                    f"`{x['existing_package']}`",
                    f"{x['existing_tools']}, {x['existing_bytes']:,}",
                    x["existing_source"],
                    f"{rec.get('bytes'):,} ({rec.get('version')})" if rec.get("bytes") else DASH,
                    times(ratio(x["ours_bytes"], x["existing_bytes"])),
                ]
            )
        self.add(
            "## 5b. Model-visible tool lists",
            "",
            "What every `tools/list` costs a model before any call: the tools' names, descriptions and input "
            "schemas as compact JSON (UTF-8 bytes). Both sides are read the same way in this run: spawned over "
            "stdio, `tools/list` through the mcp 2.x client. The recorded column is the size each "
            "provider's contract suite holds its server to (its `tests/data/published_tool_sizes.json`).",
            "",
        )
        self.add(
            *table(
                [
                    "provider",
                    "ours",
                    "ours: tools, bytes",
                    "existing",
                    "existing: tools, bytes",
                    "existing measured",
                    "recorded bytes (version)",
                    "ours / existing",
                ],
                rows,
            )
        )

    def clients(self) -> None:
        c = dig(self.r, "clients", "veo") or {}
        if not c:
            return
        rows = []
        for client in ("mcp_1x", "mcp_2x"):
            o, f = dig(c, "ours-veo", client), dig(c, "floor-veo", client)
            if not o and not f:
                continue
            rows.append(
                [
                    "mcp 1.x" if client == "mcp_1x" else "mcp 2.x",
                    ms(dig(o, "p50")),
                    ms(dig(o, "p90")),
                    ms(dig(f, "p50")),
                    ms(dig(f, "p90")),
                    times(ratio(dig(o, "p50"), dig(f, "p50"))),
                ]
            )
        one_x = (self.data["baselines"].get("veo") or {}).get("dependencies", {}).get("mcp")
        self.add(
            "## 5c. get_task through the mcp 1.x and 2.x Python clients",
            "",
            f"`veo_get_task` on a finished task, {dig(c, 'ours-veo', 'mcp_2x', 'n') or DASH} timed calls per server "
            "and client after 5 warm-up calls, one session each over stdio. The 1.x client (`bench/client_1x.py`, "
            f"mcp {one_x or '1.x'} from the `mcp-veo` venv) validates every structured result against the tool's "
            "output schema; the 2.x client is the workspace's. The floor is measured through the same client.",
            "",
        )
        self.add(
            *table(["client", "ours p50", "ours p90", "floor p50", "floor p90", "ours / floor (p50)"], rows)
        )

    def memory(self) -> None:
        s = self.r.get("stdio", {})
        rows = []
        for key in ("ours-veo", "existing-veo", "floor-veo", "ours-sora", "existing-sora"):
            rss = dig(s, key, "rss_kib")
            if not rss:
                continue
            idle, warm, after = rss.get("idle"), rss.get("after_warmup"), rss.get("after_calls")
            growth = f"{(after - idle) / idle:+.1%}" if idle and after else DASH
            since_warm = f"{(after - warm) / warm:+.1%}" if warm and after else DASH
            rows.append([self.label(key), mib(idle), mib(warm), mib(after), growth, since_warm])
        self.add(
            "## 6. Resident memory",
            "",
            "VmRSS from /proc/<pid>/status: idle (after start-up and tools/list), after the warm-up calls, and "
            "after 1,000 get_task calls in all (the calls of section 1 included).",
            "",
        )
        self.add(
            *table(["server", "idle", "after warm-up", "after 1,000 calls", "vs idle", "vs warm-up"], rows)
        )

    def sora(self) -> None:
        s = self.r.get("stdio", {})
        cold = dig(self.r, "cold_start", "sora") or {}
        rows = []
        for key in ("ours-sora", "existing-sora"):
            if key not in s and key not in cold:
                continue
            lat = dig(s, key, "latency_ms") or {}
            rows.append(
                [
                    self.label(key),
                    ms(lat.get("p50")),
                    ms(lat.get("p99")),
                    ms(dig(cold, key, "ms", "p50")),
                    self._rss(dig(s, key, "rss_kib") or {}),
                ]
            )
        if rows:
            self.add(
                "## Sora pair",
                "",
                "The same stdio measurements for `sora-mcp` and the published `mcp-sora`.",
                "",
            )
            self.add(
                *table(
                    [
                        "server",
                        "get_task p50",
                        "get_task p99",
                        "cold start median",
                        "RSS idle → after 1,000 calls",
                    ],
                    rows,
                )
            )

    def method(self) -> None:
        meta = self.data["meta"]
        self.add(
            "## Method notes",
            "",
            "- Every server gets `ACEDATACLOUD_API_BASE_URL` (the simulator), `ACEDATACLOUD_API_TOKEN` and "
            "`LOG_LEVEL=WARNING`; its stderr goes to a file. The existing servers also log every request through "
            "loguru, which no setting turns off; that is part of what they cost. Ours keeps its task ledger on "
            "(its default), in a scratch file.",
            '- The MCP client is mcp 2.x `Client(..., mode="legacy")` (initialize handshake) for every server, '
            "except the MCP tasks flow of section 5 (a SEP-2663 client speaking JSON-RPC over stdio, "
            "`tests/tasks_protocol.py`) and the mcp 1.x client of section 5c.",
            "- The agent of section 5 ignores `retry_after_seconds` (ours adds it to a wait result that ran out "
            "of budget); it follows the `next_step` text, which asks for the next wait call at once.",
            "- The simulator runs in its own process (`bench/sim_process.py`) with Nagle's algorithm off on its "
            "connections. acemedia's stock `SimulatorServer` leaves it on (its listening socket is created without "
            "`IPPROTO_TCP`, so asyncio skips `TCP_NODELAY`): a pooled client then waits for a delayed ACK on every "
            f"request after the first. Measured in this run: a kept-alive query takes {ms(meta.get('upstream_round_trip_ms'))} "
            f"against the benchmark's simulator and {ms(meta.get('stock_round_trip_ms'))} against the stock runner.",
            "- Percentiles interpolate linearly between ranks; p99 of a few hundred samples rests on the slowest "
            "few calls.",
            "",
        )

    def environment(self) -> None:
        env = self.data["environment"]
        packages = ", ".join(f"{k} {v}" for k, v in env["packages"].items())
        self.add(
            "## Environment",
            "",
            f"- Machine: {env['machine']['cpu']}; {env['machine']['logical_cpus']} logical CPUs "
            f"({env['machine']['usable_cpus']} usable); {env['machine']['memory_gib']} GiB; {env['machine']['os']}; "
            f"load average at start {env['machine']['load_average_at_start']}, at the end "
            f"{env['machine'].get('load_average_at_end')} (other processes on the machine add noise)",
            f"- Python {env['python']['version']} ({env['python']['implementation']})",
            f"- Workspace packages: {packages}",
        )
        for b in self.data["baselines"].values():
            if b["ok"]:
                deps = ", ".join(f"{k} {v}" for k, v in b["dependencies"].items())
                self.add(
                    f"- Baseline `{b['package']}=={b['version']}` (PyPI, pinned): venv `{Path(b['venv']).name}`, "
                    f"entry point `{b['entry_point']}`, `--version` says `{b['version_output']}`; {deps}"
                )
            else:
                self.add(f"- Baseline `{b['package']}=={b['version']}`: **not available**: {b['problem']}")
        params = ", ".join(f"{k}={v}" for k, v in self.data["meta"]["params"].items())
        self.add(f"- Parameters: {params}", "")

    def problems(self) -> None:
        errors = self.data.get("errors") or {}
        missing = [b for b in self.data["baselines"].values() if not b["ok"]]
        if not errors and not missing:
            return
        self.add("## Not measured", "")
        for b in missing:
            self.add(
                f"- Everything involving `{b['package']}`: it could not be installed or started ({b['problem']})."
            )
        for name, message in errors.items():
            self.add(f"- `{name}` failed: {message}")
        self.add("")


def write(data: JSON, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    json_path, md_path = directory / "latest.json", directory / "latest.md"
    for path, text in (
        (json_path, json.dumps(data, indent=2, sort_keys=False, default=str) + "\n"),
        (md_path, Report(data).build()),
    ):
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    return md_path, json_path
