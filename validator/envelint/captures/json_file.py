"""A ``.json`` file (or standard input): one payload, the whole body."""

from __future__ import annotations

from collections.abc import Iterator

from envelint.captures.payload import Payload


def read(source: str, data: bytes) -> Iterator[Payload]:
    yield Payload(source=source, data=data)
