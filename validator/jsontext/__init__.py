"""Reading JSON and almost-JSON text while keeping positions (see lenient.py)."""

from validator.jsontext.lenient import (
    UNKNOWN,
    ParseResult,
    Span,
    SyntaxProblem,
    line_col,
    parse_lenient,
)

__all__ = ["UNKNOWN", "ParseResult", "Span", "SyntaxProblem", "line_col", "parse_lenient"]
