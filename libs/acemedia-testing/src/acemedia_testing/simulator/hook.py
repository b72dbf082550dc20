"""The harness's hook on every upstream request: journal it as it arrives, then answer with a fault when one is due."""

from __future__ import annotations

from acemedia.simulator import Answer, UpstreamCall

from .faults import drop_connection
from .journal import RequestEntry
from .state import SimulatorState


class Recorder:
    """A `RequestHook` (acemedia.simulator.hooks): `create_app(state, hook=Recorder(state))`."""

    def __init__(self, state: SimulatorState) -> None:
        self.state = state

    def __call__(self, call: UpstreamCall) -> RecordedVisit:
        state = self.state
        entry = state.journal.record_request(state.wall(), call.method, call.path, call.token, call.body)
        return RecordedVisit(state, call, entry)


class RecordedVisit:
    """One request on its way: the fault it meets, if any, and its journal entry to complete."""

    def __init__(self, state: SimulatorState, call: UpstreamCall, entry: RequestEntry) -> None:
        self.state, self.call, self.entry = state, call, entry

    async def intercept(self) -> Answer | None:
        fault = self.state.faults.pick(self.call.path)
        if fault is None:
            return None
        self.entry.fault = fault.kind
        if fault.kind == "reset":
            await drop_connection(self.call.send)
            return Answer(None)
        if fault.kind == "slow":
            await self.state.sleep(fault.delay)
            return None  # then answered as usual
        return Answer(fault.response())

    def finish(self, answer: Answer) -> None:
        self.entry.status = answer.status
        self.entry.task_id = answer.job.id if answer.job else None
