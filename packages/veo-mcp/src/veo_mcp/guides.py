"""Reference texts for Veo's info tools and prompts (written for the agent that reads them)."""

from __future__ import annotations

from . import models


def _mark(value: str, default: str) -> str:
    return " *" if value == default else ""


def models_text() -> str:
    m, r = models.DEFAULT_MODEL, models.DEFAULT_ASPECT_RATIO
    return f"""Veo models (defaults in effect on this server are marked *)

| model | from text | from images | how images are used |
|---|---|---|---|
| veo31{_mark("veo31", m)} | yes | yes | 1 image = opening frame, 2 = opening + closing frame |
| veo31-fast{_mark("veo31-fast", m)} | yes | yes | same as veo31, quicker |
| veo3{_mark("veo3", m)} | yes | yes | opening / closing frame |
| veo3-fast{_mark("veo3-fast", m)} | yes | yes | opening / closing frame, quicker |
| veo31-fast-ingredients{_mark("veo31-fast-ingredients", m)} | no | yes | 1-3 images blended into one scene |

Which to pick
- Fastest turnaround: a -fast model (veo31-fast is the usual choice).
- Best look: veo31 (or veo3).
- Several pictures merged into one shot: veo31-fast-ingredients (images are mandatory).
- Text only: anything except veo31-fast-ingredients.

Aspect ratio: 16:9{_mark("16:9", r)} (landscape) or 9:16{_mark("9:16", r)} (portrait).
resolution (optional on text/image tools): 1080p, 4k (documented for veo31) or gif; when unset the
upstream picks its standard output.

Follow-up tools on a finished video (they take its video id)
- veo_upsample: 1080p, 4k or gif
- veo_extend_video: models veo31-fast (default) or veo31; resolution 720p or 1080p; aspect ratio 16:9 / 9:16
- veo_reshoot: a new camera move (15 motion types)
- veo_video_objects: insert (prompt) or remove (image_mask) an object
- veo_get_1080p: the older 1080p route; pass the model that made the video

Server defaults come from VEO_DEFAULT_MODEL and VEO_DEFAULT_ASPECT_RATIO."""


ACTIONS = """Veo tools

Start a video (each returns a task_id within a second or two):
- veo_text_to_video: from a description
- veo_image_to_video: from 1-3 images plus a description (ingredients model = image fusion)

Work on a finished video (pass its video id: media[].id of the task, i.e. response.data[].id):
- veo_upsample: higher resolution (1080p, 4k) or a GIF
- veo_get_1080p: 1080p only (older route; veo_upsample is the newer one)
- veo_extend_video: add more footage, optionally steered by a prompt
- veo_reshoot: same scene, different camera movement
- veo_video_objects: insert an object (prompt) or remove one (image_mask)
Extended videos can be extended or upsampled again, but not reshot or object-edited.

Follow a job:
- veo_wait_for_task(task_id): waits on the server side and returns when done (best choice)
- veo_get_task(task_id or trace_id): one status check
- veo_get_tasks_batch(task_ids or trace_ids): several at once; with no ids it lists recent
  tasks (offset, limit, type, created_at_min, created_at_max)

Reference: veo_list_models, veo_list_actions, veo_get_prompt_guide.

Task states: running while the video renders, succeeded when the URL is final, failed (with an
error) otherwise. The result's status field already normalises these.

Typical flows
1. Quick clip: veo_text_to_video(prompt) -> veo_wait_for_task(task_id) -> show media[0].url
   -> if wanted, veo_upsample(video_id=media[0].id, action="1080p")
2. Animate a still: veo_image_to_video(prompt, image_urls=[one image])
3. Start-to-end transition: veo_image_to_video(prompt, image_urls=[first, last])
4. Blend references: veo_image_to_video(prompt, image_urls=[a, b, c], model="veo31-fast-ingredients")
5. Longer piece: veo_extend_video(video_id, prompt="what happens next"), repeat as needed

Tips: a clip takes about 1-2 minutes; keep the task_id; only edit or upsample a video after its
task succeeded; give callback_url if your system can receive the result by webhook."""


GENERATION_GUIDE = """Choosing a Veo tool
- Only words? veo_text_to_video.
- One picture to bring to life? veo_image_to_video with one image (it becomes the first frame).
- A start and an end picture? veo_image_to_video with two images.
- Several references to combine? veo_image_to_video with model veo31-fast-ingredients (1-3 images).
- Need a sharper or GIF version of a finished clip? veo_upsample.
- Clip too short? veo_extend_video.
- Want another camera angle or move? veo_reshoot.
- Something to add or erase? veo_video_objects.

Models: veo31 / veo3 for quality, veo31-fast / veo3-fast for speed, veo31-fast-ingredients for
image fusion only. Defaults: veo31-fast, 16:9.

Every tool returns a task_id immediately. Call veo_wait_for_task(task_id); if it returns unfinished,
call it again. The finished result has status "succeeded", media[].url (the video) and media[].id
(the video id the follow-up tools need). Set translation=true for prompts not written in English."""


WORKFLOWS = """Veo workflows

1. Text to video, then a sharper copy
   veo_text_to_video(prompt="A hummingbird hovering at a red flower, slow motion, shallow focus")
   -> veo_wait_for_task(task_id) -> veo_upsample(video_id=<media[0].id>, action="4k")

2. Bring a photo to life
   veo_image_to_video(prompt="Steam curls from the cup as morning light shifts",
                      image_urls=["https://example.com/coffee.jpg"])

3. Morph between two frames
   veo_image_to_video(prompt="The bud slowly opens into a full bloom",
                      image_urls=["https://example.com/bud.jpg", "https://example.com/bloom.jpg"])

4. Fuse references into one shot
   veo_image_to_video(prompt="The robot from image 1 walks through the market from image 2",
                      image_urls=["https://example.com/robot.png", "https://example.com/market.jpg"],
                      model="veo31-fast-ingredients")

5. Polish a finished clip
   veo_reshoot(video_id, motion_type="DOLLY_IN_ZOOM_OUT")      -> a new camera move
   veo_video_objects(video_id, action="insert", prompt="a red kite in the sky")
   veo_video_objects(video_id, action="remove", image_mask="https://example.com/mask.jpg")
   veo_extend_video(video_id, prompt="The camera keeps rising above the clouds")

6. Production setup: pass callback_url="https://your.app/hooks/veo" to receive results by webhook,
   and still keep the task_id for veo_get_task."""


PROMPT_GUIDE = """Writing Veo prompts
Build the sentence from: subject + action + setting + camera + lighting + style.

Examples
- Product: "A glass perfume bottle on wet black stone, droplets sliding down, slow orbit, soft rim light"
- Nature: "Mist drifting through a redwood forest at dawn, sun rays cutting through, slow crane up"
- Portrait: "An elderly fisherman mending a net on a pier, weathered hands in close-up, warm evening light"
- Abstract: "Ink clouds blooming in water in deep blue and gold, macro, slow motion"
- Action: "A mountain biker dropping off a rocky ledge, tracking shot, dust kicking up, midday sun"

Camera: static shot, pan, tilt, zoom in/out, tracking shot, dolly in/out, crane or aerial, handheld,
steadicam glide.
Lighting: golden hour, blue hour, high key, low key, backlit, rim light, natural daylight, studio softbox.
Style: cinematic, documentary, commercial, artistic, vintage film, modern clean, dreamy.

Tips
1. Put the main subject and its action first.
2. One clear action per clip works better than a list of events.
3. Name one camera move; several at once get muddled.
4. Describe light and mood; they shape the whole frame.
5. Choose 9:16 for phone-first platforms, 16:9 for everything else.
6. Writing in another language? Set translation=true."""


STYLE_SUGGESTIONS = """Veo style suggestions

Anatomy of a strong prompt: who or what, doing what, where, seen how (camera), in what light, in
what look.

By use case
- Advertising: clean backgrounds, slow orbit or push-in, studio or rim light, crisp "commercial" look.
- Social clips (9:16): one punchy action, handheld or tracking, bright natural light.
- Storytelling: cinematic look, golden or blue hour, slow dolly or crane, a clear emotional beat.
- Nature and travel: aerial or crane shots, time of day named, documentary style.
- Music and art: abstract motion, bold colour, macro, dreamy or vintage grading.

Camera vocabulary: static, pan left/right, tilt up/down, zoom, tracking, dolly in/out, crane, aerial
drone, handheld, steadicam, over-the-shoulder, close-up, wide establishing shot.
Lighting vocabulary: golden hour, blue hour, overcast soft light, neon night, candlelight, high key,
low key, backlit silhouette, rim light.
Quality words that help: sharp focus, shallow depth of field, film grain, slow motion, smooth motion.

Afterwards you can still change the camera with veo_reshoot, or raise the resolution with
veo_upsample."""
