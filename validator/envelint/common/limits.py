"""The default limits of one payload; beyond them a finding (J005, J006, J007), never a crash."""

DEFAULT_MAX_DEPTH = 1024  # the depth orjson accepts, so both paths agree
DEFAULT_MAX_SIZE = 256 * 1024 * 1024  # bytes of one payload; larger ones are not read
DEFAULT_MAX_ITEMS = 50_000_000  # values in one payload (array elements and object members)
