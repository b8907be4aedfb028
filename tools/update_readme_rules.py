"""Regenerate the README's rule reference from the rules' own documentation."""

from pathlib import Path

from envelint.rules.catalog import rules_as_markdown

START, END = "<!-- rules:start -->\n", "<!-- rules:end -->"

readme = Path(__file__).resolve().parents[1] / "README.md"
text = readme.read_text(encoding="utf-8")
head, rest = text.split(START, 1)
_, tail = rest.split(END, 1)
readme.write_text(head + START + rules_as_markdown() + END + tail, encoding="utf-8")
