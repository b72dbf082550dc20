"""A tiny provider built only from core parts, so core tests need no provider package."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import pytest
import respx
from acemedia import Provider, ProviderServer, Submit, Vocabulary
from acemedia.fields import OptionalCallbackUrl, prompt_field
from acemedia.testing import BASE_URL, FakeTime, use_test_runtime
from pydantic import Field

DEMO = Provider(
    name="demo",
    title="Demo",
    distribution="acemedia-core",
    default_timeout=60,
    vocabulary=Vocabulary.of({"done"}, media_keys=(("video_url", "video"),)),
    instructions="Test provider.",
)
demo = ProviderServer(DEMO)


@demo.submit_tool("Make a demo video")
def demo_generate(
    prompt: Annotated[str, prompt_field(100)],
    callback_url: OptionalCallbackUrl = None,
    async_: Annotated[bool | None, Field(alias="async", description="Run in the background.")] = None,
) -> Submit:
    """Start a demo job."""
    body: dict[str, object] = {"prompt": prompt}
    if callback_url:
        body["callback_url"] = callback_url
    if async_ is not None:
        body["async"] = async_
    return Submit("/demo/videos", body)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def upstream(fake_time: FakeTime) -> Iterator[respx.MockRouter]:
    use_test_runtime(demo, fake_time)
    with respx.mock(base_url=BASE_URL, assert_all_called=False) as router:
        yield router
