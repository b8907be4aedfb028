"""Findings about envelint's own inputs rather than about payloads."""

from __future__ import annotations

from collections.abc import Iterator

from envelint.common.findings import Severity
from envelint.rules.base import PayloadContext, Violation, rule
from envelint.rules.contract import UNUSED_SUPPRESSION


@rule(
    "U001",
    "unused-suppression",
    Severity.WARNING,
    role=UNUSED_SUPPRESSION,
    selected_by_default=False,
)
def unused_suppression(context: PayloadContext) -> Iterator[Violation]:
    """A suppression matched no finding.

    An ignore-file entry, a baseline count, or an RST ``.. envelint: disable=CODE`` comment that
    no longer suppresses anything is reported where the suppression is written, so stale ones
    get cleaned up instead of hiding the next real problem. (Reported by the suppression step,
    never by a payload check.)

    Bad (``.envelint-ignore.yaml``, and no payload under ``legacy/`` has an S003 finding)::

        - rule: S003
          path: "legacy/*.json"

    Good: the entry removed once the legacy payloads are fixed.
    """
    return iter(())
