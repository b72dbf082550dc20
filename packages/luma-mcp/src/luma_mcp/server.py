"""Luma tools: videos from a prompt or from key frames, and extensions of earlier videos."""

from __future__ import annotations

from typing import Annotated, Any

from acemedia import (
    OptionalCallbackUrl,
    OptionalUrl,
    Provider,
    ProviderServer,
    Submit,
    Url,
    Vocabulary,
    present,
    prompt_field,
    require,
)
from pydantic import Field

from . import guides
from .models import DEFAULT_ASPECT_RATIO, MAX_API_TIMEOUT, MIN_API_TIMEOUT, AspectRatio

PROVIDER = Provider(
    name="luma",
    title="Luma",
    distribution="acemedia-luma-mcp",
    default_timeout=1800,
    vocabulary=Vocabulary.of({"completed"}, media_keys=(("video_url", "video"),)),
    instructions=(
        "Make videos with Luma Dream Machine through AceDataCloud: from a text prompt, between a first "
        "and/or last frame image, or by continuing an earlier clip. Every generation call hands back a "
        "task_id immediately; follow it with luma_wait_for_task (or check it with luma_get_task) until the "
        "video URL arrives. Keep the video_id of a finished clip if you may want to extend it later."
    ),
    example=(
        "luma_generate_video",
        {"prompt": "Lanterns drifting over a dark lake at night, slow upward tilt"},
    ),
)
server = ProviderServer(PROVIDER)
VIDEOS = "/luma/videos"

Prompt = Annotated[
    str,
    prompt_field(
        5000, "Describe the shot: who or what is in it, how it moves, the place, the look and the camera."
    ),
]
ExtendPrompt = Annotated[
    str, prompt_field(5000, "What should happen next, picking up where the existing clip stops.")
]
Ratio = Annotated[
    AspectRatio,
    Field(description="Frame shape: 16:9 wide, 9:16 vertical, 1:1 square, 4:3, 3:4, 21:9 or 9:21."),
]
Loop = Annotated[
    bool, Field(description="true makes the last frame flow back into the first for a seamless loop.")
]
Enhancement = Annotated[
    bool, Field(description="Let the upstream polish the prompt wording before rendering (on by default).")
]
ApiTimeout = Annotated[
    int | None,
    Field(
        ge=MIN_API_TIMEOUT,
        le=MAX_API_TIMEOUT,
        description=(
            "Seconds the upstream may spend before replying (it assumes 300 when unset). "
            "Not this server's HTTP timeout; leave unset normally."
        ),
    ),
]
FrameUrl = Annotated[OptionalUrl, Field(description="Public http(s) image URL.")]
VideoId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        pattern=r"^\S+$",
        description="video_id from an earlier Luma result (not the task_id).",
    ),
]


def _options(
    aspect_ratio: str, loop: bool, enhancement: bool, timeout: int | None, callback_url: str | None
) -> dict[str, Any]:
    """The generation options, in the order they are sent."""
    return {
        "aspect_ratio": aspect_ratio,
        "loop": loop,
        "enhancement": enhancement,
        "timeout": timeout,
        "callback_url": callback_url,
    }


def _extend(prompt: str, end_image_url: str, callback_url: str | None, **clip: str) -> Submit:
    """A request to continue the clip named by `clip` (its video_id or its video_url)."""
    body = present(
        action="extend", **clip, prompt=prompt, end_image_url=end_image_url, callback_url=callback_url
    )
    return Submit(VIDEOS, body)


@server.submit_tool("Generate Luma video from text")
def luma_generate_video(
    prompt: Prompt,
    aspect_ratio: Ratio = DEFAULT_ASPECT_RATIO,
    loop: Loop = False,
    enhancement: Enhancement = True,
    timeout: ApiTimeout = None,
    callback_url: OptionalCallbackUrl = None,
) -> Submit:
    """Start a Luma Dream Machine clip described only by a text prompt.
    Answers with a task_id at once; the finished video usually takes one to two minutes."""
    options = _options(aspect_ratio, loop, enhancement, timeout, callback_url)
    return Submit(VIDEOS, present(action="generate", prompt=prompt, **options))


@server.submit_tool("Generate Luma video from images")
def luma_generate_video_from_image(
    prompt: Prompt,
    start_image_url: Annotated[
        FrameUrl, Field(description="Image to open the clip with (first frame).")
    ] = "",
    end_image_url: Annotated[FrameUrl, Field(description="Image the clip should land on (last frame).")] = "",
    aspect_ratio: Ratio = DEFAULT_ASPECT_RATIO,
    loop: Loop = False,
    enhancement: Enhancement = True,
    timeout: ApiTimeout = None,
    callback_url: OptionalCallbackUrl = None,
) -> Submit:
    """Start a Luma clip anchored on key frames: a first frame, a last frame, or both for a transition.
    At least one image URL is needed. Answers with a task_id at once."""
    require(
        bool(start_image_url or end_image_url),
        "start_image_url",
        "give start_image_url, end_image_url, or both",
    )
    body = present(
        action="generate",
        prompt=prompt,
        **_options(aspect_ratio, loop, enhancement, timeout, callback_url),
        start_image_url=start_image_url,
        end_image_url=end_image_url,
    )
    return Submit(VIDEOS, body)


@server.submit_tool("Extend Luma video by id")
def luma_extend_video(
    video_id: VideoId,
    prompt: ExtendPrompt,
    end_image_url: Annotated[
        FrameUrl, Field(description="Optional image the continuation should end on.")
    ] = "",
    callback_url: OptionalCallbackUrl = None,
) -> Submit:
    """Continue a video Luma made earlier, identified by its video_id, to make it longer.
    Answers with a task_id at once; the result is a new, longer clip with its own video_id."""
    return _extend(prompt, end_image_url, callback_url, video_id=video_id)


@server.submit_tool("Extend Luma video by URL")
def luma_extend_video_from_url(
    video_url: Annotated[Url, Field(description="Public http(s) URL of the video to continue.")],
    prompt: ExtendPrompt,
    end_image_url: Annotated[
        FrameUrl, Field(description="Optional image the continuation should end on.")
    ] = "",
    callback_url: OptionalCallbackUrl = None,
) -> Submit:
    """Continue a video given by its URL (use luma_extend_video when you have the video_id).
    Answers with a task_id at once."""
    return _extend(prompt, end_image_url, callback_url, video_url=video_url)


server.reference(
    "luma_list_aspect_ratios",
    "List Luma aspect ratios",
    "The aspect ratios Luma accepts, what each suits, and the default in effect.",
    guides.aspect_ratios_text,
)


server.reference(
    "luma_list_actions",
    "List Luma tools and workflows",
    "Which Luma tool does what, with common step-by-step workflows.",
    guides.ACTIONS,
)


server.guide(
    "luma_video_generation_guide",
    "Luma video generation guide",
    "How to choose between the Luma tools and follow a job until the video is ready.",
    guides.generation_guide,
)


server.guide(
    "luma_workflow_examples",
    "Luma workflow examples",
    "Worked Luma workflows, from a single prompt to a lengthened clip.",
    guides.WORKFLOWS,
)


server.guide(
    "luma_prompt_suggestions",
    "Luma prompt suggestions",
    "How to phrase Luma prompts: structure, motion and style vocabulary, examples.",
    guides.PROMPT_SUGGESTIONS,
)
