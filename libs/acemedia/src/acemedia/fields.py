"""Argument types several providers share, with the limits the upstream documents."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field

from .errors import InvalidArgument

URL_PATTERN = r"^https?://\S+$"
MAX_URL_LENGTH = 2048

# an http(s) URL without a description, for fields (often inside request objects) that give their own
MediaUrl = Annotated[str, Field(pattern=URL_PATTERN, max_length=MAX_URL_LENGTH)]
Url = Annotated[MediaUrl, Field(description="A public http(s) URL.")]
# an http(s) URL, or empty for "not given"
OPTIONAL_URL_PATTERN = r"^(https?://\S+)?$"
OptionalUrl = Annotated[str, Field(pattern=OPTIONAL_URL_PATTERN, max_length=MAX_URL_LENGTH)]
# the same, or null: None and "" both leave the field out of the request
NullableUrl = Annotated[str | None, Field(pattern=OPTIONAL_URL_PATTERN, max_length=MAX_URL_LENGTH)]
CALLBACK_PATTERN = OPTIONAL_URL_PATTERN
CALLBACK_DESCRIPTION = "Optional webhook for the final result."
CallbackUrl = Annotated[OptionalUrl, Field(description=CALLBACK_DESCRIPTION)]
OptionalCallbackUrl = Annotated[NullableUrl, Field(description=CALLBACK_DESCRIPTION)]


def is_http_url(text: str) -> bool:
    """Whether `text` has the shape of an http(s) URL (the pattern `Url` checks), for arguments that take
    either a URL or something else."""
    return re.fullmatch(URL_PATTERN, text) is not None


def prompt_field(max_length: int, description: str = "What to generate, in natural language.") -> object:
    return Field(min_length=1, max_length=max_length, description=description)


def require(condition: bool, field: str, problem: str) -> None:
    """Refuse the call before anything is sent when `condition` is false."""
    if not condition:
        raise InvalidArgument(field, problem)
