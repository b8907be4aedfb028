"""envelint: API documentation as the contract for response payloads.

The public API (docs/api.md) is what ``__all__`` lists. It is imported on first use, so that
``import envelint`` stays cheap (the command line and the pytest plugin import it too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from envelint.api import (
        CheckedAgainst,
        Contract,
        DocRow,
        EnvelintError,
        Exchange,
        Finding,
        Severity,
        exchange_of,
        lint,
    )

__all__ = [
    "CheckedAgainst",
    "Contract",
    "DocRow",
    "EnvelintError",
    "Exchange",
    "Finding",
    "Severity",
    "__version__",
    "exchange_of",
    "lint",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from importlib import import_module

        return getattr(import_module("envelint.api"), name)
    raise AttributeError(f"module 'envelint' has no attribute {name!r}")
