"""`<provider>_save_media`: a finished task's final media, streamed into the output folder.

The URLs come only from the task record read from the upstream, never from the caller. Each file is
`<provider>-<task id>-<index>.<extension>`; one already there makes that file's save a no-op.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mcp.server.mcpserver import Context
from mcp.server.mcpserver.resources import FileResource
from mcp.types import CallToolResult, ResourceLink

from ..caller import caller_token
from ..errors import DownloadError, InvalidArgument, SaveRefused, TaskNotFound
from ..ledger.tools import TaskJournal
from ..tasks.results import SANDBOX_NOTE
from ..tasks.status import Media, read_task
from ..tool_host import ToolHost
from .addresses import AddressPolicy
from .download import DownloadFailed, download
from .links import with_links
from .names import MIME_TYPES, existing, extension_for, safe_task_id, stem

JSON = dict[str, Any]


class MediaSaver:
    """The work behind `<provider>_save_media`."""

    def __init__(self, host: ToolHost, journal: TaskJournal) -> None:
        self.host = host
        self.journal = journal

    async def save(self, task_id: str, ctx: Context) -> CallToolResult:
        runtime, provider = self.host.runtime, self.host.provider
        task_id = task_id.strip()
        if safe_task_id(task_id) is None:
            raise InvalidArgument("task_id", "a task id has only letters, digits, '-' and '_'")
        folder = runtime.media.output_dir
        if folder is None:
            raise SaveRefused(runtime.media.off_reason, advice="Nothing was downloaded.")
        token = caller_token(ctx)
        record = await runtime.client.query(
            provider.tasks_path, {"action": "retrieve", "id": task_id}, runtime.upstream_token(token)
        )
        if not record:
            raise TaskNotFound(task_id, provider.title)
        view = read_task(record, provider.vocabulary)
        finals = [m for m in view.media if m.final]
        if view.status != "succeeded" or not finals:
            what = "has no media" if view.status == "succeeded" else f"is {view.status}"
            raise SaveRefused(
                f"The {provider.title} task {task_id} {what}; only the final media of a succeeded task is "
                "saved (previews never are)",
                advice=f"Wait with {provider.name}_wait_for_task, then save again.",
            )
        folder.mkdir(parents=True, exist_ok=True)
        files = [await self._one(ctx, folder, task_id, index, media) for index, media in enumerate(finals)]
        self.journal.saved(ctx, task_id, f"{provider.name}_save_media", files)
        result: JSON = {"task_id": task_id, "status": view.status, "output_dir": str(folder), "files": files}
        if runtime.sandbox:
            result["sandbox"] = SANDBOX_NOTE
        links = [self._publish(f) for f in files]
        return with_links(result, links)

    async def _one(self, ctx: Context, folder: Path, task_id: str, index: int, media: Media) -> JSON:
        runtime, name = self.host.runtime, self.host.provider.name
        file_stem = stem(name, task_id, index)
        entry: JSON = {"index": index, "kind": media.kind, "url": media.url}
        found = existing(folder, file_stem)
        if found is not None:
            return {**entry, **_describe(found, ""), "already_saved": True}

        async def progress(done: int, total: int | None) -> None:
            await ctx.report_progress(done, total, f"saving {file_stem}: {done} bytes")

        settings = runtime.media
        try:
            fetched = await download(
                media.url,
                lambda content_type, url: folder / f"{file_stem}.{extension_for(content_type, url)}",
                policy=AddressPolicy.allowing(settings.private_hosts),
                max_bytes=settings.max_bytes,
                seconds=settings.timeout,
                progress=progress,
                progress_every=settings.progress_every,
            )
        except DownloadFailed as exc:
            raise DownloadError(
                f"Could not save media {index} of task {task_id}: {exc}",
                advice="Nothing was left in the output folder.",
            ) from None
        return {**entry, **_describe(fetched.path, fetched.content_type), "already_saved": False}

    def _publish(self, file: JSON) -> ResourceLink:
        """The saved file as a resource the client can read, and a link to it."""
        path = Path(file["path"])
        uri = path.as_uri()
        self.host.mcp.add_resource(
            FileResource(uri=uri, path=path, name=path.name, mime_type=file["content_type"], encoding=None)
        )
        return ResourceLink(
            type="resource_link", uri=uri, name=path.name, title="Saved file", mime_type=file["content_type"]
        )


def _describe(path: Path, content_type: str) -> JSON:
    mime = MIME_TYPES.get(path.suffix.lstrip(".")) or content_type or "application/octet-stream"
    return {
        "path": str(path),
        "name": path.name,
        "bytes": path.stat().st_size,
        "content_type": mime,
        "resource_uri": path.as_uri(),
    }
