"""`make demo`: a sandboxed server driven through a real MCP client, ending with a full progress bar."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from acemedia_testing import require_program

from demo import BAR_WIDTH, run_demo

pytestmark = pytest.mark.e2e  # the demo's servers over stdio; the hosted demo with redis-server and haproxy


async def test_the_demo_succeeds_and_its_progress_bar_ends_full(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert await run_demo("veo", job_seconds=0.3, output=tmp_path)
    out = capsys.readouterr().out
    bars = [line.strip() for line in out.splitlines() if line.strip().startswith("[")]
    assert bars and bars[-1].startswith("[" + "#" * BAR_WIDTH + "]"), out
    assert "final video: http://127.0.0.1:" in out


def test_the_hosted_demo_signs_in_and_finishes_a_task_across_two_replicas() -> None:
    """`make hosted-demo`: the README's Hosting setup on loopback, as an operator first tries it."""
    require_program("haproxy")
    require_program("redis-server")
    run = subprocess.run(
        [sys.executable, "-m", "demo.hosted", "--user", "operator"],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=Path(__file__).parent.parent,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    out = run.stdout
    assert "signed in as operator: access token acm_at_" in out
    assert "waited: succeeded http://127.0.0.1:" in out
    served = re.search(r"MCP requests served: replica a (\d+), replica b (\d+)", out)
    assert served and all(int(n) > 0 for n in served.groups()), out
    assert "carried operator's own AceDataCloud credential: yes" in out
