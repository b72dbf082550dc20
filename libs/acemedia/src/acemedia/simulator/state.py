"""Everything a running simulator knows: clock, accepted tokens, jobs, the script and the media shelf."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from typing import Any

import anyio
import httpx

from .callbacks import CallbackObserver, CallbackSender
from .clock import Clock, ManualClock, Sleep
from .dialects import VARIED, DialectChooser
from .endpoints import Endpoint, EndpointTable, installed_endpoints
from .ids import IdMaker
from .jobs import Job
from .media import MediaShelf
from .outcomes import Outcome, Script, apply_markers
from .recipes import JobContext
from .store import JobStore

DEFAULT_MEDIA_BASE = "https://media.simulator.acemedia.invalid"


class SimulatorState:
    """The simulator's world. Pass a `ManualClock` to drive time by hand (its `sleep` just advances it).

    - `job_seconds`: how long a job runs unless scripted; the first `queued_share` of it is spent queued.
    - `tokens`: the bearer tokens accepted; None accepts any non-empty token.
    - `sync_wait`: a synchronous submit waits (with `sleep`) until its job is done, like the upstream;
      when False it is done at once.
    - `isolate_tokens`: a task is visible only with the token that created it, like per-account tasks.
    - `seed`: makes ids, ratio faults and varied dialects repeat exactly.
    - `dialect`: how replies are spelled (dialects.py): "varied" draws a dialect per job from the seed;
      a dialect's name (e.g. "classic") makes every job speak it, for tests that assert exact bytes.
    - `callback_transport`: an httpx transport for callback delivery (tests); None uses the network (loopback).
    - `send_callbacks`: False sends no callback (sandbox mode); the observer sees each one as skipped.
    - `callback_observer`: called with every callback, sent or skipped (a test harness's journal).
    - `store`: keeps jobs in a file, so another simulator on the same file (a restarted sandbox) knows them.
    - `endpoints`: what it serves; None serves every installed provider package's endpoints.

    Faults, the journal and the sign-in servers are the test harness's (`acemedia_testing.simulator`).
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        sleep: Sleep | None = None,
        job_seconds: float = 3.0,
        queued_share: float = 0.2,
        tokens: Iterable[str] | None = None,
        seed: int = 0,
        epoch: float | None = None,
        media_base: str = DEFAULT_MEDIA_BASE,
        sync_wait: bool = True,
        isolate_tokens: bool = True,
        callback_transport: httpx.AsyncBaseTransport | None = None,
        callback_timeout: float = 5.0,
        send_callbacks: bool = True,
        callback_observer: CallbackObserver | None = None,
        store: JobStore | None = None,
        endpoints: Iterable[Endpoint] | None = None,
        dialect: str = VARIED,
    ) -> None:
        self.endpoints = installed_endpoints() if endpoints is None else EndpointTable.of(endpoints)
        self.clock: Clock = clock or time.monotonic
        self.sleep: Sleep = sleep or (clock.sleep if isinstance(clock, ManualClock) else anyio.sleep)
        self.job_seconds = job_seconds
        self.queued_share = queued_share
        self.tokens: frozenset[str] | None = None if tokens is None else frozenset(tokens)
        self.media_base = media_base.rstrip("/")
        self.sync_wait = sync_wait
        self.isolate_tokens = isolate_tokens
        self.seed = seed
        self.ids = IdMaker(seed)
        self.dialects = DialectChooser(dialect, seed)
        self.script = Script()
        self.media = MediaShelf()
        self.callbacks = CallbackSender(
            observer=callback_observer,
            transport=callback_transport,
            timeout=callback_timeout,
            enabled=send_callbacks,
        )
        self.store = store
        self._wall_offset = (time.time() if epoch is None else epoch) - self.clock()
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    # --- time ---------------------------------------------------------------------------------------

    @property
    def manual_clock(self) -> ManualClock | None:
        return self.clock if isinstance(self.clock, ManualClock) else None

    def wall(self) -> float:
        """Now, in unix seconds on the simulator's timeline."""
        return self.clock() + self._wall_offset

    # --- tokens -------------------------------------------------------------------------------------

    def accepts(self, token: str | None) -> bool:
        """Whether the upstream takes this bearer token: any non-empty one, or only those in `tokens`."""
        return bool(token) and (self.tokens is None or token in self.tokens)

    # --- jobs ---------------------------------------------------------------------------------------

    def plan(self, endpoint: Endpoint, request: dict[str, Any]) -> Outcome:
        """The outcome of a validated request: the next scripted rule (used up by it), then its markers."""
        outcome = self.script.take(endpoint.provider, endpoint.path) or Outcome()
        return apply_markers(outcome, request)

    def create_job(
        self,
        endpoint: Endpoint,
        request: dict[str, Any],
        token: str,
        *,
        instant: bool = False,
        outcome: Outcome | None = None,
    ) -> Job:
        """Start a job for a validated request with its `outcome` (None: `plan` it now) and dialect.

        An `instant` job is done the moment it is created.
        """
        if outcome is None:
            outcome = self.plan(endpoint, request)
        seconds = next(s for s in (outcome.seconds, endpoint.seconds, self.job_seconds) if s is not None)
        seconds = 0.0 if instant else seconds
        now = self.clock()
        with self._lock:
            dialect = self.dialects.take(outcome.dialect)
            task_id, trace_id = self.ids.uuid(), self.ids.uuid()
            ctx = JobContext(
                task_id=task_id,
                trace_id=trace_id,
                request=request,
                ids=self.ids,
                media_base=self.media_base,
                created_at=now + self._wall_offset,
                finished_at=now + seconds + self._wall_offset,
            )
            callback = request.get("callback_url")
            job = Job(
                id=task_id,
                trace_id=trace_id,
                endpoint=endpoint,
                request=request,
                token=token,
                created=now,
                seconds=seconds,
                # a job asked to stream a preview starts at once, so the preview shows from the first poll
                queued_seconds=0.0 if outcome.preview else seconds * self.queued_share,
                outcome=outcome,
                product=endpoint.recipe.product(ctx, dialect),
                wall_offset=self._wall_offset,
                callback_url=callback if isinstance(callback, str) and callback else None,
            )
            self._jobs[task_id] = job
        if self.store is not None:
            self.store.save({**job.to_json(), "media_base": self.media_base}, job.provider)
        return job

    async def wait_for(self, job: Job) -> None:
        """Let simulated time pass until `job` is done."""
        while (left := job.finishes - self.clock()) > 0:
            await self.sleep(left)

    def jobs(self, provider: str, token: str | None = None) -> list[Job]:
        """The provider's jobs visible to `token`, oldest first."""
        if self.store is not None:
            for saved in self.store.of_provider(provider):
                self._restore(saved)
        with self._lock:
            jobs = sorted(self._jobs.values(), key=lambda j: j.created)
        return [j for j in jobs if j.provider == provider and self._visible(j, token)]

    def find(
        self, provider: str, token: str | None, *, task_id: str | None = None, trace_id: str | None = None
    ) -> Job | None:
        job = self._jobs.get(task_id) if task_id else None
        if job is None and task_id and self.store is not None:
            saved = self.store.load(task_id)
            job = self._restore(saved) if saved else None
        if job is None and trace_id:
            job = next((j for j in self.jobs(provider, token) if j.trace_id == trace_id), None)
        if job is None or job.provider != provider or not self._visible(job, token):
            return None
        return job

    def _restore(self, saved: dict[str, Any]) -> Job | None:
        """A job another process saved, on this simulator's clock (a job this one knows stays as it is)."""
        endpoint = self.endpoints.by_path.get(str(saved.get("path")))
        if endpoint is None:
            return None
        # the media host may have moved (a sandbox simulator gets a new port each start)
        saved = {**saved, "item": _rebased(saved.get("item"), saved.get("media_base"), self.media_base)}
        try:
            job = Job.from_json(saved, endpoint, self._wall_offset)
        except (KeyError, TypeError, ValueError):
            return None
        with self._lock:
            return self._jobs.setdefault(job.id, job)

    def _visible(self, job: Job, token: str | None) -> bool:
        return not self.isolate_tokens or token is None or job.token == token

    # --- callbacks ----------------------------------------------------------------------------------

    def claim_due_callbacks(self) -> list[Job]:
        """Finished jobs whose callback has not been sent yet; each is handed out once."""
        now = self.clock()
        with self._lock:
            due = [
                j
                for j in self._jobs.values()
                if j.callback_url and not j.callback_claimed and j.finishes <= now
            ]
            for job in due:
                job.callback_claimed = True
        return due

    async def deliver_callbacks(self) -> int:
        """Send every due callback now; returns how many were due."""
        due = self.claim_due_callbacks()
        for job in due:
            await self.callbacks.send(job, self.wall())
        return len(due)

    # --- reset --------------------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget jobs and the script, and put the media shelf back as it was (the clock keeps its time)."""
        with self._lock:
            self._jobs.clear()
        self.script.clear()
        self.media.reset()


def _rebased(value: Any, old: Any, new: str) -> Any:
    """`value` with every string under the media base `old` moved under `new`."""
    if not isinstance(old, str) or not old or old == new:
        return value
    if isinstance(value, str):
        return new + value[len(old) :] if value.startswith(old + "/") else value
    if isinstance(value, list):
        return [_rebased(v, old, new) for v in value]
    if isinstance(value, dict):
        return {k: _rebased(v, old, new) for k, v in value.items()}
    return value
