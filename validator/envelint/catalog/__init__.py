"""The catalog of derived schemas (``store``), the operations they document
(``operations``), and how a payload is matched to one (``matching``)."""
