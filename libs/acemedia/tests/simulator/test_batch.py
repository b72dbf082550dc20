"""`retrieve_batch`: by ids (order kept, unknown ones left out), by trace ids, or as a filtered, paged list."""

from __future__ import annotations

from .conftest import EPOCH, Sim

KLING = {"action": "text2video", "prompt": "p"}


async def test_batch_keeps_the_requested_order_and_omits_unknown_ids(sim: Sim) -> None:
    a = await sim.submit("/kling/videos", KLING)
    b = await sim.submit("/kling/videos", KLING)
    c = await sim.submit(
        "/kling/motion", {"image_url": "i", "video_url": "v", "character_orientation": "image", "mode": "std"}
    )
    batch = await sim.batch("kling", ids=[c, "missing", a, b, a])
    assert [item["id"] for item in batch["items"]] == [c, a, b]
    assert batch["count"] == 3
    assert [item["type"] for item in batch["items"]] == ["motion", "videos", "videos"]


async def test_an_empty_batch(sim: Sim) -> None:
    assert await sim.batch("sora", ids=["nope"]) == {"items": [], "count": 0}


async def test_batch_records_show_each_tasks_own_phase(sim: Sim) -> None:
    slow = await sim.submit("/sora/videos", {"prompt": "[sim:seconds=60] p", "model": "sora-2"})
    fast = await sim.submit("/sora/videos", {"prompt": "[sim:seconds=1] p", "model": "sora-2"})
    sim.clock.advance(5)
    items = (await sim.batch("sora", ids=[slow, fast]))["items"]
    assert "response" not in items[0]  # queued for its first 12 s
    assert items[1]["response"]["success"] is True


async def test_batch_by_trace_ids(sim: Sim) -> None:
    first = (await sim.post("/veo/videos", {"action": "text2video", "prompt": "p", "async": True})).json()
    second = (await sim.post("/veo/videos", {"action": "text2video", "prompt": "p", "async": True})).json()
    batch = await sim.batch("veo", trace_ids=[second["trace_id"], first["trace_id"]], ids=[first["task_id"]])
    assert [item["id"] for item in batch["items"]] == [first["task_id"], second["task_id"]]


async def test_a_list_query_is_newest_first_filtered_and_paged(sim: Sim) -> None:
    ids = []
    for n in range(5):
        ids.append(await sim.submit("/veo/videos", {"action": "text2video", "prompt": f"p{n}"}))
        sim.clock.advance(1)
    upsample = await sim.submit("/veo/upsample", {"video_id": "v", "action": "4k"})
    await sim.submit("/sora/videos", {"prompt": "p", "model": "sora-2"})  # another provider: never listed

    everything = await sim.batch("veo", offset=0, limit=12)
    assert [i["id"] for i in everything["items"]] == [upsample, *reversed(ids)]
    assert everything["count"] == 6

    page = await sim.batch("veo", offset=1, limit=2, type="videos")
    assert [i["id"] for i in page["items"]] == [ids[3], ids[2]]
    assert page["count"] == 5  # every match, not just this page

    window = await sim.batch("veo", created_at_min=EPOCH + 1, created_at_max=EPOCH + 3)
    assert [i["id"] for i in window["items"]] == [ids[3], ids[2], ids[1]]


async def test_a_list_query_defaults_to_twelve_items(sim: Sim) -> None:
    for _ in range(14):
        await sim.submit("/luma/videos", {"prompt": "p"})
    listed = await sim.batch("luma")
    assert len(listed["items"]) == 12 and listed["count"] == 14


async def test_batches_only_show_the_callers_tasks(sim: Sim) -> None:
    mine = await sim.submit("/producer/audios", {"action": "generate", "prompt": "p"})
    reply = await sim.post(
        "/producer/tasks",
        {"action": "retrieve_batch", "ids": [mine]},
        headers={"authorization": "Bearer another"},
    )
    assert reply.json() == {"items": [], "count": 0}
