"""Builds one provider's MCP server: the provider's own tools plus the shared task tools."""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.server.subscriptions import InMemorySubscriptionBus
from mcp.types import ToolAnnotations

from .arguments import ArgumentNames
from .caller import caller_token
from .discovery import PROVIDERS_GROUP, registered
from .errors import SandboxTaskNotFound, TaskNotFound
from .ledger import tools as ledger_tools
from .ledger.tools import TaskJournal
from .mcp_tasks import LegacyTasks, TaskListen, TasksExtension, TaskSupport
from .media.parts import MediaParts
from .provider import Provider, Submit
from .runtime import Runtime
from .schemas import SubmissionResult
from .settings import Settings
from .tasks import tools as task_tools
from .tasks.inline_wait import WAIT_PARAMETER, with_wait_parameter
from .tasks.results import submission_result
from .tasks.status import TERMINAL
from .tool_host import INFO_HINTS, SUBMIT_HINTS
from .tool_list import LeanToolList
from .tooling import as_context_tool, wire_names

log = logging.getLogger("acemedia.server")

F = TypeVar("F", bound=Callable[..., Any])
JSON = dict[str, Any]
TextSource = str | Callable[[], str]  # a fixed text, or one built on demand (e.g. naming current defaults)


def package_version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "0.0.0+unknown"


class ProviderServer:
    """An `MCPServer` for one provider, with decorators for its tools and prompts."""

    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self.version = package_version(provider.distribution)
        self._runtime: Runtime | None = None
        self.argument_names = ArgumentNames()
        self.tasks = TaskSupport(self)  # MCP tasks for the submission tools (mcp_tasks)
        bus = InMemorySubscriptionBus()  # subscriptions/listen fan-out, this process only
        self.task_listen = TaskListen(self.tasks, bus)  # pushes task changes to listen streams
        self.mcp = MCPServer(
            f"{provider.name}-mcp",
            title=f"{provider.title} (AceDataCloud)",
            instructions=provider.instructions,
            version=self.version,
            lifespan=self._lifespan,
            # tasks first: a call the argument check refuses still answers a task-augmented call with a task
            middleware=[LegacyTasks(self.tasks), self.argument_names, self.task_listen, LeanToolList()],
            extensions=[TasksExtension(self.tasks)],
            subscriptions=bus,
        )
        self.journal = TaskJournal(self)
        self.media = MediaParts(self, self.journal)
        task_tools.register(self, self.journal)
        ledger_tools.register(self, self.journal)
        self.media.register()

    @classmethod
    def installed(cls, name: str) -> ProviderServer:
        """The server of an installed provider package, found by its `acemedia.providers` entry point."""
        server = registered(PROVIDERS_GROUP)[name].load()
        if not isinstance(server, cls):
            raise TypeError(f"entry point {name!r} of {PROVIDERS_GROUP} is not a ProviderServer")
        return server

    # -- runtime ------------------------------------------------------------------------------------

    @property
    def runtime(self) -> Runtime:
        """Created from the environment on first use unless `configure` was called."""
        if self._runtime is None:
            settings = Settings.from_env(self.provider.env_prefix, self.provider.default_timeout)
            self._runtime = Runtime.create(settings)
        return self._runtime

    def configure(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @asynccontextmanager
    async def _lifespan(self, _: MCPServer[Any]) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if self._runtime is not None:
                await self._runtime.client.aclose()

    # -- registration ----------------------------------------------------------------------------

    def add_tool(
        self,
        fn: Callable[..., Any],
        name: str,
        title: str,
        hints: ToolAnnotations,
        structured: bool = True,
        meta: dict[str, Any] | None = None,
    ) -> None:
        """Register a typed coroutine (its parameters, plus `ctx: Context` if it wants one) as tool `name`."""
        tool = self._sandbox_aware(fn)
        self.argument_names.register(name, wire_names(fn), tool)
        self.mcp.add_tool(
            tool,
            name=name,
            title=title,
            # the model reads the docstring without the source's indentation
            description=inspect.cleandoc(fn.__doc__) if fn.__doc__ else None,
            annotations=hints.model_copy(update={"title": title}),
            structured_output=structured,
            meta=meta,
        )
        # one validation per call: the argument check's, handed to the SDK (the manager is not public API)
        registered = self.mcp._tool_manager.get_tool(name)
        if registered is not None:
            self.argument_names.adopt(registered)

    def _sandbox_aware(self, fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        """`fn`, whose unknown-task errors speak of the sandbox in sandbox mode (same signature)."""

        @functools.wraps(fn)
        async def tool(*args: Any, **kwargs: Any) -> Any:
            try:
                return await fn(*args, **kwargs)
            except TaskNotFound as exc:
                if self.runtime.sandbox is None:
                    raise
                raise SandboxTaskNotFound(exc.task_id, self.provider.title) from None

        return tool

    def submit_tool(self, title: str) -> Callable[[F], F]:
        """Register a function that returns a `Submit`; the core sends it and adds guidance.

        Every such tool also takes `wait_seconds`, to wait for the result in the same call."""

        def decorate(fn: F) -> F:
            async def call(kwargs: JSON, ctx: Context) -> JSON:
                wait = float(kwargs.pop(WAIT_PARAMETER, 0) or 0)
                request = fn(**kwargs)
                if not isinstance(request, Submit):
                    raise TypeError(f"{fn.__name__} must return Submit")
                submitted = await self.submit(request, ctx, tool=fn.__name__)
                if wait <= 0 or not submitted.get("task_id") or submitted["status"] in TERMINAL:
                    return submitted
                task_id = str(submitted["task_id"])
                waited = await task_tools.TaskTools(self, self.journal).wait_for_task(ctx, task_id, wait)
                return {"task_id": task_id, **waited}

            # a plain function has no `ctx` and may use aliased parameters (`async`): adapt it
            tool = as_context_tool(with_wait_parameter(fn), call, SubmissionResult)
            self.add_tool(tool, fn.__name__, title, SUBMIT_HINTS)
            self.tasks.offer(fn.__name__)
            return fn

        return decorate

    def reference(self, name: str, title: str, description: str, text: TextSource) -> None:
        """A read-only tool that returns reference text (models, workflows...); no upstream call."""

        async def read() -> str:
            return text() if callable(text) else text

        read.__doc__ = description
        self.add_tool(read, name, title, INFO_HINTS, structured=False)

    def guide(self, name: str, title: str, description: str, text: TextSource) -> None:
        """An argument-free prompt that hands the agent a guide."""

        def render() -> str:
            return text() if callable(text) else text

        self.mcp.prompt(name=name, title=title, description=description)(render)

    # -- the one path every generation request takes ----------------------------------------------

    async def submit(self, request: Submit, ctx: Context, tool: str) -> JSON:
        runtime = self.runtime
        token = caller_token(ctx)
        body = request.payload()
        response = await runtime.client.submit(request.path, body, runtime.upstream_token(token))
        pacing = runtime.pacing(body)
        result = submission_result(
            self.provider, response, sandbox=runtime.sandbox, pacing=pacing, product=request.product
        )
        if result.get("task_id"):
            await self.journal.submitted(ctx, str(result["task_id"]), tool, body, result["status"])
        return result
