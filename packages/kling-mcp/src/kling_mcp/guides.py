"""Reference texts for Kling's info tools and prompts (written for the agent that reads them)."""

from __future__ import annotations

from . import models

MODEL_NOTES = (
    ("kling-v1", "first generation; simple clips at the lowest cost"),
    ("kling-v1-6", "improved v1; steadier motion"),
    ("kling-v2-master", "V2 master; high quality with balanced cost, a good general choice"),
    ("kling-v2-1-master", "V2.1 master; more detail and consistency"),
    ("kling-v2-5-turbo", "V2.5 turbo; quickest turnaround with good quality"),
    ("kling-v2-6", "V2.6; latest V2 refinements, audio in pro mode"),
    ("kling-v3", "V3; 3-15 s, 4k mode, audio"),
    ("kling-v3-turbo", "V3 Turbo; fast 720p (std) or 1080p (pro), 3-15 s, always with sound"),
    ("kling-v3-omni", "V3 Omni; like v3, plus image_list / video_list references"),
    ("kling-o1", "O1 Omni; reference-driven generation, 5 s, std or pro"),
)


def models_text() -> str:
    rows = "\n".join(
        f"| {name}{' *' if name == models.DEFAULT_MODEL else ''} | {note} |" for name, note in MODEL_NOTES
    )
    return f"""Kling models (the default in effect on this server is marked *)

| model | what it is good for |
|---|---|
{rows}

Video options (kling_generate_video, _from_image, _extend_video)
- mode: std (faster, cheaper), pro (higher quality), 4k (kling-v3 and kling-v3-omni only, no camera
  control); default {models.DEFAULT_MODE}
- duration: 5 or 10 s; any whole number from 3 to 15 on kling-v3 / kling-v3-omni / kling-v3-turbo;
  5 only on kling-o1; default {models.DEFAULT_DURATION}
- aspect_ratio: 16:9, 9:16 or 1:1; default {models.DEFAULT_ASPECT_RATIO}
- generate_audio: kling-v3, kling-v3-omni, and kling-v2-6 in pro mode
- image_list / video_list: kling-o1 and kling-v3-omni only; up to 7 images (4 with a video)
- kling-v3-turbo: std or pro, 3-15 s, always with sound; no end frame, references, negative_prompt,
  cfg_scale or camera_control

Tools that take one `request` object (defaults: mode std, 16:9, 5 s)
- kling_generate_turbo_video: model kling-v3-turbo only
- kling_generate_storyboard: kling-v3 (default) or kling-v3-omni; shot_type intelligence or customize
  (1-6 shots whose durations add up to duration)
- kling_generate_with_assets: element_list with kling-v3 (default), kling-v3-omni or kling-o1;
  voice_list with kling-v2-6, mode pro and generate_audio true
- kling_goods_studio: 15, 30 or 60 s; 9:16, 1:1 or 16:9; 720p (default) or 1080p
- kling_video_commerce: 9:16 (default) or 16:9; 720p (default) or 1080p

Other tools
- kling_generate_motion: model_name kling-v2-6 or kling-v3 (optional), mode std or pro
- kling_talking_photo: kling-v1 to kling-v2-6, default {models.DEFAULT_TALKING_PHOTO_MODEL}; 5 or 10 s; pro by default

Pick kling-v2-master for most work, kling-v3-turbo or kling-v2-5-turbo when speed matters, kling-v3 for
long or 4k clips, kling-o1 / kling-v3-omni to steer a video with reference images or a reference video.
Server defaults come from KLING_DEFAULT_MODEL, KLING_DEFAULT_MODE and KLING_DEFAULT_ASPECT_RATIO."""


ACTIONS = """Kling tools

Make a video (each returns a task_id within a second):
- kling_generate_video: from a text prompt; with kling-o1 / kling-v3-omni also from reference media
- kling_generate_video_from_image: animate a start image, optionally towards an end image
- kling_extend_video: continue a finished video by its video_id
- kling_generate_turbo_video: a fast kling-v3-turbo clip with sound, from text or a first frame
- kling_generate_storyboard: one video of several shots, planned by Kling or listed by you
- kling_generate_with_assets: a video showing saved elements or speaking with saved voices (platform ids)
- kling_goods_studio: a product showcase video from product photos and texts
- kling_video_commerce: a presenter or product voiceover video from a speech script
- kling_generate_motion: make the character in a picture move like the person in a video
- kling_lip_sync: make a face in a video speak an audio track or typed text
- kling_talking_photo: make a portrait photo speak an audio track

Follow a job:
- kling_wait_for_task(task_id): waits server-side and returns when done (best choice)
- kling_get_task(task_id): one status check
- kling_get_tasks_batch(task_ids): many status checks at once

Reference: kling_list_models, kling_list_actions.

Typical flows
1. Text to video: kling_generate_video(prompt) -> kling_wait_for_task(task_id) -> show media[0].url
2. Photo to clip: kling_generate_video_from_image(prompt, start_image_url=...)
3. Longer story: generate, read video_id from the finished task, then kling_extend_video(video_id, prompt)
4. Dance transfer: kling_generate_motion(image_url=<character>, video_url=<dancer>)
5. Dubbing: kling_lip_sync(mode="audio2video", video_id=..., audio_url=...)
6. Talking avatar: kling_talking_photo(image_url=<portrait>, audio_url=<speech>)
7. Several shots: kling_generate_storyboard(request={"prompt": ..., "duration": 10})
8. Product video: kling_goods_studio(request={"contents": [...], "settings": {...}})

The turbo, storyboard, assets, goods studio and commerce tools take one argument, `request`, an object
holding all their fields (as the earlier Kling server does).

Tips: a negative_prompt keeps unwanted things out; mode="pro" gives better quality; mode="4k" works
only with kling-v3 / kling-v3-omni and not with camera control; most videos take 1-5 minutes
(talking photos about 4-6); pass callback_url when your system can receive webhooks."""


GENERATION_GUIDE = """Choosing a Kling tool
- Only a description? kling_generate_video.
- Have a picture for the opening shot (and maybe the closing one)? kling_generate_video_from_image.
- Want to steer with several images or a reference clip? kling_generate_video with model kling-o1 or
  kling-v3-omni and image_list / video_list; name them in the prompt as <<<image_1>>>, <<<video_1>>>.
- Need more of a finished video? kling_extend_video with its video_id.
- Want a character to copy someone's moves? kling_generate_motion.
- Need a face to speak? kling_lip_sync (existing video) or kling_talking_photo (still portrait).
- In a hurry, and sound is welcome? kling_generate_turbo_video.
- A little story in several shots? kling_generate_storyboard.
- Own platform element or voice ids? kling_generate_with_assets.
- Selling a product? kling_goods_studio (showcase) or kling_video_commerce (presenter or voiceover).

Every tool returns a task_id immediately. Then call kling_wait_for_task(task_id); if it comes back
unfinished, call it again. A finished task has status "succeeded" and media[].url; the record's
video_id feeds kling_extend_video and kling_lip_sync.

Rules the server checks before sending: 5 or 10 s on most models, 3-15 s on kling-v3 / v3-omni / v3-turbo,
5 s on kling-o1; 4k only on kling-v3 / kling-v3-omni; reference media only on kling-o1 /
kling-v3-omni, and then no negative_prompt, cfg_scale or camera_control."""


WORKFLOWS = """Kling workflows

1. Quick clip
   kling_generate_video(prompt="A red kite climbing over sand dunes, late afternoon light")
   -> kling_wait_for_task(task_id) -> share media[0].url

2. Bring a photo to life
   kling_generate_video_from_image(prompt="Steam curls from the cup as rain streaks the window",
                                   start_image_url="https://example.com/cafe.jpg")

3. Opening and closing frame
   kling_generate_video_from_image(prompt="The seedling grows into a flowering plant",
       start_image_url="https://example.com/seed.jpg", end_image_url="https://example.com/flower.jpg",
       mode="pro")

4. Reference-driven scene
   kling_generate_video(prompt="<<<image_1>>> walks through the market from <<<image_2>>>",
       model="kling-o1", image_list=[{"image_url": "https://example.com/hero.png"},
                                     {"image_url": "https://example.com/market.png"}])

5. A longer story
   kling_generate_video(prompt=...) -> wait -> kling_extend_video(video_id=<from the task>,
                                                                  prompt="The camera follows her inside")

6. Character animation
   kling_generate_motion(image_url="https://example.com/robot.png",
                         video_url="https://example.com/dance.mp4", mode="pro")

7. Speaking avatar
   kling_talking_photo(image_url="https://example.com/portrait.jpg",
                       audio_url="https://example.com/greeting.mp3")

8. A storyboard you write shot by shot
   kling_generate_storyboard(request={"shot_type": "customize", "duration": 8, "multi_prompt": [
       {"index": 1, "prompt": "A lighthouse at dusk, wide shot", "duration": 3},
       {"index": 2, "prompt": "Its lamp flares on, close-up", "duration": 5}]})

9. Product showcase
   kling_goods_studio(request={
       "contents": [{"type": "ref_image", "url": "https://example.com/kettle.jpg"},
                    {"type": "goods_title", "text": "Copper pour-over kettle"}],
       "settings": {"aspect_ratio": "9:16", "duration": 15}})"""


PROMPT_GUIDE = """Writing Kling prompts
Structure: subject + action + setting + style + lighting + camera movement.

Examples
- Cinematic: "An old fisherman mends a net on a wooden pier at dawn, mist on the water, slow push-in"
- Nature: "A hummingbird hovers at a hibiscus flower, macro, shallow depth of field"
- Product: "A glass perfume bottle turns on a mirrored surface, soft rim light, orbiting camera"
- Animation: "A paper-craft fox trots through a folded-paper forest, stop-motion feel"

Negative prompts (up to 200 characters): "blurry, distorted faces, extra limbs, text, watermark".

Camera control (camera_control)
- simple: set config strengths in [-1, 1] for horizontal, vertical, pan, tilt, roll, zoom
- down_back: descend and pull back
- forward_up: move forward and rise
- left_turn_forward / right_turn_forward: turn while moving forward

Which model
- kling-v2-master: balanced quality, the usual choice
- kling-v2-5-turbo: fastest
- kling-v2-1-master: most detail among V2 models
- kling-v3 / kling-v3-omni: 3-15 s, 4k, generated audio
- kling-v3-turbo: quick 720p / 1080p clips with sound (kling_generate_turbo_video)
- kling-o1: reference images or video steer a 5 s clip

Avoid several unrelated actions in one prompt and vague words like "nice" or "cool"."""
