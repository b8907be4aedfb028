"""Exports of the catalog into other formats (OpenAPI 3.1: ``openapi.py``)."""
