"""The floors: the least any checker of these payloads must do, as a minimal Python loop.

    python floors.py jsonl LOG                      read the lines, orjson.loads each
    python floors.py files F1 F2 ...                open, read, orjson.loads each file
    python floors.py jsonl-schema SCHEMA LOG        the same, then jsonschema-rs is_valid each
    python floors.py files-schema SCHEMA F1 F2 ...

The plain floors import nothing but ``sys``, ``orjson`` and ``collections.abc`` (which orjson
imports itself), so their start-up is Python's own and orjson's. The schema floors ("is_valid
loop") add jsonschema-rs, its import and one compiled validator: what a schema check alone costs
from Python, with no duplicate keys seen, no rule and no finding written. A payload that is not
JSON is counted, not reported.
"""

import sys
from collections.abc import Callable, Iterable, Iterator

import orjson


def jsonl(path: str) -> tuple[int, int]:
    parsed = broken = 0
    with open(path, "rb") as stream:
        for line in stream:
            try:
                orjson.loads(line)
                parsed += 1
            except orjson.JSONDecodeError:
                broken += 1
    return parsed, broken


def files(paths: list[str]) -> tuple[int, int]:
    parsed = broken = 0
    for path in paths:
        with open(path, "rb") as stream:
            data = stream.read()
        try:
            orjson.loads(data)
            parsed += 1
        except orjson.JSONDecodeError:
            broken += 1
    return parsed, broken


def jsonl_schema(schema: str, path: str) -> tuple[int, int, int]:
    with open(path, "rb") as stream:
        return _verdicts(stream, _validator(schema).is_valid)


def files_schema(schema: str, paths: list[str]) -> tuple[int, int, int]:
    return _verdicts(_contents(paths), _validator(schema).is_valid)


def _contents(paths: list[str]) -> Iterator[bytes]:
    for path in paths:
        with open(path, "rb") as stream:
            yield stream.read()


def _verdicts(
    payloads: Iterable[bytes], is_valid: Callable[[object], bool]
) -> tuple[int, int, int]:
    valid = invalid = broken = 0
    for data in payloads:
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            broken += 1
            continue
        if is_valid(value):
            valid += 1
        else:
            invalid += 1
    return valid, invalid, broken


def _validator(schema: str):
    import jsonschema_rs

    with open(schema, "rb") as stream:
        return jsonschema_rs.validator_for(orjson.loads(stream.read()))


def _print_verdicts(counts: tuple[int, int, int]) -> int:
    valid, invalid, broken = counts
    print(f"{valid} valid, {invalid} invalid, {broken} not JSON")
    return 0


def main(argv: list[str]) -> int:
    mode, arguments = argv[0], argv[1:]
    if mode == "jsonl-schema":
        return _print_verdicts(jsonl_schema(arguments[0], arguments[1]))
    if mode == "files-schema":
        return _print_verdicts(files_schema(arguments[0], arguments[1:]))
    parsed, broken = jsonl(arguments[0]) if mode == "jsonl" else files(arguments)
    print(f"{parsed} parsed, {broken} not JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
