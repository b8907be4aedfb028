"""Which fields hold a secret, whose value masked whole is redaction rather than a placeholder."""

from __future__ import annotations

import pytest

from envelint.rules.envelope import holds_secret


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("db_password", ""),
        ("password", ""),
        ("admin_pass", ""),
        ("adminPassword", ""),
        ("secret", ""),
        ("client_secret", ""),
        ("token", ""),
        ("sk", ""),
        ("access_key", ""),
        ("secret_key", ""),
        ("login", "Login password of the gadget."),
        ("value", "The new password."),
    ],
)
def test_secret_fields(name: str, description: str) -> None:
    assert holds_secret(name, description)


@pytest.mark.parametrize(
    ("name", "description"),
    [
        ("host_name", "Server name."),
        ("name", "Account name."),
        ("job_id", "Task ID."),
        ("password_length", ""),
        ("token_expires_at", ""),
        ("secret_name", ""),
        ("key", "Tag key."),
        ("remark", "Remarks on the password reset."),
        ("passage", ""),
    ],
)
def test_fields_that_are_not_secrets(name: str, description: str) -> None:
    assert not holds_secret(name, description)
