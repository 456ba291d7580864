"""Writes a bench's figures into python/README.md between its ``<!-- bench:NAME:start/end -->`` markers.

The README's figures are the benches' own output, never hand-copied numbers.
"""

from __future__ import annotations

from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def write_readme_block(name: str, lines: list[str], readme: Path = README) -> None:
    """Replaces what is between ``<!-- bench:{name}:start -->`` and ``<!-- bench:{name}:end -->``.

    Raises:
        SystemExit: the README lacks either marker (nothing is written).
    """
    start, end = f"<!-- bench:{name}:start -->", f"<!-- bench:{name}:end -->"
    text = readme.read_text()
    if start not in text or end not in text:
        raise SystemExit(f"{readme}: markers {start} / {end} not found")
    head, rest = text.split(start, 1)
    readme.write_text(f"{head}{start}\n" + "\n".join(lines) + f"\n{end}{rest.split(end, 1)[1]}")
