"""The upstream API: acemedia's simulator, run in its own process on loopback.

It runs as a separate process (`bench/sim_process.py`: the simulator's app and state, with Nagle's
algorithm off as on any real API front end) rather than in a thread of the benchmark, so it does not
compete with the load generator for this process's GIL. Its journal is read through `GET /_sim/journal`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from acemedia_testing import spawn, stop_process

from .config import ROOT, TOKEN
from .stats import percentile

SUBMIT_PATHS = {"veo": "/veo/videos", "sora": "/sora/videos"}


def submit_body(provider: str, prompt: str) -> dict[str, Any]:
    if provider == "veo":
        return {"action": "text2video", "prompt": prompt, "model": "veo31-fast", "async": True}
    return {"prompt": prompt, "model": "sora-2", "async": True}


class Upstream:
    def __init__(self, work: Path, job_seconds: float, *, stock: bool = False) -> None:
        self.work = work
        self.job_seconds = job_seconds
        self.stock = stock  # True: acemedia's own `python -m acemedia_testing.simulator` (SimulatorServer)
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self._http: httpx.Client | None = None

    def start(self) -> Upstream:
        log = self.work / ("simulator-stock.log" if self.stock else "simulator.log")
        module = ["acemedia_testing.simulator", "--port", "0"] if self.stock else ["bench.sim_process"]
        dialect = ["--dialect", "classic"] if self.stock else []  # bench.sim_process speaks only classic
        command = [sys.executable, "-m", *module, "--job-seconds", str(self.job_seconds), *dialect]
        self.process = spawn(command, log, stdout=subprocess.PIPE, cwd=ROOT)
        assert self.process.stdout is not None
        self.url = self.process.stdout.readline().decode().strip()
        if not self.url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"the simulator did not start: see {log}")
        self._http = httpx.Client(base_url=self.url, headers={"authorization": f"Bearer {TOKEN}"}, timeout=30)
        return self

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def stop(self) -> None:
        if self._http is not None:
            self._http.close()
            self._http = None
        if self.process is not None:
            stop_process(self.process)
            if self.process.stdout is not None:
                self.process.stdout.close()
        self.process = None

    @property
    def http(self) -> httpx.Client:
        if self._http is None:
            raise RuntimeError("the simulator is not running")
        return self._http

    def submit(self, provider: str, prompt: str) -> str:
        """Start a job directly (not through a server); returns its task id."""
        reply = self.http.post(SUBMIT_PATHS[provider], json=submit_body(provider, prompt))
        reply.raise_for_status()
        return str(reply.json()["task_id"])

    def record(self, provider: str, task_id: str) -> dict[str, Any]:
        reply = self.http.post(f"/{provider}/tasks", json={"action": "retrieve", "id": task_id})
        reply.raise_for_status()
        data: dict[str, Any] = reply.json()
        return data

    def finished_task(self, provider: str) -> str:
        """A task that has already finished (so no server throttles its polls)."""
        task_id = self.submit(provider, f"A benchmark clip for {provider}")
        deadline = time.monotonic() + 30
        while (self.record(provider, task_id).get("response") or {}).get("success") is not True:
            if time.monotonic() > deadline:
                raise RuntimeError(f"simulated {provider} task {task_id} did not finish")
            time.sleep(0.05)
        return task_id

    def requests(self, path: str) -> list[dict[str, Any]]:
        reply = self.http.get("/_sim/journal", params={"path": path})
        reply.raise_for_status()
        entries: list[dict[str, Any]] = reply.json()["requests"]
        return entries

    def reset(self) -> None:
        self.http.post("/_sim/reset").raise_for_status()

    def round_trip_ms(self, count: int = 20) -> float:
        """Median time of a task query on one kept-alive connection, as a pooled client sees the upstream."""
        samples = []
        body = {"action": "retrieve", "id": "no-such-task"}
        self.http.post("/veo/tasks", json=body)
        for _ in range(count):
            started = time.perf_counter()
            self.http.post("/veo/tasks", json=body)
            samples.append(time.perf_counter() - started)
        return round(percentile(samples, 50) * 1000, 2)


def stock_round_trip_ms(work: Path) -> float:
    """The same measurement against acemedia's stock simulator runner, to show why the benchmark has its own."""
    stock = Upstream(work, 0.05, stock=True).start()
    try:
        return stock.round_trip_ms()
    finally:
        stock.stop()
