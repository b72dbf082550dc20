"""Reference texts for Producer's info tools and prompts (written for the agent that reads them)."""

from __future__ import annotations

from . import models

MODELS = (
    ("FUZZ-2.0 Pro", "Pro", "the best sound; for finished, release-quality tracks"),
    ("FUZZ-2.0", "Standard", "the all-rounder; a good first choice for almost any song"),
    ("FUZZ-2.0 Raw", "Raw", "less polished output, for people who mix and master it themselves"),
    ("FUZZ-1.1 Pro", "Pro", "previous generation, high quality"),
    ("FUZZ-1.0 Pro", "Pro", "older generation, high quality"),
    ("FUZZ-1.1", "Standard", "previous generation, improved over 1.0"),
    ("FUZZ-1.0", "Standard", "older generation, dependable"),
    ("FUZZ-0.8", "Legacy", "the first model; basic quality, kept for old projects"),
)


def models_text() -> str:
    rows = "\n".join(
        f"| {name}{' *' if name == models.DEFAULT_MODEL else ''} | {tier} | {use} |"
        for name, tier, use in MODELS
    )
    return f"""Producer models (the default on this server is marked *)

| model | tier | when to use it |
|---|---|---|
{rows}

Start with FUZZ-2.0; switch to FUZZ-2.0 Pro when quality matters most, and to FUZZ-2.0 Raw when
the track will be processed further. The model is chosen per call with `model`; the server default
({models.DEFAULT_MODEL}) comes from PRODUCER_DEFAULT_MODEL.

Tools that take a model: producer_generate_music, producer_generate_custom_music,
producer_extend_music, producer_cover_music, producer_variation_music, producer_replace_section.
The swaps, stems, lyrics, upload, video and WAV tools do not."""


ACTIONS = """Producer tools

New songs (each returns a task_id at once):
- producer_generate_music: from a short description (up to 200 characters); lyrics are written for you
- producer_generate_custom_music: from your own lyrics, with a title and an optional style (prompt)

Working on an existing song (audio_id = a data[].id of a finished task, or an uploaded audio_id):
- producer_extend_music: continue it from a given second (continue_at)
- producer_cover_music: the same song in a new style
- producer_variation_music: a close alternative take
- producer_swap_vocals: new vocals over the music of audio_id (optionally a donor's, swap_audio_id)
- producer_swap_instrumentals: new music under the vocals of audio_id (optionally a donor's, swap_audio_id)
- producer_replace_section: redo the stretch between two seconds, optionally with new lyrics
- producer_stems_music: split it into separate tracks (a zip archive)

Other tools (these usually answer directly, without a background job):
- producer_generate_lyrics: lyrics with section tags from a theme
- producer_upload_audio: bring your own audio file (public URL) and get an audio_id
- producer_generate_video: an MP4 of a song with its cover art
- producer_generate_wav: a lossless WAV of a song

Following a job:
- producer_wait_for_task(task_id): waits server-side and returns when it is done (best choice)
- producer_get_task(task_id): one status check
- producer_get_tasks_batch(task_ids): many status checks at once

Reference: producer_list_models, producer_list_actions, producer_get_lyric_format_guide.

Typical flows
1. Quick song: producer_generate_music(prompt) -> producer_wait_for_task(task_id) -> share media[].url
2. Written lyrics: producer_generate_lyrics(prompt) -> producer_generate_custom_music(lyric=data.text,
   title=data.title, prompt=<style>) -> producer_wait_for_task
3. Longer song: generate -> producer_extend_music(audio_id, continue_at=<near the end>) -> repeat
4. New style: producer_cover_music(audio_id, style="acoustic folk")
5. Mashup: producer_swap_vocals(audio_id=<music>, swap_audio_id=<singer>) or producer_swap_instrumentals
6. Fix a weak part: producer_replace_section(audio_id, replace_section_start=30, replace_section_end=45,
   lyric="[Chorus] ...")
7. Your own recording: producer_upload_audio(audio_url) -> use data.audio_id with the editing tools

A song is final only when its task status is succeeded. While a task is pending, any audio_url you see
is a streaming preview: do not hand it out as the result."""


LYRIC_FORMAT = """Formatting lyrics for Producer

Mark each part of the song with a tag on its own line, then the lines that belong to it:
- [Intro]        optional opening, often instrumental or a few words
- [Verse] or [Verse 1], [Verse 2]   the story; new words each time
- [Pre-Chorus]   a short lift that leads into the chorus
- [Chorus]       the hook; repeat the same words each time it comes back
- [Bridge]       a change of angle or melody before the last chorus
- [Outro]        the ending

A common order:
[Verse 1] -> [Pre-Chorus] -> [Chorus] -> [Verse 2] -> [Chorus] -> [Bridge] -> [Chorus] -> [Outro]

Example
[Verse 1]
Streetlights humming on the avenue
Every window glowing gold and blue

[Chorus]
Hold on, the night is young
Sing it loud with everyone

Tips
- Keep lines short, roughly 4 to 8 words, and of similar length within a section.
- Use plain words that are easy to sing; avoid long lists and tongue twisters.
- Rhyme where you can, above all in the chorus.
- Let each verse build toward the chorus.
- Do not over-write: space between lines gives the melody room.
- producer_generate_lyrics writes lyrics in this format if you want a starting point."""


GENERATION_GUIDE = """Choosing a Producer tool
- Only an idea or a mood? producer_generate_music (description up to 200 characters).
- Have lyrics, or want control over them? producer_generate_lyrics, then producer_generate_custom_music.
- Song too short? producer_extend_music with continue_at near its end.
- Same song, different genre? producer_cover_music. A similar alternative take? producer_variation_music.
- Combine two songs? producer_swap_vocals or producer_swap_instrumentals.
- One part is weak? producer_replace_section between two seconds.
- Need the separate tracks? producer_stems_music. A WAV or an MP4? producer_generate_wav / _video.

Every song tool returns a task_id immediately. Then call producer_wait_for_task(task_id); if it comes
back unfinished, call it again. The job is done only when status is succeeded (the polling block then
says state "complete"). While it is pending or running, an audio_url may already appear: that is a
streaming preview, not the song, so keep waiting. The ids in the finished task's data[] are the
audio_ids the editing tools take.

Models: FUZZ-2.0 is the default and suits most songs; FUZZ-2.0 Pro gives the best quality."""


WORKFLOWS = """Producer workflows

1. Quick song
   producer_generate_music(prompt="Sunny ska tune about missing the last bus, horns and upbeat guitar")
   -> producer_wait_for_task(task_id) -> share the audio URL of each finished song

2. A song from the user's own lyrics
   producer_generate_custom_music(lyric="[Verse]\\n...\\n[Chorus]\\n...", title="Last Bus Home",
                                  prompt="ska punk, brass section, energetic male vocal")

3. A longer track
   producer_generate_music(...) -> wait -> producer_extend_music(audio_id=<data[0].id>,
   continue_at=<a second or two before the end>) -> wait -> extend again as needed

4. A cover
   producer_cover_music(audio_id=<id>, style="slow jazz ballad, brushed drums, upright bass")

5. A vocal mashup
   producer_swap_vocals(audio_id=<song with the music you want>, swap_audio_id=<song with the voice>)

6. Fix one section
   producer_replace_section(audio_id=<id>, replace_section_start=42, replace_section_end=58,
                            lyric="[Chorus]\\nNew words for the hook")

Keep every task_id and audio_id: the editing tools need the ids of finished songs."""


PROMPT_SUGGESTIONS = """Describing music for Producer

Building blocks (mix two to four):
- Genre: pop, rock, indie folk, hip hop, lo-fi, EDM, house, jazz, blues, country, metal, reggae,
  bossa nova, orchestral, synthwave, R&B
- Mood: uplifting, melancholic, dreamy, aggressive, playful, romantic, tense, nostalgic, calm
- Instruments: acoustic guitar, piano, strings, 808 bass, synth pads, brass, violin, banjo, choir
- Tempo: slow ballad, mid-tempo groove, driving, fast, around 120 bpm
- Era and texture: 80s, 90s, vintage tape, modern polished, live room, bedroom production
- Voice: female vocal, male vocal, duet, raspy, breathy, choir; or instrumental=true for none

Example descriptions
- Pop: "Bright summer pop with handclaps and a catchy whistled hook"
- Rock: "Gritty garage rock about a broken-down car, loud drums, shouted chorus"
- Lo-fi: "Rainy-day lo-fi beat with soft piano and vinyl crackle, instrumental"
- Folk: "Gentle acoustic folk lullaby for a newborn, warm female vocal"
- Electronic: "Pulsing synthwave night drive, arpeggiated synths, 110 bpm"

Models: FUZZ-2.0 for everyday use, FUZZ-2.0 Pro for the best result, FUZZ-2.0 Raw for further mixing.

Lyric sections (for producer_generate_custom_music): [Verse] tells the story, [Pre-Chorus] builds
tension, [Chorus] carries the hook, [Bridge] brings contrast, [Intro]/[Outro] open and close."""
