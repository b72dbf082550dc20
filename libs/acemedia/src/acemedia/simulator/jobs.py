"""One generation job: its timeline on the simulator clock and the task record it shows at any moment.

A job is queued for the first `queued_seconds`, then running, and done (succeeded or failed, as its
outcome says) once `seconds` have passed since it was created. Its dialect (dialects.py) says how the
record shows it while running: a running body, the accepted reply, or no `response` until done.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from .dialects import DIALECTS, Dialect
from .endpoints import Endpoint
from .outcomes import Outcome
from .recipes import Product
from .replies import message_of, status_of

Phase = Literal["queued", "running", "done"]


@dataclass
class Job:
    id: str
    trace_id: str
    endpoint: Endpoint
    request: dict[str, Any]
    token: str
    created: float  # simulator clock
    seconds: float
    queued_seconds: float
    outcome: Outcome
    product: Product
    wall_offset: float  # unix time = simulator clock + wall_offset
    callback_url: str | None = None
    callback_claimed: bool = False

    @property
    def provider(self) -> str:
        return self.endpoint.provider

    @property
    def finishes(self) -> float:
        return self.created + self.seconds

    @property
    def created_at(self) -> float:
        return round(self.created + self.wall_offset, 3)

    def phase(self, now: float) -> Phase:
        if now >= self.finishes:
            return "done"
        if now < self.created + self.queued_seconds:
            return "queued"
        return "running"

    @property
    def dialect(self) -> Dialect:
        return self.product.dialect

    @property
    def preview(self) -> bool:
        return self.outcome.preview if self.outcome.preview is not None else self.product.style.preview

    def response(self, now: float) -> dict[str, Any] | None:
        """The body the task record shows: None while queued, a running body, then the final body."""
        phase = self.phase(now)
        if phase == "queued":
            return None
        if phase == "running":
            # an asked-for preview (`[sim:preview]`) shows in a running body whatever the dialect
            form = "state" if self.outcome.preview else self.dialect.running
            if form == "absent":
                return None
            if form == "accepted":
                return self.product.accepted()
            start = self.created + self.queued_seconds
            fraction = (now - start) / max(self.finishes - start, 1e-9)
            return self.product.running(fraction, self.preview)
        return self.final_body()

    def final_body(self) -> dict[str, Any]:
        if not self.outcome.fail:
            return self.product.success()
        code = self.outcome.error_code
        message = self.outcome.error_message or message_of(code, self.outcome.http_status)
        return self.product.failure(code, message)

    def final_status(self) -> int:
        """The HTTP status of the finished job's synchronous reply."""
        if not self.outcome.fail:
            return 200
        return self.outcome.http_status or status_of(self.outcome.error_code)

    def to_json(self) -> dict[str, Any]:
        """Everything needed to bring the job back in another process (see `from_json`)."""
        return {
            "id": self.id,
            "trace_id": self.trace_id,
            "path": self.endpoint.path,
            "request": self.request,
            "token": self.token,
            "created_wall": self.created + self.wall_offset,
            "seconds": self.seconds,
            "queued_seconds": self.queued_seconds,
            "outcome": asdict(self.outcome),
            "item": self.product.item,
            "dialect": self.dialect.name,
            "callback_url": self.callback_url,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any], endpoint: Endpoint, wall_offset: float) -> Job:
        """A job saved by `to_json`, on this process's clock (`wall_offset`: unix time - clock).

        It keeps its dialect; a job saved before there were dialects speaks the classic one."""
        dialect = DIALECTS[str(data.get("dialect", "classic"))]
        return cls(
            id=data["id"],
            trace_id=data["trace_id"],
            endpoint=endpoint,
            request=data["request"],
            token=data["token"],
            created=float(data["created_wall"]) - wall_offset,
            seconds=float(data["seconds"]),
            queued_seconds=float(data["queued_seconds"]),
            outcome=Outcome(**data["outcome"]),
            product=Product(endpoint.recipe.style, data["id"], data["trace_id"], data["item"], dialect),
            wall_offset=wall_offset,
            callback_url=data.get("callback_url"),
            callback_claimed=True,  # a restored job's callback is never sent again
        )

    def record(self, now: float) -> dict[str, Any]:
        """The task record `POST /<provider>/tasks` returns."""
        record: dict[str, Any] = {"id": self.id, "type": self.endpoint.type}
        if self.endpoint.api_id:
            record["api_id"] = self.endpoint.api_id
        record.update(
            created_at=self.created_at,
            started_at=self.created_at,
            trace_id=self.trace_id,
            request=self.request,
        )
        response = self.response(now)
        if response is not None:
            record["response"] = response
        if self.phase(now) == "done":
            record["finished_at"] = round(self.finishes + self.wall_offset, 3)
            record["elapsed"] = round(self.seconds, 3)
        return record
