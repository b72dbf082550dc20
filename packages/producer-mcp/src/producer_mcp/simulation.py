"""The Producer endpoints the simulator serves: songs (with streamed previews), lyrics, uploads, videos, wav.

Registered under the `acemedia.simulations` entry point (see pyproject.toml).
"""

from __future__ import annotations

from acemedia import simulator as sim

PRODUCER_MODELS = ("FUZZ-2.0 Pro", "FUZZ-2.0", "FUZZ-2.0 Raw", "FUZZ-1.1 Pro", "FUZZ-1.0 Pro", "FUZZ-1.0",
                   "FUZZ-1.1", "FUZZ-0.8")  # fmt: skip
PRODUCER_SOURCE_ACTIONS = (
    "cover", "extend", "variation", "swap_vocals", "swap_instrumentals", "replace_section", "stems",
    "upload_cover", "upload_extend", "upload_replace_section", "all_stems",
)  # fmt: skip


def producer_audio_item(ctx: sim.JobContext) -> sim.Item:
    song_id = ctx.ids.uuid()
    if ctx.request.get("action") in ("stems", "all_stems"):
        return {
            "id": song_id,
            "title": ctx.text("title", "Stems"),
            "lyric": "",
            "stems_url": ctx.url("producer", "zip"),
            "model": "",
        }
    instrumental = ctx.request.get("instrumental") is True
    return {
        "id": song_id,
        "title": ctx.text("title") or _title(ctx.text("prompt")) or "Untitled",
        "image_url": ctx.url("producer", "jpg"),
        "lyric": "[Instrumental]" if instrumental else ctx.text("lyric") or _lyrics(ctx.text("prompt")),
        "audio_url": ctx.url("producer", "mp3"),
        "video_url": None,
        "image_id": song_id,
        "topic": None,
        "seed": ctx.text("seed") or ctx.ids.digits(10),
        "sound": sim.strip_markers(ctx.text("prompt") or ctx.text("style")),
        "style": ctx.text("style") or None,
        "created_at": sim.iso(ctx.created_at, "microseconds"),
        "model": ctx.text("model", "FUZZ-2.0"),
        "duration": "181.3014058956916",
    }


def producer_lyrics_item(ctx: sim.JobContext) -> sim.Item:
    prompt = ctx.text("prompt")
    return {"text": _lyrics(prompt), "title": _title(prompt) or "Untitled"}


def producer_upload_item(ctx: sim.JobContext) -> sim.Item:
    return {"audio_id": ctx.ids.uuid(), "lyric": "", "audio_url": ctx.request.get("audio_url")}


def producer_video_item(ctx: sim.JobContext) -> sim.Item:
    return {"video_url": ctx.url("producer", "mp4")}


def producer_wav_item(ctx: sim.JobContext) -> sim.Item:
    return {"title": "Untitled", "file_url": ctx.url("producer", "wav")}


def _title(prompt: str) -> str:
    words = sim.strip_markers(prompt).split()[:4]
    return " ".join(w.capitalize() for w in words)


def _lyrics(prompt: str) -> str:
    theme = sim.strip_markers(prompt)[:60] or "a simulated song"
    return (
        f"[Verse]\nA song about {theme}\nWritten by the simulator\n\n[Chorus]\nSing it once, sing it twice\n"
    )


PRODUCER_AUDIOS = sim.Recipe(
    sim.Style(
        "list",
        "succeeded",
        ("pending",),
        media_keys=("audio_url", "stems_url"),
        done_only=("duration",),
        progress=True,
        preview=True,
    ),
    producer_audio_item,
)
PRODUCER_LYRICS = sim.Recipe(
    sim.Style("object", "complete", ("pending",), state_key="status", trace=False, media_keys=()),
    producer_lyrics_item,
)
PRODUCER_UPLOAD = sim.Recipe(sim.Style("object", None, trace=False, media_keys=()), producer_upload_item)
PRODUCER_VIDEOS = sim.Recipe(sim.Style("object", None), producer_video_item)
PRODUCER_WAV = sim.Recipe(sim.Style("list", None, media_keys=("file_url",)), producer_wav_item)


def _instant(path: str, name: str, recipe: sim.Recipe, field: str, api_id: str) -> sim.Endpoint:
    """An endpoint that answers at once and needs one string field."""
    rules = sim.Rules(needs=(sim.required(field),), types={field: str})
    return sim.Endpoint(path, name, recipe, rules, api_id=api_id, sync_only=True, seconds=0.0)


ENDPOINTS = (
    sim.Endpoint(
        "/producer/audios",
        "audios",
        PRODUCER_AUDIOS,
        sim.Rules(
            keys=("prompt",),
            needs=(
                sim.required("action"),
                sim.need(("prompt", "lyric"), on=sim.when("action", "generate")),
                sim.need(("audio_id",), on=sim.when("action", *PRODUCER_SOURCE_ACTIONS)),
                sim.need(("continue_at",), on=sim.when("action", "extend", "upload_extend")),
                sim.need(
                    ("replace_section_start",),
                    ("replace_section_end",),
                    on=sim.when("action", "replace_section", "upload_replace_section"),
                ),
            ),
            enums={"action": ("generate", *PRODUCER_SOURCE_ACTIONS), "model": PRODUCER_MODELS},
            ranges={
                "lyrics_strength": sim.UNIT,
                "sound_strength": sim.UNIT,
                "weirdness": sim.UNIT,
                "cover_strength": sim.UNIT,
            },
            types={
                "prompt": str,
                "lyric": str,
                "custom": bool,
                "instrumental": bool,
                "seed": str,
                "continue_at": sim.NUMBER,
                "replace_section_start": sim.NUMBER,
                "replace_section_end": sim.NUMBER,
            },
        ),
        api_id="01d96900-9f8c-41d7-814c-95c7a885ba61",
    ),
    _instant("/producer/lyrics", "lyrics", PRODUCER_LYRICS, "prompt", "2f636fdb-faa4-4308-8cef-9258dd14fd90"),
    _instant(
        "/producer/upload", "upload", PRODUCER_UPLOAD, "audio_url", "91fcbb81-8bc9-4ed4-bdfa-0f296b2fec9d"
    ),
    _instant(
        "/producer/videos", "videos", PRODUCER_VIDEOS, "audio_id", "5e06cbdd-ba7d-456d-a211-e3f242adec82"
    ),
    _instant("/producer/wav", "wav", PRODUCER_WAV, "audio_id", "e7cad274-9c48-494c-b7e3-fc1556eea827"),
)
