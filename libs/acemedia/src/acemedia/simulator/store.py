"""Simulated jobs kept in a SQLite file, so a sandbox server's tasks outlive its process."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS jobs (
    id TEXT PRIMARY KEY,
    provider TEXT NOT NULL,
    created REAL NOT NULL,
    data TEXT NOT NULL
);
"""


class JobStore:
    """One row per job (`Job.to_json`); shared safely by several processes through SQLite."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            self.path.touch(mode=0o600, exist_ok=True)  # it holds prompts
            self._db = sqlite3.connect(self.path, timeout=5, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
        return self._db

    def save(self, job: dict[str, Any], provider: str) -> None:
        with self._lock:
            self._conn().execute(
                "INSERT OR REPLACE INTO jobs VALUES (?, ?, ?, ?)",
                (job["id"], provider, float(job["created_wall"]), json.dumps(job, ensure_ascii=False)),
            )

    def load(self, task_id: str) -> dict[str, Any] | None:
        with self._lock:
            row = self._conn().execute("SELECT data FROM jobs WHERE id = ?", (task_id,)).fetchone()
        return _parse(row[0]) if row else None

    def of_provider(self, provider: str) -> list[dict[str, Any]]:
        """The provider's saved jobs, oldest first."""
        with self._lock:
            rows = (
                self._conn()
                .execute("SELECT data FROM jobs WHERE provider = ? ORDER BY created", (provider,))
                .fetchall()
            )
        return [job for (data,) in rows if (job := _parse(data)) is not None]

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _parse(data: str) -> dict[str, Any] | None:
    try:
        job = json.loads(data)
    except ValueError:
        return None
    return job if isinstance(job, dict) else None
