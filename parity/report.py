"""The printed report: per provider, the published version and its differences, grouped by kind."""

from __future__ import annotations

from dataclasses import dataclass

from .compare import Comparison, Kind

HEADINGS: tuple[tuple[Kind, str], ...] = (
    ("lacks", "theirs has, ours lacks (a failure)"),
    ("differs", "differs"),
    ("extra", "ours has extra"),
    ("documented", "documented differences (allowed.json)"),
)


@dataclass(frozen=True)
class ProviderResult:
    provider: str
    package: str
    version: str
    their_tools: int
    our_tools: int
    comparison: Comparison


def render(results: list[ProviderResult]) -> str:
    lines: list[str] = []
    for r in results:
        lines.append(
            f"{r.provider}: {r.package} {r.version} ({r.their_tools} tools) against ours ({r.our_tools} tools)"
        )
        for kind, heading in HEADINGS:
            found = r.comparison.of_kind(kind)
            if not found:
                continue
            lines.append(f"  {heading}: {len(found)}")
            for d in found:
                lines.append(f"    - {d.describe()}   [{d.key}]")
                if d.reason:
                    lines.append(f"      why: {d.reason}")
        if r.comparison.stale:
            lines.append(f"  stale allow-list entries (nothing differs any more): {len(r.comparison.stale)}")
            lines.extend(f"    - {key}" for key in r.comparison.stale)
        if not r.comparison.differences:
            lines.append("  no differences")
        lines.append("")
    lines.append("summary:")
    for r in results:
        counts = ", ".join(f"{len(r.comparison.of_kind(k))} {k}" for k, _ in HEADINGS)
        lines.append(f"  {r.provider:<9} {r.package} {r.version}: {counts}")
    failed = [r.provider for r in results if r.comparison.failed]
    lacking = sum(len(r.comparison.of_kind("lacks")) for r in results)
    verdict = (
        f"FAIL: ours lacks {lacking} thing(s) of {', '.join(failed)}" if failed else "ok: ours lacks nothing"
    )
    lines.append(verdict)
    return "\n".join(lines)
