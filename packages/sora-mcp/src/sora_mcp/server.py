"""Sora tools: text, image and character videos (v1 channel) and precise-resolution clips (v2 channel)."""

from __future__ import annotations

from typing import Annotated

from acemedia import (
    CallbackUrl,
    Provider,
    ProviderServer,
    Submit,
    Vocabulary,
    always,
    present,
    prompt_field,
    require,
)
from pydantic import Field

from . import guides
from .models import (
    DEFAULT_DURATION,
    DEFAULT_MODEL,
    DEFAULT_ORIENTATION,
    DEFAULT_RESOLUTION,
    DEFAULT_SECONDS,
    DEFAULT_SIZE,
    SoraModel,
    VideoDuration,
    VideoOrientation,
    VideoResolution,
    VideoSeconds,
    VideoSize,
)

PROVIDER = Provider(
    name="sora",
    title="Sora",
    distribution="acemedia-sora-mcp",
    default_timeout=3600,
    vocabulary=Vocabulary.of({"succeeded"}, media_keys=(("video_url", "video"),)),
    instructions=(
        "Generate videos with OpenAI Sora through AceDataCloud. Submitting returns a task_id at once; "
        "then call sora_wait_for_task (or poll sora_get_task) until the video URL is final."
    ),
    example=(
        "sora_generate_video",
        {"prompt": "A paper boat drifting down a rain-soaked street at dusk, macro lens"},
    ),
)
server = ProviderServer(PROVIDER)
VIDEOS = "/sora/videos"

Prompt = Annotated[
    str, prompt_field(5000, "What the video should show: subject, action, setting, style, camera.")
]
Model = Annotated[
    SoraModel, Field(description="sora-2 (standard) or sora-2-pro (higher quality, allows 25 s).")
]
Size = Annotated[VideoSize, Field(description="small = standard definition, large = HD.")]
Duration = Annotated[VideoDuration, Field(description="Length in seconds: 10, 15, or 25 (sora-2-pro only).")]
Orientation = Annotated[VideoOrientation, Field(description="landscape (16:9) or portrait (9:16).")]
ImageUrls = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    Field(min_length=1, max_length=10, description="Reference images: public URLs or base64 data."),
]
V2Seconds = Annotated[VideoSeconds, Field(description="Length in seconds: 4, 8 or 12.")]
V2Size = Annotated[VideoResolution, Field(description="Exact resolution, width x height.")]
V2Images = Annotated[
    list[Annotated[str, Field(min_length=1)]] | None,
    Field(
        max_length=10, description="Optional reference image; only the first is used and should match size."
    ),
]


def _v1(model: str, duration: int) -> None:
    require(
        not (duration == 25 and model == "sora-2"),
        "duration",
        "25 seconds needs model sora-2-pro; with sora-2 choose 10 or 15",
    )


def _v1_options(model: str, size: str, duration: int, orientation: str) -> dict[str, object]:
    """The v1 channel's generation options, sent after the tool's own fields."""
    return {"model": model, "size": size, "duration": duration, "orientation": orientation}


@server.submit_tool("Generate Sora video from text")
def sora_generate_video(
    prompt: Prompt,
    model: Model = DEFAULT_MODEL,
    size: Size = DEFAULT_SIZE,
    duration: Duration = DEFAULT_DURATION,
    orientation: Orientation = DEFAULT_ORIENTATION,
) -> Submit:
    """Start a Sora video from a text prompt (v1 channel: 10/15/25 s, landscape or portrait).
    Returns a task_id right away; the video is ready in about 1-5 minutes."""
    _v1(model, duration)
    return Submit(VIDEOS, present(prompt=prompt, **_v1_options(model, size, duration, orientation)))


@server.submit_tool("Generate Sora video from images")
def sora_generate_video_from_image(
    prompt: Prompt,
    image_urls: ImageUrls,
    model: Model = DEFAULT_MODEL,
    size: Size = DEFAULT_SIZE,
    duration: Duration = DEFAULT_DURATION,
    orientation: Orientation = DEFAULT_ORIENTATION,
) -> Submit:
    """Start a Sora video that animates or builds on reference images, guided by the prompt.
    Images must not show real people. Returns a task_id right away."""
    _v1(model, duration)
    options = _v1_options(model, size, duration, orientation)
    return Submit(VIDEOS, present(prompt=prompt, image_urls=image_urls, **options))


@server.submit_tool("Generate Sora video with a character")
def sora_generate_video_with_character(
    prompt: Prompt,
    character_url: Annotated[
        str, Field(pattern=r"^https?://\S+$", description="Video showing the character (no real people).")
    ],
    character_start: Annotated[float, Field(ge=0, description="Second where the character appears.")] = 0,
    character_end: Annotated[float, Field(ge=0, description="Second where it ends; 1-3 s after start.")] = 1,
    model: Model = DEFAULT_MODEL,
    size: Size = DEFAULT_SIZE,
    duration: Duration = DEFAULT_DURATION,
    orientation: Orientation = DEFAULT_ORIENTATION,
) -> Submit:
    """Start a Sora video featuring a character taken from a reference clip (v1 channel only).
    Returns a task_id right away."""
    span = character_end - character_start
    require(1 <= span <= 3, "character_end", "must be 1 to 3 seconds after character_start")
    _v1(model, duration)
    body = present(
        prompt=prompt,
        character_url=character_url,
        character_start=character_start,
        character_end=character_end,
        **_v1_options(model, size, duration, orientation),
    )
    return Submit(VIDEOS, body)


@server.submit_tool("Generate Sora video with webhook")
def sora_generate_video_async(
    prompt: Prompt,
    callback_url: CallbackUrl,
    model: Model = DEFAULT_MODEL,
    size: Size = DEFAULT_SIZE,
    duration: Duration = DEFAULT_DURATION,
    orientation: Orientation = DEFAULT_ORIENTATION,
    image_urls: Annotated[
        list[Annotated[str, Field(min_length=1)]] | None,
        Field(max_length=10, description="Optional references."),
    ] = None,
) -> Submit:
    """Start a Sora video (v1 channel) whose result the upstream also POSTs to callback_url when done.
    Returns a task_id right away; the task tools work as usual."""
    _v1(model, duration)
    body = present(
        prompt=prompt,
        callback_url=always(callback_url),  # the upstream requires it on this route, even as ""
        **_v1_options(model, size, duration, orientation),
        image_urls=image_urls,
    )
    return Submit(VIDEOS, body)


def _v2_options(
    prompt: str, model: str, duration: int, size: str, image_urls: list[str] | None
) -> dict[str, object]:
    """The v2 channel's fields, sent after the webhook."""
    return {
        "prompt": prompt,
        "model": model,
        "version": "2.0",
        "duration": duration,
        "size": size,
        "image_urls": image_urls,
    }


@server.submit_tool("Generate Sora v2 video")
def sora_generate_video_v2(
    prompt: Prompt,
    model: Model = DEFAULT_MODEL,
    duration: V2Seconds = DEFAULT_SECONDS,
    size: V2Size = DEFAULT_RESOLUTION,
    image_urls: V2Images = None,
) -> Submit:
    """Start a short Sora clip on the v2 channel: exact resolution and 4/8/12 s, optional start image.
    Returns a task_id right away."""
    return Submit(VIDEOS, present(**_v2_options(prompt, model, duration, size, image_urls)))


@server.submit_tool("Generate Sora v2 video with webhook")
def sora_generate_video_v2_async(
    prompt: Prompt,
    callback_url: CallbackUrl,
    model: Model = DEFAULT_MODEL,
    duration: V2Seconds = DEFAULT_SECONDS,
    size: V2Size = DEFAULT_RESOLUTION,
    image_urls: V2Images = None,
) -> Submit:
    """Like sora_generate_video_v2, and the upstream also POSTs the result to callback_url when done."""
    options = _v2_options(prompt, model, duration, size, image_urls)
    return Submit(VIDEOS, present(callback_url=always(callback_url), **options))


server.reference(
    "sora_list_models",
    "List Sora models",
    "Models, durations, sizes and resolutions Sora accepts, with the defaults in effect.",
    guides.models_text,
)


server.reference(
    "sora_list_actions",
    "List Sora tools and workflows",
    "Which Sora tool to use for what, with typical workflows.",
    guides.ACTIONS,
)


server.guide(
    "sora_video_generation_guide",
    "Sora video generation guide",
    "How to pick the right Sora tool and follow a job to its video.",
    guides.GENERATION_GUIDE,
)


server.guide(
    "sora_workflow_examples",
    "Sora workflow examples",
    "Worked Sora workflows from prompt to finished video.",
    guides.WORKFLOWS,
)


server.guide(
    "sora_prompt_writing_guide",
    "Sora prompt writing guide",
    "How to write prompts Sora renders well.",
    guides.PROMPT_GUIDE,
)
