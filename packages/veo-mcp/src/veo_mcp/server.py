"""Veo tools: new videos from text or images, and follow-up edits (upsample, extend, reshoot, objects)
on a finished video, addressed by its video id."""

from __future__ import annotations

import re
from typing import Annotated

from acemedia import (
    CallbackUrl,
    Provider,
    ProviderServer,
    Submit,
    Vocabulary,
    is_http_url,
    present,
    prompt_field,
    require,
)
from pydantic import Field

from . import guides
from .models import (
    DEFAULT_ASPECT_RATIO,
    DEFAULT_EXTEND_MODEL,
    DEFAULT_MODEL,
    DEFAULT_UPSAMPLE_ACTION,
    INGREDIENTS_MODEL,
    AspectRatio,
    ExtendModel,
    ExtendResolution,
    MotionType,
    ObjectAction,
    UpsampleAction,
    VeoModel,
    VideoResolution,
)

PROVIDER = Provider(
    name="veo",
    title="Veo",
    distribution="acemedia-veo-mcp",
    default_timeout=180,
    task_search=True,
    vocabulary=Vocabulary.of({"succeeded"}, media_keys=(("video_url", "video"),)),
    instructions=(
        "Create and edit videos with Google Veo through AceDataCloud. Each generation or edit tool "
        "answers with a task_id straight away; follow it with veo_wait_for_task (or poll veo_get_task) "
        "until the video URL is final. A finished video's id (media[].id, the upstream data[].id) is the "
        "video_id that veo_upsample, veo_extend_video, veo_reshoot and veo_video_objects work on."
    ),
    example=(
        "veo_text_to_video",
        {"prompt": "Waves rolling onto a black-sand beach at sunrise, slow aerial drift"},
    ),
)
server = ProviderServer(PROVIDER)
VIDEOS = "/veo/videos"
UPSAMPLE = "/veo/upsample"
EXTEND = "/veo/extend"
RESHOOT = "/veo/reshoot"
OBJECTS = "/veo/objects"

MAX_PROMPT = 5000
BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
JPEG_DATA_PREFIX = re.compile(r"^data:image/jpe?g;base64,", re.IGNORECASE)

Prompt = Annotated[
    str,
    prompt_field(MAX_PROMPT, "Subject, action, setting, camera, light, style."),
]
Model = Annotated[
    VeoModel,
    Field(description="veo31/veo3: best; -fast: quicker; -ingredients: fuses images."),
]
Ratio = Annotated[AspectRatio, Field(description="Landscape or portrait.")]
Translation = Annotated[bool, Field(description="Translate the prompt to English first.")]
Resolution = Annotated[
    VideoResolution | None,
    Field(description="Output format; unset: upstream default."),
]
VideoId = Annotated[
    str,
    Field(
        max_length=200,  # a blank id is refused by _video_id
        description="A finished video's media[].id (not the task_id).",
    ),
]
ImageUrls = Annotated[
    list[Annotated[str, Field(min_length=1)]],
    Field(
        min_length=1,
        max_length=3,
        description="1-3 image URLs or base64 images.",
    ),
]


def _video_id(video_id: str) -> None:
    require(bool(video_id.strip()), "video_id", "must be the id of an existing video, not blank")


def _generation_body(
    action: str,
    prompt: str,
    image_urls: list[str] | None,
    model: str,
    aspect_ratio: str,
    translation: bool,
    resolution: str | None,
    callback_url: str,
) -> dict[str, object]:
    return present(
        action=action,
        prompt=prompt,
        image_urls=image_urls,
        model=model,
        aspect_ratio=aspect_ratio,
        translation=translation or None,  # sent only when true
        resolution=resolution,
        callback_url=callback_url,
    )


@server.submit_tool("Generate Veo video from text")
def veo_text_to_video(
    prompt: Prompt,
    model: Model = DEFAULT_MODEL,
    aspect_ratio: Ratio = DEFAULT_ASPECT_RATIO,
    translation: Translation = False,
    resolution: Resolution = None,
    callback_url: CallbackUrl = "",
) -> Submit:
    """Make a Veo video from text alone (usually ready in 1-2 minutes). Any model but
    veo31-fast-ingredients."""
    require(
        model != INGREDIENTS_MODEL,
        "model",
        f"{INGREDIENTS_MODEL} only works from images; use veo_image_to_video or pick another model",
    )
    body = _generation_body(
        "text2video", prompt, None, model, aspect_ratio, translation, resolution, callback_url
    )
    return Submit(VIDEOS, body)


@server.submit_tool("Generate Veo video from images")
def veo_image_to_video(
    prompt: Prompt,
    image_urls: ImageUrls,
    model: Model = DEFAULT_MODEL,
    aspect_ratio: Ratio = DEFAULT_ASPECT_RATIO,
    translation: Translation = False,
    resolution: Resolution = None,
    callback_url: CallbackUrl = "",
) -> Submit:
    """Make a Veo video from 1-3 images and a prompt: one image opens the clip, two frame start and
    end; veo31-fast-ingredients blends them into one scene."""
    action = "ingredients2video" if model == INGREDIENTS_MODEL else "image2video"
    body = _generation_body(
        action, prompt, image_urls, model, aspect_ratio, translation, resolution, callback_url
    )
    return Submit(VIDEOS, body)


@server.submit_tool("Get 1080p Veo video")
def veo_get_1080p(
    video_id: VideoId,
    model: Annotated[VeoModel, Field(description="The model that made it.")] = DEFAULT_MODEL,
    callback_url: CallbackUrl = "",
) -> Submit:
    """The 1080p version of a finished Veo video (older route: veo_upsample also offers 4k and gif)."""
    _video_id(video_id)
    return Submit(
        VIDEOS, present(action="get1080p", video_id=video_id, model=model, callback_url=callback_url)
    )


@server.submit_tool("Upsample Veo video")
def veo_upsample(
    video_id: VideoId,
    action: Annotated[UpsampleAction, Field(description="Target format.")] = DEFAULT_UPSAMPLE_ACTION,
    callback_url: CallbackUrl = "",
) -> Submit:
    """Render a finished Veo video (of any kind) at 1080p or 4k, or as a GIF."""
    _video_id(video_id)
    return Submit(UPSAMPLE, present(video_id=video_id, action=action, callback_url=callback_url))


@server.submit_tool("Extend Veo video")
def veo_extend_video(
    video_id: VideoId,
    model: Annotated[ExtendModel, Field(description="The extension model.")] = DEFAULT_EXTEND_MODEL,
    prompt: Annotated[str, Field(max_length=MAX_PROMPT, description="What happens in the added part.")] = "",
    aspect_ratio: Annotated[AspectRatio | None, Field(description="Unset: 16:9.")] = None,
    resolution: Annotated[ExtendResolution | None, Field(description="Output resolution.")] = None,
    callback_url: CallbackUrl = "",
) -> Submit:
    """Continue a finished Veo video (prompt optional). The result can be extended again, not
    reshot or edited; video ids of the upstream's older line are refused."""
    _video_id(video_id)
    body = present(
        video_id=video_id,
        model=model,
        prompt=prompt,
        aspect_ratio=aspect_ratio,
        resolution=resolution,
        callback_url=callback_url,
    )
    return Submit(EXTEND, body)


@server.submit_tool("Reshoot Veo video with a camera move")
def veo_reshoot(
    video_id: VideoId,
    motion_type: Annotated[
        MotionType,
        Field(description="The new camera motion."),
    ],
    callback_url: CallbackUrl = "",
) -> Submit:
    """Film a finished Veo video's scene again with another camera motion (not for extended videos)."""
    _video_id(video_id)
    return Submit(RESHOOT, present(video_id=video_id, motion_type=motion_type, callback_url=callback_url))


def _mask_is_valid(mask: str) -> bool:
    if mask.startswith(("http://", "https://")):
        return is_http_url(mask)
    data = "".join(JPEG_DATA_PREFIX.sub("", mask, count=1).split())
    return BASE64.fullmatch(data) is not None


@server.submit_tool("Insert or remove an object in a Veo video")
def veo_video_objects(
    video_id: VideoId,
    action: Annotated[ObjectAction, Field(description="insert adds an object; remove erases one.")],
    prompt: Annotated[
        str, Field(max_length=MAX_PROMPT, description="What to add (required for insert).")
    ] = "",
    image_mask: Annotated[
        str,
        Field(description="Mask, white where to remove: an http(s) URL or base64 JPEG. Needed for remove."),
    ] = "",
    callback_url: CallbackUrl = "",
) -> Submit:
    """Add an object to a finished Veo video (describe it in prompt) or remove one (mark it with
    image_mask). Not for extended videos."""
    _video_id(video_id)
    if action == "insert":
        require(bool(prompt.strip()), "prompt", "describe the object to insert")
    else:
        require(bool(image_mask.strip()), "image_mask", "give a mask (white = area to remove)")
    if image_mask:
        require(_mask_is_valid(image_mask), "image_mask", "must be an http(s) URL or base64 JPEG data")
    body = present(
        video_id=video_id, action=action, prompt=prompt, image_mask=image_mask, callback_url=callback_url
    )
    return Submit(OBJECTS, body)


server.reference(
    "veo_list_models",
    "List Veo models",
    "Veo models and what each accepts, aspect ratios, output formats and the defaults in effect.",
    guides.models_text,
)


server.reference(
    "veo_list_actions",
    "List Veo tools and workflows",
    "Which Veo tool does what, task states, and typical workflows.",
    guides.ACTIONS,
)


server.reference(
    "veo_get_prompt_guide",
    "Veo prompt writing guide",
    "How to write Veo prompts: structure, examples, camera, lighting and style vocabulary.",
    guides.PROMPT_GUIDE,
)


server.guide(
    "veo_video_generation_guide",
    "Veo video generation guide",
    "How to choose the right Veo tool and model and follow a job to its video.",
    guides.GENERATION_GUIDE,
)


server.guide(
    "veo_workflow_examples",
    "Veo workflow examples",
    "Worked Veo workflows from prompt to finished (and edited) video.",
    guides.WORKFLOWS,
)


server.guide(
    "veo_style_suggestions",
    "Veo style suggestions",
    "Style, camera and lighting ideas for Veo prompts, by use case.",
    guides.STYLE_SUGGESTIONS,
)
