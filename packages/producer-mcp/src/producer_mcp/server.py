"""Producer tools: songs from a description or lyrics, edits of existing songs, lyrics, uploads and exports."""

from __future__ import annotations

from typing import Annotated

from acemedia import (
    OptionalCallbackUrl,
    PollingStyle,
    Provider,
    ProviderServer,
    Submit,
    Url,
    Vocabulary,
    always,
    present,
    prompt_field,
    require,
)
from pydantic import Field

from . import guides
from .models import DEFAULT_MODEL, MAX_INSPIRATION_PROMPT, AudioAction, ProducerModel

PROVIDER = Provider(
    name="producer",
    title="Producer",
    distribution="acemedia-producer-mcp",
    default_timeout=1800,
    # as the existing server: a finished song's polling block is the short one
    polling=PollingStyle(
        done_note="The song is finished: its audio URLs are final and ready to present.", fill_state=True
    ),
    vocabulary=Vocabulary.of(
        {"succeeded", "complete"},
        media_keys=(
            ("audio_url", "audio"),
            ("video_url", "video"),
            ("stems_url", "archive"),
            ("file_url", "audio"),
        ),
        # a lyrics reply's product is its text (`data.text`; older replies: `data.lyrics`)
        result_keys=("text", "lyrics"),
    ),
    instructions=(
        "Make music with Producer (FUZZ models) through AceDataCloud: songs from a description or from "
        "your own lyrics, extensions, covers, variations, vocal or instrumental swaps, section rewrites, "
        "stems, lyrics, WAV and MP4 exports. A song tool returns a task_id at once; then call "
        "producer_wait_for_task (or poll producer_get_task) until the status is succeeded. Only the audio "
        "URLs of a finished task are final: an audio_url seen while the task is still pending is a "
        "streaming preview and may change or expire."
    ),
    example=("producer_generate_music", {"prompt": "An upbeat synth-pop song about a summer road trip"}),
)
server = ProviderServer(PROVIDER)
AUDIOS = "/producer/audios"

InspirationPrompt = Annotated[
    str,
    prompt_field(
        MAX_INSPIRATION_PROMPT,
        "The song in plain words, up to 200 characters: genre, mood, instruments, theme. "
        "Producer writes the lyrics itself.",
    ),
]
Model = Annotated[
    ProducerModel,
    Field(description="FUZZ model: FUZZ-2.0 for most songs, FUZZ-2.0 Pro for the best quality."),
]
Instrumental = Annotated[bool, Field(description="true for music without vocals.")]
LyricsStrength = Annotated[
    float | None, Field(ge=0, le=1, description="0-1: how closely the vocals stick to the lyrics.")
]
SoundStrength = Annotated[
    float | None, Field(ge=0.2, le=1, description="0.2-1: how strongly the style words shape the sound.")
]
Weirdness = Annotated[
    float | None, Field(ge=0, le=1, description="0-1: how unusual the style may get (upstream default 0.5).")
]
Seed = Annotated[str | None, Field(description="A seed string; send the same one again to reproduce a song.")]
AudioId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=200,
        description="The song's id: a data[].id of a finished Producer task, or an uploaded audio_id.",
    ),
]
StylePrompt = Annotated[
    str,
    Field(
        description="Style of the music, e.g. 'dream pop, airy female vocal, 90 bpm'. Empty leaves it to "
        "Producer."
    ),
]
StyleAlias = Annotated[
    str,
    Field(description="Older name of prompt, still accepted. Give one of the two, not two different texts."),
]
# cover and variation keep a separate style next to their prompt (a direction in plain words)
Style = Annotated[
    str,
    Field(
        description="Style tags, e.g. 'dream pop, airy female vocal, 90 bpm'. Empty leaves it to Producer."
    ),
]
Lyric = Annotated[
    str, Field(min_length=1, description="Lyrics with section tags such as [Verse] and [Chorus].")
]
Async = Annotated[
    bool | None,
    Field(
        alias="async",
        description=(
            "Leave unset for the usual background run (a task_id comes back at once). false makes the "
            "upstream answer only when the song is done, which can take minutes; true forces a background "
            "run even with a callback_url."
        ),
    ),
]


def _audio(
    action: AudioAction,
    callback_url: str | None,
    async_: bool | None,
    *,
    prompt: str | None = "",
    lyric: str | None = "",
    **fields: object,
) -> Submit:
    """A request to /producer/audios; unset options (None or "") are left out of the body, except prompt
    and lyric: the upstream's schema requires them on every request, and its docs say to send "" when unused."""
    body = present(
        action=action,
        prompt=always(prompt or ""),
        lyric=always(lyric or ""),
        **fields,
        callback_url=callback_url,
        **{"async": async_},
    )
    return Submit(AUDIOS, body)


def _style_text(prompt: str, style: str) -> str:
    """The style text, given as `prompt` (its name in the newest existing servers) or `style` (its older
    name). Both may be given when they say the same thing."""
    require(
        not (prompt and style and prompt != style),
        "prompt",
        "prompt and style are the same field (style is its older name) but were given different texts; "
        "give one of them",
    )
    return prompt or style


@server.submit_tool("Generate Producer song from a description")
def producer_generate_music(
    prompt: InspirationPrompt,
    model: Model = DEFAULT_MODEL,
    instrumental: Instrumental = False,
    lyrics_strength: LyricsStrength = None,
    sound_strength: SoundStrength = None,
    weirdness: Weirdness = None,
    seed: Seed = None,
    callback_url: OptionalCallbackUrl = None,
    async_: Async = None,
) -> Submit:
    """Start a song from a short description; Producer writes the lyrics (or none, with instrumental).
    Returns a task_id right away; the song is usually ready in 1-3 minutes. Each data[].id of the finished
    task is the audio_id the editing tools take."""
    return _audio(
        "generate",
        callback_url,
        async_,
        prompt=prompt,
        model=model,
        instrumental=instrumental,
        lyrics_strength=lyrics_strength,
        sound_strength=sound_strength,
        weirdness=weirdness,
        seed=seed,
    )


@server.submit_tool("Generate Producer song from lyrics")
def producer_generate_custom_music(
    lyric: Lyric,
    title: Annotated[str, Field(min_length=1, description="The song's title.")],
    prompt: StylePrompt = "",
    style: StyleAlias = "",
    model: Model = DEFAULT_MODEL,
    instrumental: Instrumental = False,
    lyrics_strength: LyricsStrength = None,
    sound_strength: SoundStrength = None,
    weirdness: Weirdness = None,
    seed: Seed = None,
    callback_url: OptionalCallbackUrl = None,
    async_: Async = None,
) -> Submit:
    """Start a song that sings your own lyrics, with a title and optional style tags. See
    producer_get_lyric_format_guide for section tags. Returns a task_id right away."""
    return _audio(
        "generate",
        callback_url,
        async_,
        custom=True,
        lyric=lyric,
        title=title,
        prompt=_style_text(prompt, style),
        model=model,
        instrumental=instrumental,
        lyrics_strength=lyrics_strength,
        sound_strength=sound_strength,
        weirdness=weirdness,
        seed=seed,
    )


@server.submit_tool("Extend Producer song")
def producer_extend_music(
    audio_id: AudioId,
    continue_at: Annotated[
        float, Field(ge=0, description="Second of the original song where the new part starts.")
    ],
    lyric: Annotated[str, Field(description="Lyrics for the new part; empty lets Producer write them.")] = "",
    prompt: StylePrompt = "",
    style: StyleAlias = "",
    model: Model = DEFAULT_MODEL,
    callback_url: OptionalCallbackUrl = None,
    async_: Async = None,
) -> Submit:
    """Continue a song from a chosen second, optionally with new lyrics or style. Chain extensions to build
    a longer track. Returns a task_id right away."""
    return _audio(
        "extend",
        callback_url,
        async_,
        audio_id=audio_id,
        continue_at=continue_at,
        lyric=lyric,
        prompt=_style_text(prompt, style),
        model=model,
    )


CoverPrompt = Annotated[str, Field(description="Optional direction for the new version, in plain words.")]


@server.submit_tool("Cover Producer song")
def producer_cover_music(
    audio_id: AudioId,
    prompt: CoverPrompt = "",
    style: Style = "",
    model: Model = DEFAULT_MODEL,
    callback_url: OptionalCallbackUrl = None,
    async_: Async = None,
) -> Submit:
    """Re-record a song in another style (a cover): same melody and words, new arrangement. Returns a
    task_id right away."""
    return _audio(
        "cover",
        callback_url,
        async_,
        audio_id=audio_id,
        prompt=prompt,
        style=style,
        model=model,
    )


@server.submit_tool("Make a variation of a Producer song")
def producer_variation_music(
    audio_id: AudioId,
    prompt: CoverPrompt = "",
    style: Style = "",
    model: Model = DEFAULT_MODEL,
    callback_url: OptionalCallbackUrl = None,
    async_: Async = None,
) -> Submit:
    """Make a close alternative take of a song, keeping its character. Returns a task_id right away."""
    return _audio(
        "variation",
        callback_url,
        async_,
        audio_id=audio_id,
        prompt=prompt,
        style=style,
        model=model,
    )


SwapAudioId = Annotated[
    str,
    Field(
        max_length=200,
        description="Optional donor song. The upstream's schema and the newest servers send only audio_id.",
    ),
]


def _swap(
    action: AudioAction, audio_id: str, swap_audio_id: str, callback_url: str | None, async_: bool | None
) -> Submit:
    return _audio(action, callback_url, async_, audio_id=audio_id, swap_audio_id=swap_audio_id)


@server.submit_tool("Swap vocals of a Producer song")
def producer_swap_vocals(
    audio_id: Annotated[str, Field(min_length=1, max_length=200, description="Song that keeps its music.")],
    swap_audio_id: SwapAudioId = "",
    callback_url: OptionalCallbackUrl = None,
    async_: Async = None,
) -> Submit:
    """Swap the vocals of a song (audio_id), optionally with those of a donor song (swap_audio_id).
    Returns a task_id right away."""
    return _swap("swap_vocals", audio_id, swap_audio_id, callback_url, async_)


@server.submit_tool("Swap instrumentals of a Producer song")
def producer_swap_instrumentals(
    audio_id: Annotated[str, Field(min_length=1, max_length=200, description="Song that keeps its vocals.")],
    swap_audio_id: SwapAudioId = "",
    callback_url: OptionalCallbackUrl = None,
    async_: Async = None,
) -> Submit:
    """Swap the music of a song (audio_id), optionally with that of a donor song (swap_audio_id).
    Returns a task_id right away."""
    return _swap("swap_instrumentals", audio_id, swap_audio_id, callback_url, async_)


@server.submit_tool("Replace a section of a Producer song")
def producer_replace_section(
    audio_id: AudioId,
    replace_section_start: Annotated[float, Field(ge=0, description="Second where the section starts.")],
    replace_section_end: Annotated[
        float, Field(ge=0, description="Second where it ends; later than replace_section_start.")
    ],
    lyric: Annotated[str | None, Field(description="New lyrics for the section; unset keeps them.")] = None,
    prompt: StylePrompt = "",
    style: StyleAlias = "",
    model: Model = DEFAULT_MODEL,
    callback_url: OptionalCallbackUrl = None,
    async_: Async = None,
) -> Submit:
    """Regenerate one stretch of a song (e.g. a weak chorus), optionally with new lyrics or style; the rest
    stays as it is. Returns a task_id right away."""
    require(
        replace_section_end > replace_section_start,
        "replace_section_end",
        f"must be later than replace_section_start ({replace_section_start:g} s)",
    )
    return _audio(
        "replace_section",
        callback_url,
        async_,
        audio_id=audio_id,
        replace_section_start=replace_section_start,
        replace_section_end=replace_section_end,
        lyric=lyric,
        prompt=_style_text(prompt, style),
        model=model,
    )


@server.submit_tool("Split a Producer song into stems")
def producer_stems_music(
    audio_id: AudioId,
    callback_url: OptionalCallbackUrl = None,
    async_: Async = None,
) -> Submit:
    """Separate a song into its tracks (vocals, drums, bass, ...). The finished task links a zip archive
    (stems_url). Returns a task_id right away."""
    return _audio("stems", callback_url, async_, audio_id=audio_id)


@server.submit_tool("Generate lyrics with Producer")
def producer_generate_lyrics(
    prompt: Annotated[str, Field(min_length=1, description="Theme or story of the lyrics, in plain words.")],
) -> Submit:
    """Write song lyrics with section tags from a theme. Usually answers within seconds with data.text and
    data.title, ready for producer_generate_custom_music; no polling is needed when success is true."""
    return Submit("/producer/lyrics", present(prompt=prompt), background=False)


@server.submit_tool("Upload audio to Producer")
def producer_upload_audio(
    audio_url: Annotated[Url, Field(description="Public http(s) URL of an audio file (e.g. MP3).")],
) -> Submit:
    """Register your own audio with Producer. The reply's data.audio_id can then be used as audio_id by the
    song-editing tools."""
    return Submit("/producer/upload", present(audio_url=audio_url), background=False, product=("audio_id",))


@server.submit_tool("Make a video of a Producer song")
def producer_generate_video(audio_id: AudioId) -> Submit:
    """Render an MP4 of a finished song with its cover art. The reply (or its task) carries video_url."""
    return Submit("/producer/videos", present(audio_id=audio_id), background=False)


@server.submit_tool("Get a WAV of a Producer song")
def producer_generate_wav(audio_id: AudioId) -> Submit:
    """Get a lossless WAV download of a finished song. The reply (or its task) carries the file URL."""
    return Submit("/producer/wav", present(audio_id=audio_id), background=False)


server.reference(
    "producer_list_models",
    "List Producer models",
    "The FUZZ models Producer offers, what each is for, and the default in effect.",
    guides.models_text,
)


server.reference(
    "producer_list_actions",
    "List Producer tools and workflows",
    "Which Producer tool to use for what, with typical workflows.",
    guides.ACTIONS,
)


server.reference(
    "producer_get_lyric_format_guide",
    "Producer lyric format guide",
    "How to lay out lyrics (section tags, line length) so Producer sings them well.",
    guides.LYRIC_FORMAT,
)


server.guide(
    "producer_music_generation_guide",
    "Producer music generation guide",
    "How to pick the right Producer tool and follow a job to its final audio.",
    guides.GENERATION_GUIDE,
)


server.guide(
    "producer_workflow_examples",
    "Producer workflow examples",
    "Worked Producer workflows from idea to finished song.",
    guides.WORKFLOWS,
)


server.guide(
    "producer_prompt_suggestions",
    "Producer prompt suggestions",
    "Words and example descriptions that steer genre, mood, instruments and tempo.",
    guides.PROMPT_SUGGESTIONS,
)
