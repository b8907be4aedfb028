"""Neutral pieces every layer may use: errors, findings, paths, limits, atomic writes.

Nothing here imports another part of envelint."""
