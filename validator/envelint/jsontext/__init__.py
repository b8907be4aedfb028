"""Reading JSON and almost-JSON text while keeping positions (see lenient.py).

The parser loads on first use (PEP 562), so a run whose payloads are all valid never imports it.
"""

from envelint.jsontext.model import UNKNOWN, ParseResult, Span, SyntaxProblem

__all__ = ["UNKNOWN", "ParseResult", "Span", "SyntaxProblem", "line_col", "parse_lenient"]


def __getattr__(name: str) -> object:
    if name in ("line_col", "parse_lenient"):
        from envelint.jsontext import lenient

        return getattr(lenient, name)
    raise AttributeError(f"module 'envelint.jsontext' has no attribute {name!r}")
