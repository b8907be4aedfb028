"""Cache files that carry a digest of their own content: an edited or damaged file is a miss.

A sealed file is one header line, ``envelint-sealed <hex digest>``, then the content. The digest
covers envelint's version and the content, so a file written by another version, cut short, or
edited by hand does not match and the caller derives anew instead of trusting it.
"""

from __future__ import annotations

import hashlib

from envelint import __version__

MAGIC = b"envelint-sealed "


def seal(content: bytes) -> bytes:
    return MAGIC + _digest(content).encode() + b"\n" + content


def unseal(data: bytes) -> bytes | None:
    """The content of a sealed file, or None when its digest does not match."""
    header, newline, content = data.partition(b"\n")
    if not newline or not header.startswith(MAGIC):
        return None
    if header[len(MAGIC) :].decode("ascii", errors="replace") != _digest(content):
        return None
    return content


def _digest(content: bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(__version__.encode() + b"\0")
    digest.update(content)
    return digest.hexdigest()
