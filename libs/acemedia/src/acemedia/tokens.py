"""What an API token may look like, and how to hide one that an upstream reply echoes.

Redaction works on parsed values, never on the raw reply, so a short token cannot corrupt keys or
ids; it also covers the escaped forms (JSON, URL, HTML) in which an echo may arrive.
"""

from __future__ import annotations

import functools
import html
import json
import re
import urllib.parse
from typing import Any

MASK = "***"
# a token at least this long cannot occur by chance inside an id, so it is hidden wherever it appears
SUBSTRING_MIN = 12
# characters that continue an id or a word: a short token is hidden only where none touches it
_WORD = r"[A-Za-z0-9_\-.]"


def token_problem(token: str) -> str | None:
    """Why `token` cannot be an AceDataCloud token, or None when it is plausible."""
    if not token:
        return "is empty"
    if any(c.isspace() for c in token):
        return "contains whitespace"
    if not token.isascii():
        return "contains non-ASCII characters"
    if not token.isprintable():
        return "contains control characters"
    return None


def _forms(token: str) -> list[str]:
    escaped = json.dumps(token)[1:-1]
    forms = {
        token,
        escaped,
        escaped.replace("/", "\\/"),
        json.dumps(token, ensure_ascii=False)[1:-1],
        urllib.parse.quote(token, safe=""),
        urllib.parse.quote_plus(token),
        html.escape(token),
    }
    return sorted(forms, key=len, reverse=True)  # longest first, so no form is left half-replaced


class Redactor:
    """Hides one token in text and in parsed JSON values."""

    def __init__(self, token: str) -> None:
        self._forms = _forms(token) if token else []
        self._short = [f for f in self._forms if len(f) < SUBSTRING_MIN]
        self._pattern = (
            re.compile(f"(?<!{_WORD})(?:{'|'.join(re.escape(f) for f in self._short)})(?!{_WORD})")
            if self._short
            else None
        )

    def text(self, value: str) -> str:
        for form in self._forms:
            if len(form) >= SUBSTRING_MIN:
                value = value.replace(form, MASK)
        if self._pattern is not None:
            value = self._pattern.sub(MASK, value)
        return value

    def absent_from(self, raw: str) -> bool:
        """True when `raw` (a reply's text, with no escapes) cannot hold the token in any form, so
        neither it nor the values parsed from it need redacting."""
        return "\\" not in raw and not any(form in raw for form in self._forms)

    def values(self, data: Any) -> Any:
        """`data` with every string value redacted; keys are left as they are."""
        if isinstance(data, str):
            return self.text(data)
        if isinstance(data, dict):
            return {key: self.values(value) for key, value in data.items()}
        if isinstance(data, list):
            return [self.values(value) for value in data]
        return data


@functools.lru_cache(maxsize=64)
def redactor_for(token: str) -> Redactor:
    """One `Redactor` per token, built once (a process serves one token, or a few callers' in HTTP mode)."""
    return Redactor(token)
