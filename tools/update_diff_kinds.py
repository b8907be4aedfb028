"""Regenerate docs/diff.md's catalogue of change kinds from the registry."""

from pathlib import Path

from envelint.changes.kinds import kinds_as_markdown

START, END = "<!-- kinds:start -->\n", "<!-- kinds:end -->"

page = Path(__file__).resolve().parents[1] / "docs" / "diff.md"
text = page.read_text(encoding="utf-8")
head, rest = text.split(START, 1)
_, tail = rest.split(END, 1)
page.write_text(head + START + kinds_as_markdown() + END + tail, encoding="utf-8")
