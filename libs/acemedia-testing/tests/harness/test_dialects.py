"""Reply dialects and error codes through the harness: scripted over `/_sim/script`, picked on the command
line, and named by injected faults."""

from __future__ import annotations

from typing import Any

import pytest
from acemedia_testing.simulator import Fault
from acemedia_testing.simulator.__main__ import parse_args

from .conftest import Sim


async def test_scripting_a_dialect_over_http(sim: Sim) -> None:
    assert (await sim.post("/_sim/script", {"provider": "luma", "dialect": "terse"})).json()["rules"] == 1
    assert (await sim.post("/_sim/script", {"dialect": "nope"})).status_code == 400
    reply = await sim.post("/luma/videos", {"prompt": "p", "async": True})
    assert set(reply.json()) == {"success", "task_id"}


def test_the_command_line_picks_a_dialect() -> None:
    assert parse_args([]).dialect == "varied" and parse_args(["--dialect", "terse"]).dialect == "terse"
    with pytest.raises(SystemExit):
        parse_args(["--dialect", "nope"])


@pytest.mark.parametrize(
    ("fault", "status", "code", "message"),
    [
        ({"kind": "error", "code": "token_expired"}, 401, "token_expired", "token expired."),
        ({"kind": "error", "status": 401, "code": "token_mismatched"}, 401, "token_mismatched",
         "token and api does not match."),
        ({"kind": "error", "code": "used_up", "message": "no money"}, 403, "used_up", "no money"),
        ({"kind": "used_up"}, 403, "used_up",
         "Your balance is not sufficient for current request, please buy more in Ace Data Cloud."),
    ],
)  # fmt: skip
async def test_faults_name_their_code_and_message(
    sim: Sim, fault: dict[str, Any], status: int, code: str, message: str
) -> None:
    assert (await sim.post("/_sim/faults", {**fault, "path": "/sora/tasks"})).status_code == 200
    reply = await sim.post("/sora/tasks", {"id": "x"})
    assert reply.status_code == status and reply.json()["error"] == {"code": code, "message": message}
    assert (await sim.post("/sora/tasks", {"id": "x"})).json() == {}  # an unknown id, once the fault is used
    assert Fault.from_json(fault).code == fault.get("code")
