"""Where the benchmark keeps things, which baseline versions it installs, and how much work each part does."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
VENVS = BENCH_DIR / ".venvs"
WORK = BENCH_DIR / ".work"
RESULTS = BENCH_DIR / "results"
TIMEWARP = BENCH_DIR / "timewarp"
FLOOR_SERVER = BENCH_DIR / "floor_server.py"

TOKEN = "bench-token"
# the same quiet level for every server (the existing ones also log through loguru regardless)
LOG_LEVEL = "WARNING"


@dataclass(frozen=True)
class Params:
    """How much each measurement does. `quick()` is for trying the benchmark out, not for reporting."""

    warmup_calls: int = 50
    latency_calls: int = 300
    memory_calls: int = 1000  # total get_task calls in the stdio session (warm-up and timed ones included)
    unfinished_calls: int = 3
    cold_starts: int = 10
    cold_starts_secondary: int = 5  # for the Sora pair
    http_levels: tuple[int, ...] = (1, 10, 50)
    http_seconds: float = 3.0  # per level, per round
    http_rounds: int = 2
    batch_size: int = 500
    batch_repeats: int = 5
    generations: tuple[float, ...] = (30.0, 90.0, 300.0)  # simulated job lengths, real-time seconds
    time_scale: float = 1 / 30
    quick: bool = False

    def quickened(self) -> Params:
        return replace(
            self,
            warmup_calls=10,
            latency_calls=50,
            memory_calls=100,
            unfinished_calls=1,
            cold_starts=2,
            cold_starts_secondary=1,
            http_seconds=1.0,
            http_rounds=1,
            batch_repeats=1,
            generations=(90.0,),
            quick=True,
        )
