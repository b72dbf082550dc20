"""Upstream-shaped error bodies: `{"success": false, "error": {"code", "message"}, "trace_id"}`, or the flat
`{"code", "detail"}` form Kling lip-sync documents."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.responses import JSONResponse

# The documented codes with their exact upstream messages and HTTP statuses (upstream-api.md §1.6).
ERRORS: dict[str, tuple[int, str]] = {
    "bad_request": (400, "The request is invalid."),
    "token_mismatched": (400, "The specified token is not matched with API."),
    "api_not_implemented": (400, "The API is not implemented."),
    "no_token": (400, "No token specified for the request."),
    "invalid_token": (401, "The specified token is invalid or wrong."),
    "token_expired": (401, "token expired."),
    "used_up": (
        403,
        "Your balance is not sufficient for current request, please buy more in Ace Data Cloud.",
    ),
    "forbidden": (
        403,
        "Sorry! Our AI moderators feel your prompt might be against our community standards.",
    ),
    "no_api": (404, "API does not exist, please make sure url is correct."),
    "method_not_allowed": (405, "Only POST is supported on this API."),
    "too_many_requests": (429, "You have exceeded the rate limit."),
    "api_error": (500, "Internal server error."),
    "bad_gateway": (502, "Bad gateway."),
    "busy": (503, "The service is busy, please retry later."),
    "timeout": (504, "Timeout to generate the video."),
}

# The same code with another status and message (§1.6 lists token_mismatched under both 400 and 401).
MESSAGES_AT: dict[tuple[int, str], str] = {(401, "token_mismatched"): "token and api does not match."}

# Codes that refuse the request itself: a submission given one is answered with it at once, no job starts.
REFUSALS: frozenset[str] = frozenset(
    {
        "no_token",
        "invalid_token",
        "token_expired",
        "token_mismatched",
        "used_up",
        "disabled",
        "no_api",
        "api_not_implemented",
        "too_many_requests",
    }
)

# The code an error status gets when a fault names only the status.
CODE_FOR_STATUS: dict[int, str] = {
    400: "bad_request",
    401: "invalid_token",
    403: "used_up",
    404: "no_api",
    429: "too_many_requests",
    500: "api_error",
    502: "bad_gateway",
    503: "busy",
    504: "timeout",
}


def status_of(code: str) -> int:
    """The HTTP status the upstream uses for an error code (500 when the code is not documented)."""
    return ERRORS.get(code, (500, ""))[0]


def message_of(code: str, status: int | None = None) -> str:
    if status is not None and (status, code) in MESSAGES_AT:
        return MESSAGES_AT[status, code]
    return ERRORS.get(code, (500, "The simulated job failed."))[1]


def flat_error_body(code: str, message: str | None = None) -> dict[str, Any]:
    """The flat error form: `{"code", "detail"}`."""
    return {"code": code, "detail": message or message_of(code)}


def error_body(
    code: str, message: str | None = None, trace_id: str | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "success": False,
        "error": {"code": code, "message": message or message_of(code)},
        "trace_id": trace_id or str(uuid.uuid4()),
    }
    body.update(extra)
    return body


def error_response(
    code: str,
    message: str | None = None,
    *,
    status: int | None = None,
    headers: dict[str, str] | None = None,
    flat: bool = False,
) -> JSONResponse:
    """An error reply; `flat` gives the `{code, detail}` form."""
    status = status or status_of(code)
    message = message or message_of(code, status)
    body = flat_error_body(code, message) if flat else error_body(code, message)
    return JSONResponse(body, status_code=status, headers=headers)
