"""The floors: the least any checker of these payloads must do, as a minimal Python loop.

    python floors.py jsonl LOG          read the lines, orjson.loads each
    python floors.py files F1 F2 ...    open, read, orjson.loads each file

It imports nothing but ``sys`` and ``orjson``, so its start-up is Python's own. A payload that is
not JSON is counted, not reported.
"""

import sys

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


def main(argv: list[str]) -> int:
    mode, arguments = argv[0], argv[1:]
    parsed, broken = jsonl(arguments[0]) if mode == "jsonl" else files(arguments)
    print(f"{parsed} parsed, {broken} not JSON")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
