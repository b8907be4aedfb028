"""The check pipeline the commands and the ``--jobs`` workers call: discover, read, match,
run the engine, gather findings (``validate``, ``parallel``, ``lint``), suppressions, and the
building of a catalog (``build``)."""
