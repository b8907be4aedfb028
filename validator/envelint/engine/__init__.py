"""The engine: checks one payload against its documented response with the rules."""
