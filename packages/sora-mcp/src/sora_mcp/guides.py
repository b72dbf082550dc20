"""Reference texts for Sora's info tools and prompts (written for the agent that reads them)."""

from __future__ import annotations

from . import models


def models_text() -> str:
    return f"""Sora models (defaults in effect on this server are marked *)

| model | v1 durations | v2 durations | notes |
|---|---|---|---|
| sora-2{" *" if models.DEFAULT_MODEL == "sora-2" else ""} | 10, 15 s | 4, 8, 12 s | standard quality, lower cost |
| sora-2-pro{" *" if models.DEFAULT_MODEL == "sora-2-pro" else ""} | 10, 15, 25 s | 4, 8, 12 s | best quality; the only model for 25 s |

v1 channel (sora_generate_video, _from_image, _with_character, _async)
- size: small (SD) or large (HD); default {models.DEFAULT_SIZE}
- duration: 10, 15 or 25 s; default {models.DEFAULT_DURATION}
- orientation: landscape (16:9) or portrait (9:16); default {models.DEFAULT_ORIENTATION}

v2 channel (sora_generate_video_v2, _v2_async)
- size: 1280x720 (landscape HD), 720x1280 (portrait HD), 1792x1024 (wide), 1024x1792 (tall);
  default {models.DEFAULT_RESOLUTION}
- duration: 4, 8 or 12 s; default {models.DEFAULT_SECONDS}
- image_urls: optional; only the first image is used, and it should have the chosen size

Pick v1 for longer clips and character reuse, v2 for an exact resolution and short clips.
Server defaults come from SORA_DEFAULT_MODEL, SORA_DEFAULT_SIZE, SORA_DEFAULT_DURATION,
SORA_DEFAULT_ORIENTATION, SORA_DEFAULT_SECONDS and SORA_DEFAULT_RESOLUTION."""


ACTIONS = """Sora tools

Start a video (each returns a task_id within a second):
- sora_generate_video: text only (v1)
- sora_generate_video_from_image: text plus reference images (v1)
- sora_generate_video_with_character: reuse a character from a short clip (v1; no real people)
- sora_generate_video_async: v1 with a webhook (callback_url) for the result
- sora_generate_video_v2: exact resolution, 4/8/12 s, optional start image
- sora_generate_video_v2_async: v2 with a webhook

Follow a video:
- sora_wait_for_task(task_id): waits server-side and returns when done (best choice)
- sora_get_task(task_id): one status check
- sora_get_tasks_batch(task_ids): many status checks at once

Reference: sora_list_models, sora_list_actions.

Typical flows
1. Text to video: sora_generate_video(prompt) -> sora_wait_for_task(task_id) -> show media[0].url
2. Portrait clip for social media: sora_generate_video(prompt, orientation="portrait")
3. 25-second film: sora_generate_video(prompt, model="sora-2-pro", duration=25)
4. Exact 1792x1024 clip: sora_generate_video_v2(prompt, size="1792x1024", duration=8)
5. Production pipeline: sora_generate_video_async(prompt, callback_url="https://your.app/hook")

Tips: a job takes about 1-5 minutes; keep the task_id; 25 s needs sora-2-pro; character videos
work on the v1 channel only and must not show real people."""


GENERATION_GUIDE = """Choosing a Sora tool
- Only a description? sora_generate_video.
- Have pictures to build on? sora_generate_video_from_image.
- Want the same character across videos? sora_generate_video_with_character.
- Need an exact pixel size or a 4-12 s clip? sora_generate_video_v2.
- Your system takes webhooks? the *_async variants with callback_url.

Every generation tool returns a task_id immediately. Then call sora_wait_for_task(task_id); if it
comes back unfinished, call it again. The final answer has status "succeeded" and media[].url.
Defaults: model sora-2, 15 s, large, landscape. sora-2-pro is required for 25 s. Do not depict
real people."""


WORKFLOWS = """Sora workflows

1. Quick video
   sora_generate_video(prompt="A paper boat drifting down a rain-soaked street, macro lens")
   -> sora_wait_for_task(task_id) -> share media[0].url

2. Bring a picture to life
   sora_generate_video_from_image(prompt="The lighthouse beam sweeps as waves crash",
                                  image_urls=["https://example.com/lighthouse.jpg"])

3. A recurring character
   sora_generate_video_with_character(prompt="The fox mascot waves at the camera",
       character_url="https://example.com/fox.mp4", character_start=0, character_end=2)

4. Long, high-quality piece
   sora_generate_video(prompt=..., model="sora-2-pro", duration=25, size="large")

5. Exact format on the v2 channel
   sora_generate_video_v2(prompt=..., size="720x1280", duration=8)

Prompt tips: name the subject, what it does, where, the visual style, lighting and camera move."""


PROMPT_GUIDE = """Writing Sora prompts
Structure: subject + action + setting + style + mood + lighting + camera.

Examples
- Cinematic: "A lone rider crosses a salt flat at dusk, wide anamorphic shot, warm haze"
- Nature: "Time-lapse of fog rolling over a pine ridge at sunrise, aerial drift"
- Product: "A matte black watch rotating on a marble plinth, soft studio light, slow dolly in"
- Animation: "A claymation snail racing a leaf down a garden path, playful, handheld feel"

Format by platform
- YouTube, presentations: landscape (v1) or 1280x720 / 1792x1024 (v2)
- TikTok, Reels, Shorts: portrait (v1) or 720x1280 / 1024x1792 (v2)

Length: 10 s for a single beat, 15 s for a short scene, 25 s (sora-2-pro) for a small story.
Avoid: real people, brand logos, several unrelated actions in one prompt, vague words like "nice"."""
