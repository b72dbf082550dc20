"""The simulator's own control API under `/_sim/` (no token; never journaled).

- `POST /_sim/script`  one rule `{"provider"?, "path"?, "count"?: 1|null, "fail"?, "seconds"?, "preview"?,
  "error"?: {"code", "message"}, "status"?, "dialect"?}`, or `{"rules": [...]}`, or `{"clear": true}`.
- `POST /_sim/faults`  one fault `{"kind", "path"?, "count"?, "ratio"?, "status"?, "retry_after"?, "delay"?,
  "code"?, "message"?}`, or `{"faults": [...]}`, or `{"clear": true}`.
- `GET  /_sim/journal` `{"requests": [...], "callbacks": [...]}`; `?path=/example/videos` narrows the requests.
- `POST /_sim/reset`   forget jobs, journal, script, faults and sign-ins; the media knobs go back to their defaults.
- `POST /_sim/clock/advance` `{"seconds": n}`, only with a manual clock; due callbacks are sent right after.
- `GET  /_sim/health`  `{"status": "ok"}`.
- `POST /_sim/media`   `{"size"?, "cut"?, "redirect"?}` the media host's knobs (see acemedia.simulator.media).
- `GET  /_sim/signin`  `{"users": {"<user>": [credential, ...]}}`: the credentials the platform API gave each
  user, newest first, each `{"id", "name", "application_id", "token", "created_at", "revoked"}`.
- `POST /_sim/signin/revoke` `{"token": "..."}` revoke a credential: the upstream answers it 401 `invalid_token`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from acemedia.simulator import ScriptRule
from acemedia.simulator.replies import error_response
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .faults import Fault
from .state import SimulatorState


async def _json_object(request: Request) -> dict[str, Any] | None:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        data = await request.json()
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _add_all(data: Mapping[str, Any], key: str, add: Callable[[Mapping[str, Any]], None]) -> None:
    entries = data.get(key, [data])
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise ValueError(f"{key} must be a list of objects")
    for entry in entries:
        add(entry)


def admin_routes(state: SimulatorState) -> list[Route]:
    async def script(request: Request) -> Response:
        data = await _json_object(request)
        if data is None:
            return error_response("bad_request", "The body must be a JSON object.")
        if data.get("clear"):
            state.script.clear()
        else:
            try:
                _add_all(data, "rules", lambda e: state.script.add(ScriptRule.from_json(e)))
            except (TypeError, ValueError) as exc:
                return error_response("bad_request", str(exc))
        return JSONResponse({"ok": True, "rules": len(state.script)})

    async def faults(request: Request) -> Response:
        data = await _json_object(request)
        if data is None:
            return error_response("bad_request", "The body must be a JSON object.")
        if data.get("clear"):
            state.faults.clear()
        else:
            try:
                _add_all(data, "faults", lambda e: state.faults.add(Fault.from_json(e)))
            except (TypeError, ValueError, KeyError) as exc:
                return error_response("bad_request", str(exc))
        return JSONResponse({"ok": True, "faults": len(state.faults)})

    async def journal(request: Request) -> Response:
        return JSONResponse(state.journal.as_json(request.query_params.get("path")))

    async def reset(request: Request) -> Response:
        state.reset()
        return JSONResponse({"ok": True})

    async def advance(request: Request) -> Response:
        clock = state.manual_clock
        if clock is None:
            return error_response(
                "bad_request", "The clock only advances by hand when started with a manual clock."
            )
        data = await _json_object(request)
        seconds = (data or {}).get("seconds")
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
            return error_response("bad_request", "seconds must be a number of at least 0.")
        now = clock.advance(float(seconds))
        delivered = await state.deliver_callbacks()
        return JSONResponse({"ok": True, "now": now, "callbacks": delivered})

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok"})

    async def media(request: Request) -> Response:
        shelf = state.media
        try:
            data = await request.json()
            shelf.configure(data if isinstance(data, dict) else {})
        except (ValueError, TypeError):
            return JSONResponse({"error": {"code": "bad_request", "message": "size/cut/redirect"}}, 400)
        return JSONResponse({"ok": True, "size": shelf.size, "cut": shelf.cut, "redirect": shelf.redirect})

    async def signins(request: Request) -> Response:
        return JSONResponse({"users": state.platform.users()})

    async def revoke(request: Request) -> Response:
        token = (await _json_object(request) or {}).get("token")
        if not isinstance(token, str) or not token:
            return error_response("bad_request", "token must be a non-empty string.")
        if not state.revoke_credential(token):
            return error_response("bad_request", "No credential has this token.", status=404)
        return JSONResponse({"ok": True})

    return [
        Route("/_sim/script", script, methods=["POST"]),
        Route("/_sim/faults", faults, methods=["POST"]),
        Route("/_sim/journal", journal, methods=["GET", "POST"]),
        Route("/_sim/reset", reset, methods=["POST"]),
        Route("/_sim/clock/advance", advance, methods=["POST"]),
        Route("/_sim/health", health, methods=["GET"]),
        Route("/_sim/media", media, methods=["POST"]),
        Route("/_sim/signin", signins, methods=["GET"]),
        Route("/_sim/signin/revoke", revoke, methods=["POST"]),
    ]
