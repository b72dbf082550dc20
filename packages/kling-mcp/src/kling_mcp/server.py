"""Kling tools: text, image and extended videos, Turbo and multi-shot videos, saved elements and voices,
product videos, motion transfer, lip-sync and talking photos."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Any

from acemedia import (
    NullableUrl,
    OptionalCallbackUrl,
    OptionalUrl,
    Provider,
    ProviderServer,
    Submit,
    Url,
    Vocabulary,
    given,
    present,
    prompt_field,
    require,
)
from pydantic import BaseModel, Field

from . import guides
from .models import (
    DEFAULT_ASPECT_RATIO,
    DEFAULT_DURATION,
    DEFAULT_MODE,
    DEFAULT_MODEL,
    DEFAULT_TALKING_PHOTO_MODEL,
    FREE_DURATION_MODELS,
    OMNI_MODELS,
    TURBO_MODEL,
    V3_MODELS,
    AspectRatio,
    CharacterOrientation,
    KeepOriginalSound,
    KlingCameraControl,
    KlingModel,
    KlingReferenceImage,
    KlingReferenceVideo,
    LipSyncAudioType,
    LipSyncMode,
    Mode,
    MotionMode,
    MotionModel,
    TalkingPhotoDuration,
    TalkingPhotoMode,
    TalkingPhotoModel,
    VoiceLanguage,
)
from .request_objects import (
    SPEECH_RATES,
    AssetVideoRequest,
    ContentItem,
    GoodsStudioRequest,
    StoryboardRequest,
    TurboVideoRequest,
    VideoCommerceRequest,
)

PROVIDER = Provider(
    name="kling",
    title="Kling",
    distribution="acemedia-kling-mcp",
    default_timeout=1800,
    vocabulary=Vocabulary.of({"succeed"}, media_keys=(("video_url", "video"),)),
    instructions=(
        "Make videos with Kling through AceDataCloud: from text or images, fast Turbo clips, multi-shot "
        "storyboards, videos with saved elements or voices, product and presenter videos; extend a clip, "
        "transfer motion onto a character, lip-sync a video, or make a photo talk. Each tool returns a task_id "
        "at once; follow it with kling_wait_for_task (or poll kling_get_task) until the video URL is final."
    ),
    example=(
        "kling_generate_video",
        {"prompt": "A red fox trotting through fresh snow at golden hour, tracking shot"},
    ),
)
server = ProviderServer(PROVIDER)
VIDEOS = "/kling/videos"
MOTION = "/kling/motion"
LIP_SYNC = "/kling/lip-sync"
TALKING_PHOTO = "/kling/talking-photo"
GOODS_STUDIO = "/kling/goods-studio"
VIDEO_COMMERCE = "/kling/video-commerce"

JSON = dict[str, Any]

Prompt = Annotated[
    str,
    prompt_field(
        2500,
        "What the video should show: subject, action, setting, style, camera. With image_list or "
        "video_list, point at the references as <<<image_1>>>, <<<video_1>>>.",
    ),
]
Model = Annotated[
    KlingModel,
    Field(
        description="Kling model. kling-v3 / kling-v3-omni allow 3-15 s and 4k; kling-o1 and "
        "kling-v3-omni accept image_list / video_list references; kling-v3-turbo allows 3-15 s, "
        "always makes sound, and takes no end frame, references or prompt tuning."
    ),
]
VideoMode = Annotated[
    Mode,
    Field(description="std (faster, cheaper), pro (higher quality) or 4k (kling-v3 / kling-v3-omni only)."),
]
Ratio = Annotated[AspectRatio, Field(description="Frame shape: 16:9, 9:16 or 1:1.")]
Duration = Annotated[
    int,
    Field(
        ge=3,
        le=15,
        description="Seconds: 5 or 10; any whole number 3-15 on kling-v3 / v3-omni / v3-turbo; 5 on kling-o1.",
    ),
]
GenerateAudio = Annotated[
    bool | None,
    Field(
        description="Also generate a soundtrack (kling-v3, kling-v3-omni, kling-v2-6 pro); unset means no."
    ),
]
NegativePrompt = Annotated[
    str | None, Field(max_length=200, description="What to keep out of the video (up to 200 characters).")
]
CfgScale = Annotated[
    float | None, Field(ge=0, le=1, description="How strictly to follow the prompt, 0 to 1.")
]
CameraControl = Annotated[
    KlingCameraControl | None,
    Field(description="Camera move: a preset type, or type 'simple' with config strengths in [-1, 1]."),
]
ImageList = Annotated[
    list[KlingReferenceImage] | None,
    Field(
        min_length=1,
        max_length=7,
        description="Omni only (kling-o1, kling-v3-omni): reference images, optionally marked as first "
        "or end frame. At most 7 images counting start/end frames, 4 when video_list is given.",
    ),
]
VideoList = Annotated[
    list[KlingReferenceVideo] | None,
    Field(
        min_length=1,
        max_length=1,
        description="Omni only (kling-o1, kling-v3-omni): exactly one reference video.",
    ),
]
StartImage = Annotated[Url, Field(description="Public http(s) URL of the first frame.")]
EndImage = Annotated[
    OptionalUrl, Field(description="Optional public http(s) URL of the last frame (needs a start image).")
]


def _check_duration(model: str, duration: int, field: str = "duration") -> None:
    if model in FREE_DURATION_MODELS:
        require(3 <= duration <= 15, field, f"{model} takes a whole number of seconds from 3 to 15")
    else:
        require(duration in (5, 10), field, f"{model} takes 5 or 10 seconds")


def _check_turbo(model: str, **options: bool) -> None:
    """kling-v3-turbo takes none of the given options (name: whether it was set)."""
    if model == TURBO_MODEL:
        for name, is_set in options.items():
            require(not is_set, name, "kling-v3-turbo does not take it; leave it out")


def _check_4k(model: str, mode: str, field: str = "mode") -> None:
    require(
        mode != "4k" or model in V3_MODELS,
        field,
        f"4k needs model kling-v3 or kling-v3-omni; {model} takes std or pro",
    )


@dataclass(frozen=True)
class VideoExtras:
    """The optional /kling/videos fields text and image generation share, with their combination rules."""

    generate_audio: bool | None
    negative_prompt: str | None
    cfg_scale: float | None
    camera_control: KlingCameraControl | None
    image_list: list[KlingReferenceImage] | None
    video_list: list[KlingReferenceVideo] | None

    def check(
        self, model: str, mode: str, duration: int, start_image_url: str = "", end_image_url: str = ""
    ) -> None:
        """Refuse combinations the upstream rejects, in the order it would find them."""
        if model == "kling-o1":
            require(duration == 5, "duration", "kling-o1 makes 5-second videos only")
            require(mode in ("std", "pro"), "mode", "kling-o1 takes std or pro")
            require(not self.generate_audio, "generate_audio", "kling-o1 cannot generate audio")
        else:
            _check_duration(model, duration)
        _check_4k(model, mode)
        _check_turbo(
            model,
            negative_prompt=given(self.negative_prompt),
            cfg_scale=self.cfg_scale is not None,
            camera_control=self.camera_control is not None,
            end_image_url=bool(end_image_url),
        )
        require(
            not (mode == "4k" and self.camera_control is not None),
            "camera_control",
            "camera control cannot be combined with mode 4k",
        )

        images = self.image_list or []
        videos = self.video_list or []
        references = bool(images or videos)
        if references:
            require(
                model in OMNI_MODELS,
                "image_list" if images else "video_list",
                f"reference media needs model kling-o1 or kling-v3-omni, not {model}",
            )
        if model == "kling-o1" or references:
            for name, is_set in (
                ("negative_prompt", given(self.negative_prompt)),
                ("cfg_scale", self.cfg_scale is not None),
                ("camera_control", self.camera_control is not None),
            ):
                require(
                    not is_set,
                    name,
                    "Omni generation (kling-o1 or reference media) does not take it; leave it out",
                )
        if references:
            require(mode != "4k", "mode", "4k cannot be combined with image_list or video_list")

        limit = 4 if videos else 7
        count = bool(start_image_url) + bool(end_image_url) + len(images)
        with_video = " when a reference video is given" if videos else ""
        require(count <= limit, "image_list", f"at most {limit} images counting start/end frames{with_video}")
        first_frames = bool(start_image_url) + sum(i.type == "first_frame" for i in images)
        end_frames = bool(end_image_url) + sum(i.type == "end_frame" for i in images)
        require(
            first_frames <= 1 and end_frames <= 1,
            "image_list",
            "give at most one first frame and one end frame (start_image_url and end_image_url count)",
        )
        require(not (end_frames and not first_frames), "image_list", "an end frame needs a first frame too")

        if videos:
            require(
                not self.generate_audio, "generate_audio", "cannot generate audio together with video_list"
            )
            require(
                not (videos[0].refer_type == "base" and (first_frames or end_frames)),
                "video_list",
                "a base video (refer_type 'base') cannot be combined with first or end frames",
            )

    def fields(self) -> JSON:
        """The fields for `present(...)`, which leaves the unset ones out (a cfg_scale of 0 is sent)."""
        return {
            "generate_audio": self.generate_audio or None,  # sent only when true
            "negative_prompt": self.negative_prompt,
            "cfg_scale": self.cfg_scale,
            "camera_control": _json(self.camera_control),
            "image_list": [_json(i) for i in self.image_list or []],
            "video_list": [v.model_dump(mode="json") for v in self.video_list or []],
        }


def _json(model: BaseModel | None) -> JSON | None:
    return None if model is None else model.model_dump(mode="json", exclude_none=True)


def _video(
    action: str,
    prompt: str,
    model: str,
    mode: str,
    aspect_ratio: str,
    duration: int,
    callback_url: str | None,
    extras: VideoExtras,
    **frames: str,
) -> Submit:
    """A /kling/videos request from text or images: the shared fields, the frames, then the extras."""
    body = present(
        action=action,
        model=model,
        prompt=prompt,
        mode=mode,
        aspect_ratio=aspect_ratio,
        duration=duration,
        callback_url=callback_url,
        **frames,
        **extras.fields(),
    )
    return Submit(VIDEOS, body)


@server.submit_tool("Generate Kling video from text")
def kling_generate_video(
    prompt: Prompt,
    model: Model = DEFAULT_MODEL,
    mode: VideoMode = DEFAULT_MODE,
    aspect_ratio: Ratio = DEFAULT_ASPECT_RATIO,
    duration: Duration = DEFAULT_DURATION,
    generate_audio: GenerateAudio = None,
    negative_prompt: NegativePrompt = None,
    cfg_scale: CfgScale = None,
    camera_control: CameraControl = None,
    image_list: ImageList = None,
    video_list: VideoList = None,
    callback_url: OptionalCallbackUrl = None,
) -> Submit:
    """Start a Kling video from a text prompt. With kling-o1 or kling-v3-omni, image_list and
    video_list add reference media (then negative_prompt, cfg_scale and camera_control are not taken).
    Returns a task_id right away; a video usually takes 1-5 minutes."""
    extras = VideoExtras(generate_audio, negative_prompt, cfg_scale, camera_control, image_list, video_list)
    extras.check(model, mode, duration)
    return _video("text2video", prompt, model, mode, aspect_ratio, duration, callback_url, extras)


@server.submit_tool("Generate Kling video from an image")
def kling_generate_video_from_image(
    prompt: Prompt,
    start_image_url: StartImage,
    end_image_url: EndImage = "",
    model: Model = DEFAULT_MODEL,
    mode: VideoMode = DEFAULT_MODE,
    aspect_ratio: Ratio = DEFAULT_ASPECT_RATIO,
    duration: Duration = DEFAULT_DURATION,
    generate_audio: GenerateAudio = None,
    negative_prompt: NegativePrompt = None,
    cfg_scale: CfgScale = None,
    camera_control: CameraControl = None,
    image_list: ImageList = None,
    video_list: VideoList = None,
    callback_url: OptionalCallbackUrl = None,
) -> Submit:
    """Start a Kling video that opens on start_image_url and, optionally, lands on end_image_url,
    animated as the prompt describes. End frames are not supported by every model and mode.
    Returns a task_id right away."""
    extras = VideoExtras(generate_audio, negative_prompt, cfg_scale, camera_control, image_list, video_list)
    extras.check(model, mode, duration, start_image_url, end_image_url)
    frames = {"start_image_url": start_image_url, "end_image_url": end_image_url}
    return _video("image2video", prompt, model, mode, aspect_ratio, duration, callback_url, extras, **frames)


@server.submit_tool("Extend a Kling video")
def kling_extend_video(
    video_id: Annotated[
        str,
        Field(min_length=1, max_length=200, description="video_id of a finished Kling video to continue."),
    ],
    prompt: Prompt,
    model: Model = DEFAULT_MODEL,
    mode: VideoMode = DEFAULT_MODE,
    duration: Duration = DEFAULT_DURATION,
    negative_prompt: NegativePrompt = None,
    cfg_scale: CfgScale = None,
    callback_url: OptionalCallbackUrl = None,
) -> Submit:
    """Continue an existing Kling video (its video_id comes from a finished task) with a new prompt.
    Not available on kling-o1. Returns a task_id right away."""
    require(model != "kling-o1", "model", "kling-o1 cannot extend videos; choose another model")
    _check_duration(model, duration)
    _check_4k(model, mode)
    _check_turbo(model, negative_prompt=given(negative_prompt), cfg_scale=cfg_scale is not None)
    body = present(
        action="extend",
        video_id=video_id,
        prompt=prompt,
        model=model,
        mode=mode,
        duration=duration,
        callback_url=callback_url,
        negative_prompt=negative_prompt,
        cfg_scale=cfg_scale,
    )
    return Submit(VIDEOS, body)


@server.submit_tool("Transfer motion onto a character with Kling")
def kling_generate_motion(
    image_url: Annotated[
        Url, Field(description="Picture of the character to animate (JPG/PNG, at least 300 px).")
    ],
    video_url: Annotated[Url, Field(description="Video whose movement to copy (MP4/MOV, at least 3 s).")],
    character_orientation: Annotated[
        CharacterOrientation,
        Field(
            description="Face the way the image does (video up to 10 s) or the way the video does (up to 30 s)."
        ),
    ] = "image",
    mode: Annotated[MotionMode, Field(description="std or pro (higher quality).")] = "std",
    model_name: Annotated[
        MotionModel | None, Field(description="Optional model: kling-v2-6 or kling-v3.")
    ] = None,
    prompt: Annotated[
        str | None, Field(max_length=2500, description="Optional guidance for the scene.")
    ] = None,
    keep_original_sound: Annotated[
        KeepOriginalSound | None, Field(description="Keep the motion video's audio (upstream default: yes).")
    ] = None,
    watermark_info: Annotated[
        dict[str, Any] | None, Field(description='Watermark settings sent as given, e.g. {"enabled": false}.')
    ] = None,
    callback_url: OptionalCallbackUrl = None,
) -> Submit:
    """Make the character in image_url perform the movement of the person in video_url.
    Returns a task_id right away."""
    body = present(
        image_url=image_url,
        video_url=video_url,
        character_orientation=character_orientation,
        mode=mode,
        callback_url=callback_url,
        prompt=prompt,
        keep_original_sound=keep_original_sound,
        model_name=model_name,
        watermark_info=watermark_info,
    )
    return Submit(MOTION, body)


@server.submit_tool("Lip-sync a video with Kling")
def kling_lip_sync(
    mode: Annotated[
        LipSyncMode,
        Field(description="audio2video = sync to your audio; text2video = sync to speech made from text."),
    ],
    video_url: Annotated[
        NullableUrl,
        Field(description="Video with a face (MP4/MOV, 2-10 s, 720p or 1080p). Or give video_id."),
    ] = None,
    video_id: Annotated[
        str | None, Field(max_length=200, description="Or: video_id of a Kling video from the last 30 days.")
    ] = None,
    audio_url: Annotated[
        NullableUrl, Field(description="audio2video: speech audio URL (mp3/wav/m4a/aac, up to 5 MB).")
    ] = None,
    audio_type: Annotated[
        LipSyncAudioType, Field(description="url = audio_url is used; file = audio_file is used.")
    ] = "url",
    audio_file: Annotated[
        str | None, Field(description="audio2video with audio_type 'file': the audio as base64.")
    ] = None,
    text: Annotated[
        str | None, Field(max_length=120, description="text2video: words to speak, up to 120 characters.")
    ] = None,
    voice_id: Annotated[
        str | None, Field(max_length=200, description="text2video: voice to speak with.")
    ] = None,
    voice_language: Annotated[VoiceLanguage, Field(description="text2video: zh or en.")] = "zh",
    voice_speed: Annotated[
        float | None,
        Field(ge=0.8, le=2.0, description="text2video: speaking speed, 0.8 to 2.0 (upstream default 1.0)."),
    ] = None,
    callback_url: OptionalCallbackUrl = None,
) -> Submit:
    """Make the face in a video speak: to an audio track (audio2video) or to text read by a voice
    (text2video). Give the video as video_url or as the video_id of an earlier Kling video.
    Returns a task_id right away."""
    require(bool(video_url or video_id), "video_url", "give video_url or video_id")
    require(not (video_url and video_id), "video_id", "give video_url or video_id, not both")
    if mode == "audio2video":
        require(bool(audio_url or audio_file), "audio_url", "audio2video needs audio_url or audio_file")
        if audio_type == "file":
            require(bool(audio_file), "audio_file", "audio_type 'file' needs audio_file (base64 audio)")
        else:
            require(bool(audio_url), "audio_type", "set audio_type to 'file' to send audio_file")
    else:
        require(bool(text), "text", "text2video needs the text to speak")
    body = present(
        mode=mode,
        video_url=video_url,
        video_id=video_id,
        audio_url=audio_url,
        audio_type=audio_type if audio_type != "url" else None,
        audio_file=audio_file,
        text=text,
        voice_id=voice_id,
        voice_language=voice_language if voice_language != "zh" else None,
        voice_speed=voice_speed,
        callback_url=callback_url,
    )
    return Submit(LIP_SYNC, body)


@server.submit_tool("Make a talking photo with Kling")
def kling_talking_photo(
    image_url: Annotated[Url, Field(description="Portrait to bring to life.")],
    audio_url: Annotated[Url, Field(description="Speech the portrait should say.")],
    model: Annotated[
        TalkingPhotoModel,
        Field(description="Model for the animation step (kling-v3 models are not offered here)."),
    ] = DEFAULT_TALKING_PHOTO_MODEL,
    duration: Annotated[TalkingPhotoDuration, Field(description="Length in seconds: 5 or 10.")] = 5,
    mode: Annotated[TalkingPhotoMode, Field(description="std or pro (higher quality).")] = "pro",
    prompt: Annotated[
        str | None, Field(max_length=2500, description="Optional notes on expression and movement.")
    ] = None,
    callback_url: OptionalCallbackUrl = None,
) -> Submit:
    """Turn a portrait photo and a speech track into a video of the person speaking (animation, then
    lip-sync). Takes about 4-6 minutes. Returns a task_id right away."""
    body = present(
        image_url=image_url,
        audio_url=audio_url,
        model=model,
        duration=duration,
        mode=mode,
        prompt=prompt,
        callback_url=callback_url,
    )
    return Submit(TALKING_PHOTO, body)


def _check_frames(action: str, start_image_url: str | None, end_image_url: str | None = None) -> None:
    """image2video opens on a start frame; text2video takes no frames (the upstream would ignore them)."""
    if action == "image2video":
        require(bool(start_image_url), "request.start_image_url", "action image2video needs the first frame")
    else:
        for name, url in (("start_image_url", start_image_url), ("end_image_url", end_image_url)):
            require(not url, f"request.{name}", "frames need action image2video; set it or leave them out")
    require(
        not end_image_url or bool(start_image_url),
        "request.end_image_url",
        "an end frame needs a start frame",
    )


def _check_contents(contents: list[ContentItem]) -> None:
    for number, item in enumerate(contents, 1):
        require(
            bool(item.text or item.url or item.voice_id),
            "request.contents",
            f"item {number} ({item.type}) needs its text, url or voice_id",
        )


@server.submit_tool("Generate Kling V3 Turbo video")
def kling_generate_turbo_video(request: TurboVideoRequest) -> Submit:
    """Start a quick kling-v3-turbo video from a prompt, or from a first frame with action image2video:
    720p (std) or 1080p (pro), 3-15 s, always with sound. No end frame, references, negative prompt,
    cfg_scale or camera control. Returns a task_id right away."""
    _check_frames(request.action, request.start_image_url)
    return Submit(VIDEOS, request.body())


@server.submit_tool("Generate Kling multi-shot storyboard video")
def kling_generate_storyboard(request: StoryboardRequest) -> Submit:
    """Start a multi-shot kling-v3 / kling-v3-omni video. shot_type intelligence: give a prompt and Kling
    plans the shots. customize: give multi_prompt, 1-6 shots indexed 1, 2, ... whose durations add up to
    duration. Returns a task_id right away."""
    shots = request.multi_prompt or []
    if request.shot_type == "customize":
        require(bool(shots), "request.multi_prompt", "shot_type customize needs the shots")
        require(
            [shot.index for shot in shots] == list(range(1, len(shots) + 1)),
            "request.multi_prompt",
            "number the shots 1, 2, 3, ... in order",
        )
        total = sum(shot.duration for shot in shots)
        require(
            total == request.duration,
            "request.multi_prompt",
            f"the shots last {total} s but duration is {request.duration} s; they must be equal",
        )
    else:
        require(given(request.prompt), "request.prompt", "shot_type intelligence needs a prompt")
        require(not shots, "request.multi_prompt", "only shot_type customize takes multi_prompt")
    _check_frames(request.action, request.start_image_url, request.end_image_url)
    return Submit(VIDEOS, request.body())


@server.submit_tool("Generate Kling video with saved elements or voices")
def kling_generate_with_assets(request: AssetVideoRequest) -> Submit:
    """Start a video that shows saved platform elements (element_list; kling-v3, kling-v3-omni or
    kling-o1) or speaks with saved voices (voice_list; kling-v2-6, pro, generate_audio true, the prompt
    naming <<<voice_1>>>). Give one of the two lists. The service checks that you may use the ids.
    Returns a task_id right away."""
    model, mode = request.model, request.mode
    require(
        bool(request.element_list) != bool(request.voice_list),
        "request.element_list",
        "give element_list or voice_list, exactly one of them",
    )
    if request.element_list:
        require(model != "kling-v2-6", "request.model", "elements need kling-v3, kling-v3-omni or kling-o1")
    if request.voice_list:
        require(model == "kling-v2-6", "request.model", "voices need model kling-v2-6")
        require(mode == "pro", "request.mode", "voices need mode pro")
        require(request.generate_audio, "request.generate_audio", "voices need generate_audio true")
        named = [int(n) for n in re.findall(r"<<<voice_(\d+)>>>", request.prompt)]
        require(
            bool(named) and all(1 <= n <= len(request.voice_list) for n in named),
            "request.prompt",
            f"name voices in the prompt as <<<voice_N>>>, N from 1 to {len(request.voice_list)}",
        )
    if model == "kling-o1":
        require(request.duration == 5, "request.duration", "kling-o1 makes 5-second videos only")
        require(not request.generate_audio, "request.generate_audio", "kling-o1 cannot generate audio")
    else:
        _check_duration(model, request.duration, "request.duration")
    _check_4k(model, mode, "request.mode")
    _check_frames(request.action, request.start_image_url, request.end_image_url)
    return Submit(VIDEOS, request.body())


@server.submit_tool("Make a Kling product studio video")
def kling_goods_studio(request: GoodsStudioRequest) -> Submit:
    """Start a product showcase video from tagged inputs in contents, typically ref_image items (product
    photo URLs) and a goods_title text, plus goods_description, goods_selling_point or goods_price
    texts. settings picks 15, 30 or 60 s, the frame shape and 720p or 1080p. Returns a task_id right away."""
    _check_contents(request.contents)
    return Submit(GOODS_STUDIO, request.body())


@server.submit_tool("Make a Kling presenter or product voiceover video")
def kling_video_commerce(request: VideoCommerceRequest) -> Submit:
    """Start a selling video in which a presenter (avatar_image URL or avatar_id) or the product itself
    speaks a speech_script text; settings set the voice, speech rate, music, frame shape and resolution.
    Returns a task_id right away."""
    _check_contents(request.contents)
    rate = request.settings.speech_rate
    require(
        rate is None or rate in SPEECH_RATES,
        "request.settings.speech_rate",
        "use 0.8, 1.0 or 1.2",
    )
    return Submit(VIDEO_COMMERCE, request.body())


server.reference(
    "kling_list_models",
    "List Kling models",
    "Kling models, modes, durations and aspect ratios, with the defaults in effect on this server.",
    guides.models_text,
)


server.reference(
    "kling_list_actions",
    "List Kling tools and workflows",
    "Which Kling tool to use for what, with typical workflows and tips.",
    guides.ACTIONS,
)


server.guide(
    "kling_video_generation_guide",
    "Kling video generation guide",
    "How to choose a Kling tool and follow a job to its video.",
    guides.GENERATION_GUIDE,
)


server.guide(
    "kling_workflow_examples",
    "Kling workflow examples",
    "Worked Kling workflows from request to finished video.",
    guides.WORKFLOWS,
)


server.guide(
    "kling_prompt_suggestions",
    "Kling prompt suggestions",
    "How to write Kling prompts, negative prompts and camera moves, and which model to pick.",
    guides.PROMPT_GUIDE,
)
