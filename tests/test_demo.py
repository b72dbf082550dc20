"""`make demo`: a sandboxed server driven through a real MCP client, ending with a full progress bar."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo import BAR_WIDTH, run_demo


async def test_the_demo_succeeds_and_its_progress_bar_ends_full(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert await run_demo("veo", job_seconds=0.3, output=tmp_path)
    out = capsys.readouterr().out
    bars = [line.strip() for line in out.splitlines() if line.strip().startswith("[")]
    assert bars and bars[-1].startswith("[" + "#" * BAR_WIDTH + "]"), out
    assert "final video: http://127.0.0.1:" in out
