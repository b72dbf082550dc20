"""Reference texts for Luma's info tools and prompts (written for the agent that reads them)."""

from __future__ import annotations

from . import models

# ratio, name, where it fits
ASPECT_RATIOS: tuple[tuple[str, str, str], ...] = (
    ("16:9", "widescreen", "YouTube, television, slides and most desktop viewing"),
    ("9:16", "vertical", "TikTok, Instagram Reels, YouTube Shorts, phone screens"),
    ("1:1", "square", "feed posts on Instagram and other social networks"),
    ("4:3", "classic TV", "older broadcast look, presentations"),
    ("3:4", "classic portrait", "portrait photography framing, some social formats"),
    ("21:9", "ultrawide", "cinematic letterbox, film-style scenes"),
    ("9:21", "ultra-tall", "unusual tall displays and vertical banners"),
)


def aspect_ratios_text() -> str:
    rows = "\n".join(
        f"| {ratio}{' *' if ratio == models.DEFAULT_ASPECT_RATIO else ''} | {name} | {use} |"
        for ratio, name, use in ASPECT_RATIOS
    )
    return f"""Luma aspect ratios (* = default on this server: {models.DEFAULT_ASPECT_RATIO})

| aspect_ratio | shape | good for |
|---|---|---|
{rows}

Rule of thumb: 16:9 unless the video is meant for phones first, then 9:16.
The aspect_ratio parameter applies to luma_generate_video and luma_generate_video_from_image;
the extend tools take no aspect_ratio and build on the clip they continue.
The server default comes from LUMA_DEFAULT_ASPECT_RATIO."""


ACTIONS = """Luma tools

Start a video (each returns a task_id right away):
- luma_generate_video: from a text prompt alone
- luma_generate_video_from_image: from a first frame, a last frame, or both (a transition)
- luma_extend_video: continue an earlier Luma clip by its video_id
- luma_extend_video_from_url: continue a clip given by its URL

Follow a video:
- luma_wait_for_task(task_id): waits on the server side and returns once the job is done (preferred)
- luma_get_task(task_id): a single status check
- luma_get_tasks_batch(task_ids): check several jobs in one call

Reference: luma_list_aspect_ratios, luma_list_actions.

Typical flows
1. Quick clip: luma_generate_video(prompt) -> luma_wait_for_task(task_id) -> show media[0].url
2. Animate a still: luma_generate_video_from_image(prompt, start_image_url="https://...")
3. Morph between two pictures: luma_generate_video_from_image(prompt, start_image_url=..., end_image_url=...)
4. Longer video: generate, read video_id from the finished task, then luma_extend_video(video_id, prompt);
   repeat with each new video_id to keep adding footage
5. Vertical clip: luma_generate_video(prompt, aspect_ratio="9:16")

Tips: say how things move and what the footage should look like, not only what is in it; a job
usually finishes in one to two minutes; in production, pass callback_url to be notified by webhook."""


def generation_guide() -> str:
    return f"""Choosing a Luma tool
- Only an idea in words? luma_generate_video.
- A picture that should start the clip? luma_generate_video_from_image with start_image_url.
- A picture the clip should arrive at? luma_generate_video_from_image with end_image_url.
- Two pictures to bridge? pass both start_image_url and end_image_url.
- A clip that is too short? luma_extend_video with its video_id, or luma_extend_video_from_url with
  its URL.
- Checking progress? luma_wait_for_task, luma_get_task or luma_get_tasks_batch.

How a job runs: the generation tool answers at once with a task_id. Call luma_wait_for_task(task_id)
and call it again if it returns before the job is done. A finished task has status "succeeded" and
the video in media[].url; the upstream record also carries the video_id used for extending.
Most jobs take one to two minutes.

Parameters worth knowing
- aspect_ratio: default here is {models.DEFAULT_ASPECT_RATIO}; use 9:16 for vertical phone video.
- loop=true: the clip ends where it began, for seamless repeats (backgrounds, banners).
- enhancement=true (default): the upstream rewrites the prompt for better results; turn it off
  when the wording must be taken literally.
- callback_url: optional webhook that receives the result when the job ends."""


WORKFLOWS = """Luma workflows

1. Fast text-to-video
   luma_generate_video(prompt="Lanterns drifting up over a dark lake, slow upward tilt")
   -> luma_wait_for_task(task_id) -> share media[0].url

2. Bring a still image to life
   luma_generate_video_from_image(prompt="The flag ripples as clouds race past",
                                  start_image_url="https://example.com/castle.jpg")

3. Transition between two images
   luma_generate_video_from_image(prompt="Seasons change from winter to spring",
       start_image_url="https://example.com/winter.jpg",
       end_image_url="https://example.com/spring.jpg")

4. Make a clip longer
   luma_generate_video(prompt="A hot-air balloon lifts off at dawn")
   -> luma_wait_for_task(task_id) -> note the video_id in the result
   -> luma_extend_video(video_id="<video_id>", prompt="The balloon drifts over rolling vineyards")
   -> repeat with the newest video_id for more length

5. Vertical clip for phones
   luma_generate_video(prompt="Barista pouring latte art, close-up", aspect_ratio="9:16")

Extending footage you did not make with Luma: luma_extend_video_from_url(video_url=..., prompt=...)."""


PROMPT_SUGGESTIONS = """Writing prompts for Luma

Build the prompt from these parts
- subject: who or what the shot is about
- action: what moves and how (speed, direction)
- setting: where and when (place, weather, time of day)
- look: visual style, colour palette, lighting
- camera: how the view moves

Examples by kind
- Landscape: "Mist sliding through a canyon at first light, slow aerial push forward, soft gold tones"
- Character: "An old fisherman mending a net on a pier, gentle handheld framing, overcast light"
- Product: "A glass perfume bottle spinning on black velvet, rim light, macro detail"
- Abstract: "Ink clouds blooming in water, swirling teal and magenta, extreme slow motion"
- City: "Rain-slick neon street at night, reflections shimmering, camera gliding at knee height"

Camera words: dolly in / out, pan left / right, tilt up / down, orbit, crane up, tracking shot,
aerial, handheld, static locked-off shot, zoom.
Subject motion words: drifting, swaying, bursting, unfolding, rippling, sprinting, slow motion,
time-lapse.
Style words: cinematic, photorealistic, documentary, anime, watercolour, claymation, film grain,
golden hour, moody low-key lighting, pastel.

Tips
- One clear scene per prompt; several unrelated events in a few seconds turn muddy.
- Describe motion explicitly; a still description gives a nearly still video.
- With key frames, describe the change between them rather than repeating what the images show.
- When extending, describe only what happens next.
- Concrete words beat vague praise such as "beautiful" or "amazing"."""
