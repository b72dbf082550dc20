"""A small protocol-level MCP tasks client, written from the texts (no client library speaks SEP-2663).

SEP-2663 (`io.modelcontextprotocol/tasks`, 2026-07-28 connections): every request carries its own
envelope in `params._meta`; a client that declares the extension there may get `resultType: "task"`
from `tools/call`, then follows it with `tasks/get` until the task is terminal (the final tool result is
inlined), and may send `tasks/cancel` and `tasks/update`. Over streamable HTTP, `tasks/*` requests name
the task in the `Mcp-Name` header. The 2025-11-25 form rides an initialized session instead.

Two transports: streamable HTTP (one POST per request, JSON or SSE answer) and stdio (newline-delimited
JSON-RPC to a server subprocess).
"""

from __future__ import annotations

import itertools
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

EXTENSION = "io.modelcontextprotocol/tasks"
MODERN = "2026-07-28"
LEGACY = "2025-11-25"
TERMINAL = {"completed", "failed", "cancelled"}
JSON = dict[str, Any]


class RpcError(Exception):
    def __init__(self, error: JSON) -> None:
        super().__init__(f"{error.get('code')}: {error.get('message')}")
        self.code = error.get("code")
        self.error = error


class Transport(Protocol):
    def exchange(self, message: JSON, name: str | None) -> JSON: ...

    def notifications(self) -> list[JSON]: ...


@dataclass
class HttpTransport:
    url: str
    token: str | None = None
    session_id: str | None = None
    seen: list[JSON] = field(default_factory=list)

    def exchange(self, message: JSON, name: str | None) -> JSON:
        version = message["params"].get("_meta", {}).get("io.modelcontextprotocol/protocolVersion", LEGACY)
        headers = {"Accept": "application/json, text/event-stream", "MCP-Protocol-Version": version}
        if version == MODERN:
            headers["Mcp-Method"] = message["method"]
            if name is not None:
                headers["Mcp-Name"] = name
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if self.session_id:
            headers["Mcp-Session-Id"] = self.session_id
        reply = httpx.post(self.url, json=message, headers=headers, timeout=30)
        self.session_id = reply.headers.get("mcp-session-id", self.session_id)
        if "text/event-stream" in reply.headers.get("content-type", ""):
            events = [json.loads(line[5:]) for line in reply.text.splitlines() if line.startswith("data:")]
        else:
            events = [reply.json()]
        self.seen += [e for e in events if "id" not in e]
        return next(e for e in events if e.get("id") == message["id"])

    def notify(self, message: JSON) -> None:
        headers = {"MCP-Protocol-Version": LEGACY, "Accept": "application/json, text/event-stream"}
        if self.session_id:
            headers["Mcp-Session-Id"] = self.session_id
        httpx.post(self.url, json=message, headers=headers, timeout=30)

    def notifications(self) -> list[JSON]:
        return self.seen


class StdioTransport:
    """A server subprocess speaking newline-delimited JSON-RPC on stdin/stdout."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.seen: list[JSON] = []

    def send(self, message: JSON) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message).encode() + b"\n")
        self.process.stdin.flush()

    def exchange(self, message: JSON, name: str | None) -> JSON:
        self.send(message)
        assert self.process.stdout is not None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the server closed stdout")
            event = json.loads(line)
            if event.get("id") == message["id"] and "method" not in event:
                return dict(event)
            self.seen.append(event)

    def notify(self, message: JSON) -> None:
        self.send(message)

    def notifications(self) -> list[JSON]:
        return self.seen

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdout:
            self.process.stdout.close()


class TasksClient:
    """SEP-2663 on a 2026-07-28 connection; `tasks=False` is a client that does not declare it."""

    def __init__(self, transport: Transport, tasks: bool = True) -> None:
        self.transport = transport
        self.tasks = tasks
        self._ids = itertools.count(1)

    def envelope(self) -> JSON:
        extensions: JSON = {EXTENSION: {}} if self.tasks else {}
        return {
            "io.modelcontextprotocol/protocolVersion": MODERN,
            "io.modelcontextprotocol/clientCapabilities": {"extensions": extensions},
            "io.modelcontextprotocol/clientInfo": {"name": "tasks-protocol-test", "version": "1"},
        }

    def request(self, method: str, params: JSON, name: str | None = None) -> JSON:
        message = {
            "jsonrpc": "2.0",
            "id": next(self._ids),
            "method": method,
            "params": {**params, "_meta": self.envelope()},
        }
        answer = self.transport.exchange(message, name)
        if "error" in answer:
            raise RpcError(answer["error"])
        return dict(answer["result"])

    def discover(self) -> JSON:
        return self.request("server/discover", {})

    def call_tool(self, name: str, arguments: JSON) -> JSON:
        return self.request("tools/call", {"name": name, "arguments": arguments}, name=name)

    def get(self, task_id: str) -> JSON:
        return self.request("tasks/get", {"taskId": task_id}, name=task_id)

    def cancel(self, task_id: str) -> JSON:
        return self.request("tasks/cancel", {"taskId": task_id}, name=task_id)

    def update(self, task_id: str, responses: JSON) -> JSON:
        return self.request("tasks/update", {"taskId": task_id, "inputResponses": responses}, name=task_id)

    def follow(self, task_id: str, wait: Callable[[float], object], limit: int = 50) -> list[JSON]:
        """`tasks/get` until terminal, calling `wait(pollIntervalMs / 1000)` between reads."""
        reads = []
        for _ in range(limit):
            task = self.get(task_id)
            reads.append(task)
            if task["status"] in TERMINAL:
                return reads
            wait(task["pollIntervalMs"] / 1000)
        raise AssertionError(f"task {task_id} not terminal after {limit} reads: {reads[-1]}")


class LegacyTasksClient:
    """The 2025-11-25 form: an initialized session, `params.task` on `tools/call`, four task methods."""

    def __init__(self, transport: HttpTransport | StdioTransport) -> None:
        self.transport = transport
        self._ids = itertools.count(1)
        self.capabilities: JSON = {}

    def request(self, method: str, params: JSON, name: str | None = None) -> JSON:
        message = {"jsonrpc": "2.0", "id": next(self._ids), "method": method, "params": params}
        answer = self.transport.exchange(message, name)
        if "error" in answer:
            raise RpcError(answer["error"])
        return dict(answer["result"])

    def initialize(self) -> JSON:
        result = self.request(
            "initialize",
            {
                "protocolVersion": LEGACY,
                "capabilities": {},
                "clientInfo": {"name": "tasks-protocol-test", "version": "1"},
            },
        )
        self.transport.notify({"jsonrpc": "2.0", "method": "notifications/initialized"})
        self.capabilities = result["capabilities"]
        return result

    def call_as_task(self, name: str, arguments: JSON) -> JSON:
        return self.request("tools/call", {"name": name, "arguments": arguments, "task": {"ttl": 60000}})
