"""envelint: API documentation as the contract for response payloads."""

__version__ = "0.1.0"
