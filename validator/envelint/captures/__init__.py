"""Reading captured responses into payloads."""
