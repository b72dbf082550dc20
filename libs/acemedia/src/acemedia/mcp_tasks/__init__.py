"""MCP tasks over the task ledger: SEP-2663 on 2026-07-28 connections, the 2025-11-25 form on older ones.

The SDK ships no tasks runtime, so this package adds one through its public hooks: an `Extension`
(`MCPServer(extensions=[...])`) for the new methods and the `tools/call` interceptor, and a server
middleware for the 2025-11-25 wire, whose `tools/call` result the SDK would otherwise sieve. A task is an
upstream job: its id is the upstream task id, its state is read through the `get_task` tool, and its
binding to the caller is the ledger row's owner. A call of a task tool whose answer is already final,
or an error, still makes a task, born terminal and kept in memory for a while (`settled`). A client
that listens to a task (`subscriptions/listen`) is pushed its changes by one shared follower per task
(`listen`, `followers`).
Nothing else in the core depends on this package, so a future SDK tasks runtime can replace it.
"""

from .extension import TASKS_EXTENSION, TasksExtension
from .legacy import LegacyTasks
from .listen import TaskListen
from .support import TaskSupport

__all__ = ["TASKS_EXTENSION", "LegacyTasks", "TaskListen", "TaskSupport", "TasksExtension"]
