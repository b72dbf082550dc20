"""The task ledger in Redis, so every replica lists and reads the same tasks per owner.

A hash per task and a sorted set per owner and provider (newest first). Owners are one-way hashes
of tokens, as in the SQLite ledger; rows hold no token.
"""

from __future__ import annotations

import json
import time
from typing import Any

from ...ledger.store import TaskLedger, summarize
from .redis_store import connect

LIST_SCAN_LIMIT = 2_000  # rows looked at to fill one filtered listing


class RedisTaskLedger(TaskLedger):
    """The same calls as the SQLite ledger (the ledger writer and tools use it unchanged)."""

    def __init__(self, url: str, clock: Any = time.time, prefix: str = "acemedia:ledger") -> None:
        super().__init__(f"redis:{prefix}", clock=clock)
        self.redis = connect(url)
        self.prefix = prefix

    def _row_key(self, owner: str, provider: str, task_id: str) -> str:
        return f"{self.prefix}:{owner}:{provider}:task:{task_id}"

    def _index_key(self, owner: str, provider: str) -> str:
        return f"{self.prefix}:{owner}:{provider}:recent"

    def close(self) -> None:
        self.redis.close()

    def record_submission(
        self, owner: str, provider: str, task_id: str, tool: str, body: dict[str, Any], status: str
    ) -> None:
        now = self._clock()
        row = {
            "task_id": task_id,
            "provider": provider,
            "tool": tool,
            "summary": summarize(body),
            "submitted_at": repr(now),
            "last_status": status,
            "updated_at": repr(now),
            "files": "[]",
        }
        pipe = self.redis.pipeline()
        pipe.delete(self._row_key(owner, provider, task_id))
        pipe.hset(self._row_key(owner, provider, task_id), mapping=row)
        pipe.zadd(self._index_key(owner, provider), {task_id: now})
        pipe.execute()
        self._remember(owner, provider, task_id, status)

    def update_status(self, owner: str, provider: str, task_id: str, status: str) -> None:
        if self.knows(owner, provider, task_id, status):
            return  # this replica wrote that status last: a repeat poll costs no round trip
        row = self._row_key(owner, provider, task_id)
        if self.redis.exists(row):
            self.redis.hset(row, mapping={"last_status": status, "updated_at": repr(self._clock())})
        self._remember(owner, provider, task_id, status)

    def _remember(self, owner: str, provider: str, task_id: str, status: str) -> None:
        if len(self._known) > 10_000:
            self._known.clear()
        self._known[(owner, provider, task_id)] = status

    def record_files(
        self, owner: str, provider: str, task_id: str, tool: str, files: list[dict[str, Any]]
    ) -> None:
        now = repr(self._clock())
        row = self._row_key(owner, provider, task_id)
        if not self.redis.exists(row):
            self.record_submission(owner, provider, task_id, tool, {}, "succeeded")
            self.redis.hset(row, "summary", "saved media of a task submitted elsewhere")
        self.redis.hset(row, mapping={"files": json.dumps(files, ensure_ascii=False), "updated_at": now})

    def recent(
        self, owner: str, provider: str, limit: int = 20, status: str | None = None
    ) -> list[dict[str, Any]]:
        ids = self.redis.zrevrange(
            self._index_key(owner, provider), 0, (LIST_SCAN_LIMIT if status else limit) - 1
        )
        rows = self._rows(owner, provider, [i.decode() for i in ids])
        if status:
            rows = [r for r in rows if r["last_status"] == status]
        return rows[:limit]

    def get(self, owner: str, provider: str, task_id: str) -> dict[str, Any] | None:
        rows = self._rows(owner, provider, [task_id])
        return rows[0] if rows else None

    def statuses(self, owner: str, provider: str, task_ids: list[str]) -> dict[str, str]:
        return {r["task_id"]: r["last_status"] for r in self._rows(owner, provider, task_ids)}

    def _rows(self, owner: str, provider: str, task_ids: list[str]) -> list[dict[str, Any]]:
        pipe = self.redis.pipeline()
        for task_id in task_ids:
            pipe.hgetall(self._row_key(owner, provider, task_id))
        found = []
        for raw in pipe.execute():
            if not raw:
                continue
            row = {k.decode(): v.decode() for k, v in raw.items()}
            entry: dict[str, Any] = {
                "task_id": row["task_id"],
                "provider": row["provider"],
                "tool": row["tool"],
                "summary": row["summary"],
                "submitted_at": float(row["submitted_at"]),
                "last_status": row["last_status"],
                "updated_at": float(row["updated_at"]),
            }
            files = json.loads(row.get("files") or "[]")
            if files:
                entry["files"] = files
            found.append(entry)
        return found
