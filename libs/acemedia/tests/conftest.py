"""A tiny provider built only from core parts, so core tests need no provider package."""

from __future__ import annotations

from typing import Annotated

import pytest
from acemedia import Provider, ProviderServer, Submit, Vocabulary
from acemedia.fields import OptionalCallbackUrl, prompt_field
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
def provider_server() -> ProviderServer:
    """The server the acemedia_testing plugin's `upstream` fixture points at its mock."""
    return demo
