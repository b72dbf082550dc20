"""Every documented example of an upstream answer gets the reading the docs give it.

The table holds each example body of a response of the generation endpoints and the `/<provider>/tasks`
endpoints (the OpenAPI files, the SDK endpoint specs and upstream-api.md), with the reading written by hand
from the rule of `acemedia.tasks.read_task` and the docs. Each provider keeps its own rows, in its folder
(`packages/<provider>-mcp/tests/data/reply_readings.json`); `tests/data/reply_readings.json` says how the
table was made and what it leaves out. The rows of every installed provider (found through the
`acemedia.providers` entry points) are checked against its vocabulary:

- a reply or task record: `read_task` gives the status and exactly the final media the row names;
- a submission reply: `task_id_of` finds the row's task id;
- `{}` answered to a task query: the server's `<p>_get_task` tool reports a clear "task not found" error;
- an empty batch: the server's `<p>_get_tasks_batch` tool lists the ids asked for as not found;
- an error body with its HTTP status: the client raises a clear error carrying the upstream code.

A row the current code misreads stays as documented and is marked `xfail(strict=True)` in `MISREAD`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx
from acemedia.client import AceDataClient
from acemedia.errors import SubmissionUncertain, UpstreamError
from acemedia.server import ProviderServer
from acemedia.tasks.status import TERMINAL, read_task, task_id_of
from acemedia_testing import BASE_URL, FakeTime, ProviderData, make_settings, tool_text, use_test_runtime
from mcp import Client

from .conftest import PROVIDERS

Row = dict[str, Any]

TABLE_PATH = Path(__file__).parent / "data" / "reply_readings.json"  # how the table was made
TABLE: dict[str, Any] = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
ROWS_OF: dict[str, list[Row]] = {p: ProviderData.of(p).readings() for p in PROVIDERS}  # in each one's folder
ROWS: list[Row] = [row for rows in ROWS_OF.values() for row in rows]

KINDS = {"submission_reply", "task_record", "batch", "error_body"}
READ_STATUSES = {"pending", "running", "succeeded", "failed"}
GHOST = "0f5e2c1a-ghost-task"

# The checks below, by name: (check, pytest id) of each case the current code reads otherwise than the docs.
# Such a case keeps its documented expectation and is expected to fail until the code is fixed.
READING, TASK_ID, NOT_FOUND, BATCH, ERROR = "reading", "task_id", "not_found", "batch", "error"
MISREAD: dict[tuple[str, str], str] = {}


def _marks(row: Row, check: str, param_id: str) -> list[pytest.MarkDecorator]:
    marks: list[pytest.MarkDecorator] = []
    if (check, param_id) in MISREAD:
        marks.append(pytest.mark.xfail(strict=True, reason=MISREAD[check, param_id]))
    return marks


def rows_where(check: str, keep: Callable[[Row], bool]) -> list[Any]:
    return [pytest.param(r, id=r["id"], marks=_marks(r, check, r["id"])) for r in ROWS if keep(r)]


def _call_id(row: Row, endpoint: str) -> str:
    how = "query" if endpoint.endswith("/tasks") else "submit"
    return f"{row['id']}-{how}-{endpoint.strip('/').replace('/', '-')}"


def error_calls() -> list[Any]:
    """Each error row once per endpoint whose documentation shows it: a task query or a submission."""
    return [
        pytest.param(r, e, id=_call_id(r, e), marks=_marks(r, ERROR, _call_id(r, e)))
        for r in ROWS
        if r["kind"] == "error_body"
        for e in r["endpoints"]
    ]


def provider_server(name: str) -> ProviderServer:
    return ProviderServer.installed(name)


def as_record(row: Row) -> dict[str, Any]:
    """A task record is read as is; a submission reply as the `response` of a record."""
    body: dict[str, Any] = row["body"]
    return body if row["kind"] == "task_record" else {"response": body}


# -- the table itself -------------------------------------------------------------------------------


def test_the_table_is_well_formed() -> None:
    assert TABLE["about"] and TABLE["left_out"] and "rows" not in TABLE, (
        "the rows are in each provider's folder"
    )
    ids = [r["id"] for r in ROWS]
    assert len(ids) == len(set(ids)), "row ids are unique"
    for row in ROWS:
        assert row["kind"] in KINDS, row["id"]
        assert isinstance(row["body"], dict) and row["source"] and row["endpoints"], row["id"]
        assert isinstance(row["final_media"], int) and row["final_media"] >= 0, row["id"]
        if row["kind"] == "error_body":
            assert row["status"] == "error" and row["http_status"] >= 400 and row["error_code"], row["id"]
        else:
            assert row["http_status"] == 200 and row["status"] != "error", row["id"]
        if row["kind"] == "submission_reply":
            assert "task_id" in row and row["status"] in READ_STATUSES, row["id"]
        if row["status"] == "not_found":
            assert row["kind"] in {"task_record", "batch"}, row["id"]
        if row["status"] != "succeeded":
            assert row["final_media"] == 0, row["id"]
    bodies = [(r["provider"], json.dumps(r["body"], sort_keys=True)) for r in ROWS]
    assert len(bodies) == len(set(bodies)), "identical bodies are one row per provider"


def test_every_misread_mark_names_a_case() -> None:
    ids = {r["id"] for r in ROWS}
    calls = {_call_id(r, e) for r in ROWS if r["kind"] == "error_body" for e in r["endpoints"]}
    for check, param_id in MISREAD:
        assert param_id in (calls if check == ERROR else ids), (check, param_id)


def test_a_provider_package_is_installed() -> None:
    assert PROVIDERS, "no provider package is installed"


@pytest.mark.parametrize("provider", PROVIDERS)
def test_each_installed_provider_has_its_own_rows(provider: str) -> None:
    rows = ROWS_OF[provider]
    assert rows, f"{provider} has no reply readings"
    assert {r["provider"] for r in rows} == {provider}, "a provider's file holds only its own rows"
    assert all(r["id"].startswith(f"{provider}-") for r in rows)
    assert all(e.startswith(f"/{provider}/") for r in rows for e in r["endpoints"])


def _response(row: Row) -> Any:
    return row["body"].get("response") if row["kind"] == "task_record" else row["body"]


def _is_list_style_final(row: Row) -> bool:
    body = _response(row)
    data = body.get("data") if isinstance(body, dict) else None
    return (
        row["status"] == "succeeded"
        and row["final_media"] > 0
        and isinstance(data, list)
        and any(isinstance(i, dict) and i.get("state") for i in data)
    )


def _is_flat_style_final(row: Row) -> bool:
    body = _response(row)
    return (
        row["status"] == "succeeded"
        and row["final_media"] > 0
        and isinstance(body, dict)
        and bool(body.get("state"))
        and "data" not in body
    )


def _running_without_success(row: Row) -> bool:
    response = row["body"].get("response")
    return (
        row["kind"] == "task_record"
        and isinstance(response, dict)
        and "success" not in response
        and row["status"] == "running"
    )


# the shapes of upstream-api.md §1.4b ("Reply shapes the vendor's own pages show"), one predicate each
DIALECTS: dict[str, Callable[[Row], bool]] = {
    '{"task_id": "…"}': lambda r: r["kind"] == "submission_reply" and set(r["body"]) == {"task_id"},
    '{"success": true, "task_id": "…", "trace_id": "…"}': lambda r: (
        r["kind"] == "submission_reply"
        and set(r["body"]) == {"success", "task_id", "trace_id"}
        and r["body"]["success"] is True
    ),
    '{"success": true, "task_id": "…", "data": []}': lambda r: (
        r["kind"] == "submission_reply" and r["body"].get("success") is True and r["body"].get("data") == []
    ),
    '{"status": "success", "data": {…}}': lambda r: (
        r["body"].get("status") == "success" and isinstance(r["body"].get("data"), dict)
    ),
    "list style with a terminal state and media": _is_list_style_final,
    "flat style with a terminal state and media": _is_flat_style_final,
    "a record without response": lambda r: (
        r["kind"] == "task_record" and bool(r["body"]) and "response" not in r["body"]
    ),
    "response without success and with a running word": _running_without_success,
    "{} for a task id": lambda r: r["kind"] == "task_record" and r["body"] == {},
}


@pytest.mark.parametrize("dialect", list(DIALECTS))
def test_the_table_holds_every_dialect_of_section_1_4b(dialect: str) -> None:
    assert any(DIALECTS[dialect](r) for r in ROWS), f"no row of the §1.4b shape {dialect}"


# -- readings -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("row", rows_where(READING, lambda r: r["status"] in READ_STATUSES))
def test_each_example_reads_as_documented(row: Row) -> None:
    vocabulary = provider_server(row["provider"]).provider.vocabulary
    view = read_task(as_record(row), vocabulary)
    final = [m for m in view.media if m.final]
    assert (view.status, len(final)) == (row["status"], row["final_media"]), view
    if view.status != "succeeded":
        assert not final, "no medium of an unfinished task is final"
    assert view.terminal == (row["status"] in TERMINAL)
    if row["status"] == "failed" and row.get("error_code"):
        assert view.error is not None and view.error.get("code") == row["error_code"], view.error


@pytest.mark.parametrize("row", rows_where(TASK_ID, lambda r: r["kind"] == "submission_reply"))
def test_each_submission_reply_yields_its_task_id(row: Row) -> None:
    assert task_id_of(row["body"]) == row["task_id"]


@pytest.mark.parametrize(
    "row", rows_where(NOT_FOUND, lambda r: r["kind"] == "task_record" and r["status"] == "not_found")
)
async def test_an_unknown_task_id_is_a_clear_not_found_error(row: Row) -> None:
    server = provider_server(row["provider"])
    name = server.provider.name
    use_test_runtime(server, FakeTime())
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as upstream:
        route = upstream.post(server.provider.tasks_path).mock(
            return_value=httpx.Response(row["http_status"], json=row["body"])
        )
        async with Client(server.mcp) as client:
            result = await client.call_tool(f"{name}_get_task", {"task_id": GHOST})
    text = tool_text(result)
    assert route.call_count == 1
    assert json.loads(route.calls[0].request.content) == {"action": "retrieve", "id": GHOST}
    assert result.is_error, text
    assert "task_not_found" in text and GHOST in text, text
    assert "succeeded" not in text.lower(), text


@pytest.mark.parametrize("row", rows_where(BATCH, lambda r: r["kind"] == "batch"))
async def test_a_batch_answer_reports_each_item_and_the_missing_ids(row: Row) -> None:
    server = provider_server(row["provider"])
    name = server.provider.name
    use_test_runtime(server, FakeTime())
    items: list[dict[str, Any]] = row["body"]["items"]
    assert row["body"]["count"] == len(items) == len(row["items"])
    vocabulary = server.provider.vocabulary
    for item, expected in zip(items, row["items"], strict=True):
        view = read_task(item, vocabulary)
        assert (view.status, sum(m.final for m in view.media)) == (
            expected["status"],
            expected["final_media"],
        )
    found = [str(item.get("id")) for item in items]
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as upstream:
        upstream.post(server.provider.tasks_path).mock(
            return_value=httpx.Response(row["http_status"], json=row["body"])
        )
        async with Client(server.mcp) as client:
            result = await client.call_tool(f"{name}_get_tasks_batch", {"task_ids": [*found, GHOST]})
    data = result.structured_content
    assert not result.is_error and data is not None, tool_text(result)
    assert data["count"] == len(items)
    assert [i["status"] for i in data["items"]] == [e["status"] for e in row["items"]]
    assert data["not_found"] == [GHOST]
    if row["status"] == "not_found":
        assert data["items"] == [] and "succeeded" not in data["by_status"]


# -- error bodies -------------------------------------------------------------------------------------


def _upstream_message(body: dict[str, Any]) -> str | None:
    error = body.get("error")
    if isinstance(error, dict):
        return error.get("message")
    return body.get("detail") or body.get("message")


@pytest.mark.parametrize(("row", "endpoint"), error_calls())
async def test_each_error_body_becomes_a_clear_error_with_the_upstream_code(row: Row, endpoint: str) -> None:
    time = FakeTime()
    client = AceDataClient(make_settings(), sleep=time.sleep, clock=time.clock, jitter=lambda: 0.0)
    status, body = row["http_status"], row["body"]
    try:
        with respx.mock(base_url=BASE_URL, assert_all_called=False) as upstream:
            upstream.post(endpoint).mock(return_value=httpx.Response(status, json=body))
            with pytest.raises(UpstreamError) as caught:
                if endpoint.endswith("/tasks"):
                    await client.query(endpoint, {"action": "retrieve", "id": GHOST})
                else:
                    await client.submit(endpoint, {"prompt": "a lighthouse at dawn"})
    finally:
        await client.aclose()
    error, text = caught.value, str(caught.value)
    if isinstance(error, SubmissionUncertain):  # a gateway gave up: our code says the job may exist
        assert error.code == "submission_uncertain" and f"({row['error_code']}: " in text, text
        assert f"HTTP {status}" in text, text
    else:
        assert (error.status, error.code) == (status, row["error_code"]), text
        assert f"HTTP {status}" in text and f"code {row['error_code']}" in text, text
    if message := _upstream_message(body):
        assert message in text, text
    if trace_id := body.get("trace_id"):
        assert f"trace_id {trace_id}" in text, text
