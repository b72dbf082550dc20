"""Time-scaling shim for the agent-cost scenario only (bench/agent.py).

When BENCH_TIME_SCALE is set (e.g. 0.0333), every `asyncio.sleep(d)` in the process sleeps
`d * BENCH_TIME_SCALE` instead. The benchmark puts this directory on PYTHONPATH of the *existing*
server only while it models a 90 s generation in 3 s, so that server's fixed 5 s hold on unfinished
tasks takes 5 s of scaled time, like everything else in that scenario (the simulator's job length and
the agent's 15 s pause are scaled the same way; our server is scaled through ACEMEDIA_WAIT_INTERVALS).
Nothing else is changed, and no other measurement uses it.
"""

from __future__ import annotations

import os

_scale = os.environ.get("BENCH_TIME_SCALE", "").strip()
if _scale:
    import asyncio
    from typing import Any

    _factor = float(_scale)
    _sleep = asyncio.sleep

    async def _scaled_sleep(delay: float, result: Any = None) -> Any:
        return await _sleep(delay * _factor, result)

    asyncio.sleep = _scaled_sleep
