"""Producer's enums and defaults. The default model can be changed with PRODUCER_DEFAULT_MODEL."""

from __future__ import annotations

from typing import Literal

from acemedia import env_default

ProducerModel = Literal[
    "FUZZ-2.0 Pro",
    "FUZZ-2.0",
    "FUZZ-2.0 Raw",
    "FUZZ-1.1 Pro",
    "FUZZ-1.0 Pro",
    "FUZZ-1.0",
    "FUZZ-1.1",
    "FUZZ-0.8",
]
AudioAction = Literal[
    "generate",
    "extend",
    "cover",
    "variation",
    "swap_vocals",
    "swap_instrumentals",
    "replace_section",
    "stems",
]

DEFAULT_MODEL: ProducerModel = env_default("PRODUCER_DEFAULT_MODEL", "FUZZ-2.0", ProducerModel)

# upstream limit on the inspiration prompt of a plain `generate` request
MAX_INSPIRATION_PROMPT = 200
