"""Every error an agent or a client can meet, in one tree: what failed, the upstream code and trace id,
and whether to retry.

    ConfigError                       a setting is wrong; the server does not start
    AceMediaError (a ToolError)       the text of a failed tool call
        InvalidArgument, BadAuthorizationHeader, MissingToken, TooManyWaits
        TaskNotFound, SandboxTaskNotFound
        SaveRefused, DownloadError
        UpstreamError
            UpstreamAuthError, UpstreamRejected, OutOfCredits, UpstreamRateLimited,
            UpstreamUnavailable, BadUpstreamResponse, SubmissionUncertain
    UnknownMCPTask (an MCPError)      a tasks/* request names a task this caller does not have

Exceptions that never leave their module (a refused address or metadata document, a failed download or
sign-in, a broken seal) stay beside the code that raises and catches them.
"""

from __future__ import annotations

from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.exceptions import MCPError
from mcp_types.jsonrpc import INVALID_PARAMS

__all__ = [
    "PLATFORM_URL",
    "AceMediaError",
    "BadAuthorizationHeader",
    "BadUpstreamResponse",
    "ConfigError",
    "DownloadError",
    "InvalidArgument",
    "MissingToken",
    "OutOfCredits",
    "SandboxTaskNotFound",
    "SaveRefused",
    "SubmissionUncertain",
    "TaskNotFound",
    "TooManyWaits",
    "UnknownMCPTask",
    "UpstreamAuthError",
    "UpstreamError",
    "UpstreamRateLimited",
    "UpstreamRejected",
    "UpstreamUnavailable",
]


class ConfigError(Exception):
    """A setting is missing or malformed; raised at start, before any request."""


class AceMediaError(ToolError):
    """Base of every error a tool reports. Its text is what the agent reads."""

    code: str = "error"
    retry_safe: bool = False

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        trace_id: str | None = None,
        advice: str = "",
    ) -> None:
        self.message = message
        self.code = code or type(self).code
        self.status = status
        self.trace_id = trace_id
        self.advice = advice
        super().__init__(self.describe())

    def describe(self) -> str:
        facts = []
        if self.status is not None:
            facts.append(f"HTTP {self.status}")
        facts.append(f"code {self.code}")
        if self.trace_id:
            facts.append(f"trace_id {self.trace_id}")
        text = f"{self.message} ({', '.join(facts)})."
        if self.advice:
            text += f" {self.advice}"
        return text


class InvalidArgument(AceMediaError):
    """The call's arguments were refused before anything was sent upstream."""

    code = "invalid_argument"

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        super().__init__(
            f"Invalid argument '{field}': {problem}", advice="Nothing was sent; fix the argument."
        )


class MissingToken(AceMediaError):
    code = "no_token"

    def __init__(self) -> None:
        super().__init__(
            "No AceDataCloud API token is configured",
            advice="Set ACEDATACLOUD_API_TOKEN (or send 'Authorization: Bearer <token>' in HTTP mode). "
            "Nothing was sent.",
        )


class UpstreamError(AceMediaError):
    """The upstream API answered with an error."""

    code = "api_error"


class UpstreamAuthError(UpstreamError):
    code = "invalid_token"


class UpstreamRejected(UpstreamError):
    """A 4xx other than auth and rate limiting: the request itself is wrong or not allowed."""

    code = "bad_request"


PLATFORM_URL = "https://platform.acedata.cloud"


class OutOfCredits(UpstreamRejected):
    """403 `used_up`: the account's balance does not cover the request. Never retried."""

    code = "used_up"

    def __init__(self, upstream_message: str, **kw: object) -> None:
        super().__init__(
            "The AceDataCloud balance is too low for this request, so nothing was generated "
            f"(the API said: {upstream_message})",
            advice=f"Ask the account owner to top up the balance at {PLATFORM_URL}, then call the tool again "
            "with the same arguments; calling again before that fails the same way.",
            **kw,  # type: ignore[arg-type]
        )


class UpstreamRateLimited(UpstreamError):
    code = "too_many_requests"
    retry_safe = True

    def __init__(self, message: str, *, retry_after: float | None = None, **kw: object) -> None:
        self.retry_after = retry_after
        super().__init__(message, **kw)  # type: ignore[arg-type]


class UpstreamUnavailable(UpstreamError):
    """5xx, connection failure or timeout of a request that is safe to repeat."""

    code = "upstream_unavailable"
    retry_safe = True


class BadUpstreamResponse(UpstreamError):
    """A reply that is not the JSON object the API promises (HTML page, empty body, broken JSON)."""

    code = "bad_response"
    retry_safe = True


class SubmissionUncertain(UpstreamError):
    """A generation request may have reached the upstream, but no answer came back."""

    code = "submission_uncertain"
    retry_safe = False


class TaskNotFound(AceMediaError):
    code = "task_not_found"

    def __init__(self, task_id: str, provider: str) -> None:
        self.task_id = task_id
        super().__init__(
            f"No {provider} task with id '{task_id}' exists for this token",
            advice="Check the id (task ids come from a submission result's 'task_id'), the provider, and the token.",
        )


class SandboxTaskNotFound(TaskNotFound):
    """`task_not_found` in the sandbox's words: there is no token there, only simulated accounts."""

    def __init__(self, task_id: str, provider: str) -> None:
        self.task_id = task_id
        AceMediaError.__init__(
            self,
            f"No {provider} task with id '{task_id}' exists in this sandbox",
            advice="Check the id (task ids come from a submission result's 'task_id') and the provider. "
            "Each HTTP caller has its own simulated account; with ACEMEDIA_LEDGER=off simulated tasks "
            "end with the server process.",
        )


class BadAuthorizationHeader(AceMediaError):
    code = "bad_authorization"

    def __init__(self, problem: str = "") -> None:
        what = (
            f"The bearer token in the Authorization header {problem}; it"
            if problem
            else "The Authorization header"
        )
        super().__init__(
            f"{what} must be 'Bearer <AceDataCloud API token>' (printable ASCII, no spaces)",
            advice="Fix the header in the MCP client configuration. Nothing was sent.",
        )


class TooManyWaits(AceMediaError):
    code = "too_many_waits"
    retry_safe = True

    def __init__(self, limit: int, variable: str) -> None:
        super().__init__(
            f"This caller already has {limit} waits in progress, the most one caller may hold at once "
            f"({variable})",
            advice="Let one finish, wait for several tasks in one call with wait_for_tasks, or poll with "
            "get_task. Nothing was sent.",
        )


class SaveRefused(AceMediaError):
    """Saving was refused before any download: no media yet, a full disk, a folder that cannot be written."""

    code = "save_refused"


class DownloadError(AceMediaError):
    """A media file could not be fetched (refused address, too large, upstream error)."""

    code = "download_failed"


class UnknownMCPTask(MCPError):
    """A tasks/get, tasks/result or tasks/cancel for a task this caller does not have (a protocol error)."""

    def __init__(self) -> None:
        super().__init__(code=INVALID_PARAMS, message="Failed to retrieve task: Task not found")
