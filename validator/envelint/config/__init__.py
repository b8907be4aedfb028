"""Configuration: the settings of a run (``settings``), read from ``.envelint.yaml`` or
``[tool.envelint]`` (``loader``), and validated against ``schema.json``."""
