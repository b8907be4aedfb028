"""Changes between two versions of a documented API: what changed, and whether it breaks
clients (``envelint diff``; docs/diff.md)."""
