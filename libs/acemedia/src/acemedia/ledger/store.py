"""A local record of every task a server submitted, so an agent can find its task ids again.

SQLite from the standard library, one row per task. Rows belong to an owner: "local" for the
environment token (stdio), or a one-way hash of the caller's bearer token in HTTP mode, so one caller
never sees another's tasks. The token itself is never stored.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

LOCAL_OWNER = "local"
SUMMARY_LIMIT = 160

SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    owner TEXT NOT NULL,
    provider TEXT NOT NULL,
    task_id TEXT NOT NULL,
    tool TEXT NOT NULL,
    summary TEXT NOT NULL,
    submitted_at REAL NOT NULL,
    status TEXT NOT NULL,
    updated_at REAL NOT NULL,
    PRIMARY KEY (owner, provider, task_id)
);
CREATE INDEX IF NOT EXISTS tasks_recent ON tasks (owner, provider, submitted_at DESC);
"""
# columns added after the first release, each with the default old rows get
MIGRATIONS = (("files", "TEXT NOT NULL DEFAULT '[]'"),)  # JSON list of saved files
COLUMNS = "owner, provider, task_id, tool, summary, submitted_at, status, updated_at"


def default_ledger_path() -> Path:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "acemedia" / "tasks.sqlite3"


def owner_of(caller_token: str | None) -> str:
    """`local` for the server's own token; a short one-way hash for a caller's bearer token."""
    if not caller_token:
        return LOCAL_OWNER
    return "caller-" + hashlib.sha256(caller_token.encode()).hexdigest()[:24]


def summarize(body: dict[str, Any]) -> str:
    """A short, human-readable account of a request: the prompt-like text and the main options."""
    parts = []
    for key in ("action", "model", "prompt", "lyric", "text", "video_id", "audio_id"):
        value = body.get(key)
        if isinstance(value, str) and value:
            parts.append(f"{key}={value}")
    text = ", ".join(parts) or json.dumps(body, ensure_ascii=False)
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def make_private_file(path: Path) -> None:
    """Create `path` readable by its owner alone (0600), in folders it creates 0700: it holds prompts.

    SQLite gives the -wal and -shm files the database file's mode.
    """
    missing = [p for p in (path.parent, *path.parent.parents) if not p.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=0o700, exist_ok=True)
        folder.chmod(0o700)  # mkdir's mode is narrowed by the umask, never widened past it
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)
    for suffix in ("-wal", "-shm", "-journal"):  # left by an earlier, laxer version
        sibling = path.with_name(path.name + suffix)
        if sibling.exists():
            sibling.chmod(0o600)


class TaskLedger:
    """The SQLite file. Calls block (up to `busy_timeout` on a lock): make them off the event loop."""

    def __init__(self, path: Path | str, clock: Any = time.time, busy_timeout: float = 5.0) -> None:
        self.path = Path(path)
        self._clock = clock
        self.busy_timeout = busy_timeout
        self._db: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._read_lock = threading.Lock()
        self._open_lock = threading.Lock()
        # last status written per row, so repeat polls of an unchanged task cost no write
        self._known: dict[tuple[str, str, str], str] = {}

    def _open(self) -> sqlite3.Connection:
        make_private_file(self.path)
        return sqlite3.connect(
            self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
        )

    def _conn(self) -> sqlite3.Connection:
        """The writing connection (one thread at a time: the ledger writer's)."""
        with self._open_lock:
            if self._db is None:
                self._db = self._connect_for_writes()
        return self._db

    def _connect_for_writes(self) -> sqlite3.Connection:
        db = self._open()
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: safe against a crashed process, and no fsync on every status update
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
            present = {row[1] for row in db.execute("PRAGMA table_info(tasks)")}
            for column, declaration in MIGRATIONS:
                if column not in present:
                    db.execute(f"ALTER TABLE tasks ADD COLUMN {column} {declaration}")
        except sqlite3.Error:
            db.close()
            raise
        return db

    def _select(self, query: str, args: list[Any] | tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Reads take their own connection, so they never wait behind a write (WAL lets them through)."""
        with self._read_lock:
            if self._reader is None:
                self._conn()  # the schema (and its migrations) first, so every column read exists
                self._reader = self._open()
            try:
                return self._reader.execute(query, args).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" in str(exc):  # nothing was ever written
                    return []
                raise

    def close(self) -> None:
        for db in (self._db, self._reader):
            if db is not None:
                db.close()
        self._db = self._reader = None

    def record_submission(
        self, owner: str, provider: str, task_id: str, tool: str, body: dict[str, Any], status: str
    ) -> None:
        now = self._clock()
        self._conn().execute(
            f"INSERT OR REPLACE INTO tasks ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (owner, provider, task_id, tool, summarize(body), now, status, now),
        )
        self._known[(owner, provider, task_id)] = status

    def knows(self, owner: str, provider: str, task_id: str, status: str) -> bool:
        """Whether this row was last written with `status` (then an update would change nothing)."""
        return self._known.get((owner, provider, task_id)) == status

    def update_status(self, owner: str, provider: str, task_id: str, status: str) -> None:
        key = (owner, provider, task_id)
        if self._known.get(key) == status:
            return
        if len(self._known) > 10_000:
            self._known.clear()
        self._conn().execute(
            "UPDATE tasks SET status = ?, updated_at = ? WHERE owner = ? AND provider = ? AND task_id = ?",
            (status, self._clock(), owner, provider, task_id),
        )
        self._known[key] = status

    def record_files(
        self, owner: str, provider: str, task_id: str, tool: str, files: list[dict[str, Any]]
    ) -> None:
        """Where a task's media was saved; a task this ledger never saw gets a row of its own."""
        now, text = self._clock(), json.dumps(files, ensure_ascii=False)
        db = self._conn()
        db.execute(
            f"INSERT OR IGNORE INTO tasks ({COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                owner,
                provider,
                task_id,
                tool,
                "saved media of a task submitted elsewhere",
                now,
                "succeeded",
                now,
            ),
        )
        db.execute(
            "UPDATE tasks SET files = ?, updated_at = ? WHERE owner = ? AND provider = ? AND task_id = ?",
            (text, now, owner, provider, task_id),
        )

    def recent(
        self, owner: str, provider: str, limit: int = 20, status: str | None = None
    ) -> list[dict[str, Any]]:
        query = f"SELECT {COLUMNS}, files FROM tasks WHERE owner = ? AND provider = ?"
        args: list[Any] = [owner, provider]
        if status:
            query += " AND status = ?"
            args.append(status)
        query += " ORDER BY submitted_at DESC LIMIT ?"
        args.append(limit)
        return [self._row(r) for r in self._select(query, args)]

    def get(self, owner: str, provider: str, task_id: str) -> dict[str, Any] | None:
        rows = self._select(
            f"SELECT {COLUMNS}, files FROM tasks WHERE owner = ? AND provider = ? AND task_id = ?",
            (owner, provider, task_id),
        )
        return self._row(rows[0]) if rows else None

    def statuses(self, owner: str, provider: str, task_ids: list[str]) -> dict[str, str]:
        """The last status written for each of `task_ids` that has a row."""
        marks = ", ".join("?" * len(task_ids))
        rows = self._select(
            f"SELECT task_id, status FROM tasks WHERE owner = ? AND provider = ? AND task_id IN ({marks})",
            (owner, provider, *task_ids),
        )
        return {str(task_id): str(status) for task_id, status in rows}

    @staticmethod
    def _row(row: tuple[Any, ...]) -> dict[str, Any]:
        _, provider, task_id, tool, summary, submitted, status, updated, files = row
        entry = {
            "task_id": task_id,
            "provider": provider,
            "tool": tool,
            "summary": summary,
            "submitted_at": submitted,
            "last_status": status,
            "updated_at": updated,
        }
        saved = json.loads(files) if files else []
        if saved:
            entry["files"] = saved
        return entry
