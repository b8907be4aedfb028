"""Small response envelopes as the seed pages document them, and the ways real ones go wrong.

Normal: ``{"job_id": "<32 hex>"}`` (Responses (Jobs) / (Task)) and ``{"order_id": ...,
"job_id": ...}`` (Order ID Response). Abnormal: ``{"error": {"message": ..., "code": "Ecs.0005"}}``.
A bad envelope is one of ``BAD_KINDS``; every kind is drawn equally often.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

MESSAGES = (
    "Quota exceeded.",
    "The flavor does not exist.",
    "Invalid request parameters.",
    "The ECS is being created. Try again later.",
    "The specified subnet does not exist.",
    "Insufficient EIP quota.",
    "The image does not support this flavor.",
    "Failed to authenticate the token.",
    "The ECS status does not allow this operation.",
    "The job does not exist or has expired.",
)
SERVICES = ("Ecs", "Ims", "Evs", "Vpc", "Common")


@dataclass(frozen=True)
class Envelope:
    """One line of a log: its text and, when it was made wrong on purpose, how."""

    text: str
    bad_kind: str | None = None


def _hex32(rng: random.Random) -> str:
    return f"{rng.getrandbits(128):032x}"


def _error_code(rng: random.Random) -> str:
    return f"{rng.choice(SERVICES)}.{rng.randrange(1, 10000):04d}"


def _order_id(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(5))
    return f"CS{rng.randrange(10**10):010d}{letters}"


def _dump(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


# -- valid envelopes ---------------------------------------------------------------------------


def jobs_normal(rng: random.Random) -> str:
    return _dump({"job_id": _hex32(rng)})


def order_normal(rng: random.Random) -> str:
    return _dump({"order_id": _order_id(rng), "job_id": _hex32(rng)})


def abnormal(rng: random.Random) -> str:
    error: dict = {"message": rng.choice(MESSAGES), "code": _error_code(rng)}
    if rng.random() < 0.05:
        error["details"] = [{"message": rng.choice(MESSAGES), "code": _error_code(rng)}]
    return _dump({"error": error})


# (weight, maker): ~45% jobs, ~15% orders, ~40% errors; about 70 bytes a line on average.
VALID_MAKERS: tuple[tuple[float, Callable[[random.Random], str]], ...] = (
    (0.45, jobs_normal),
    (0.15, order_normal),
    (0.40, abnormal),
)


def valid_envelope(rng: random.Random) -> str:
    pick = rng.random()
    for weight, maker in VALID_MAKERS:
        if pick < weight:
            return maker(rng)
        pick -= weight
    return VALID_MAKERS[-1][1](rng)


# -- bad envelopes -----------------------------------------------------------------------------


def wrong_type(rng: random.Random) -> str:
    return rng.choice(
        (
            _dump({"error": {"message": rng.choice(MESSAGES), "code": rng.randrange(400, 600)}}),
            _dump({"job_id": rng.randrange(10**9)}),
            _dump({"error": {"message": [rng.choice(MESSAGES)], "code": _error_code(rng)}}),
        )
    )


def missing_field(rng: random.Random) -> str:
    # The seed tables mark no field mandatory: only the empty object is a finding (E002).
    return rng.choice(
        ("{}", _dump({"error": {"message": rng.choice(MESSAGES)}}), _dump({"error": {}}))
    )


def undocumented_field(rng: random.Random) -> str:
    return rng.choice(
        (
            _dump({"job_id": _hex32(rng), "jobid": _hex32(rng)}),
            _dump({"job_id": _hex32(rng), "status": "RUNNING"}),
            _dump(
                {
                    "error": {
                        "message": rng.choice(MESSAGES),
                        "code": _error_code(rng),
                        "request_id": _hex32(rng),
                    }
                }
            ),
        )
    )


def broken_json(rng: random.Random) -> str:
    whole = jobs_normal(rng)
    return rng.choice(
        (
            whole[: rng.randrange(5, len(whole) - 2)],  # cut short
            whole[:-1] + ",}",  # trailing comma
            whole.replace('"', "'"),  # single quotes
            '{job_id: "' + _hex32(rng) + '"}',  # key not quoted
        )
    )


def placeholder(rng: random.Random) -> str:
    return rng.choice(
        (
            '{"error": {"message": "", "code": XXX}}',  # the seed page's own example
            '{"error": {"message": "", "code": XXX,""}}',
            _dump({"job_id": "XXX"}),
            _dump({"error": {"message": "xxxx", "code": _error_code(rng)}}),
        )
    )


def duplicate_key(rng: random.Random) -> str:
    return f'{{"job_id": "{_hex32(rng)}", "job_id": "{_hex32(rng)}"}}'


def ambiguous(rng: random.Random) -> str:
    return _dump(
        {"job_id": _hex32(rng), "error": {"message": rng.choice(MESSAGES), "code": "Ecs.0005"}}
    )


BAD_KINDS: dict[str, Callable[[random.Random], str]] = {
    "wrong-type": wrong_type,
    "missing-field": missing_field,
    "undocumented-field": undocumented_field,
    "broken-json": broken_json,
    "placeholder": placeholder,
    "duplicate-key": duplicate_key,
    "ambiguous-envelope": ambiguous,
}


def envelopes(seed: int, bad_rate: float) -> Iterator[Envelope]:
    """An endless, deterministic stream of envelopes, ``bad_rate`` of them bad."""
    rng = random.Random(seed)
    kinds = list(BAD_KINDS)
    while True:
        if rng.random() < bad_rate:
            kind = rng.choice(kinds)
            yield Envelope(BAD_KINDS[kind](rng), kind)
        else:
            yield Envelope(valid_envelope(rng))
