"""JSON Lines access logs read by Spark, each line numbered as in its file.

Spark cuts a large file into blocks and reads each in a task, so a line does not know its number.
One counting pass (``_metadata.file_block_start`` and the rows' ids) gives each block's first
row id and line count; the driver adds up the counts of the blocks before each one, and every
line's number is its row id less its block's offset. Findings then name ``file:line:column`` as
``envelint validate`` names them.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from urllib.parse import unquote, urlparse

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from envelint.common.paths import display_path
from envelint.spark.executor import LINE, RECORD, SOURCE

_ROW, _FILE, _BLOCK = "_row", "_file", "_block"


def numbered_lines(spark: SparkSession, paths: Sequence[str]) -> DataFrame:
    """The lines of the JSON Lines files at ``paths`` (files or folders) as ``record``,
    ``source`` (the file as findings name it) and ``line`` (1-based, in its file)."""
    text = spark.read.text(list(paths)).select(
        F.col("value").alias(RECORD),
        F.col("_metadata.file_path").alias(_FILE),
        F.col("_metadata.file_block_start").alias(_BLOCK),
        F.monotonically_increasing_id().alias(_ROW),
    )
    blocks = (
        text.groupBy(_FILE, _BLOCK)
        .agg(F.min(_ROW).alias("first_row"), F.count(F.lit(1)).alias("lines"))
        .collect()
    )
    offsets = []
    before: dict[str, int] = {}  # lines in the file's blocks so far
    for block in sorted(blocks, key=lambda row: (row[_FILE], row[_BLOCK])):
        file = block[_FILE]
        done = before.get(file, 0)
        # line = row - first_row + done + 1
        offsets.append((file, block[_BLOCK], block["first_row"] - done - 1, shown(file, paths)))
        before[file] = done + block["lines"]
    table = spark.createDataFrame(
        offsets, f"{_FILE} string, {_BLOCK} long, offset long, {SOURCE} string"
    )
    joined = text.join(F.broadcast(table), [_FILE, _BLOCK])
    return joined.select(RECORD, SOURCE, (F.col(_ROW) - F.col("offset")).alias(LINE))


def shown(uri: str, paths: Sequence[str]) -> str:
    """A file Spark read, named as ``envelint validate`` names it when given ``paths``: below
    the path given for it (a folder's files as ``folder/name``), relative to the working folder
    where the path was; other URIs as they are."""
    parsed = urlparse(uri)
    if parsed.scheme not in ("", "file"):
        return uri
    local = unquote(parsed.path)
    for given in paths:
        if "://" in given:
            continue
        base = os.path.abspath(given)
        if local == base:
            return display_path(given)
        if local.startswith(base.rstrip("/") + "/"):
            return display_path(os.path.join(given, os.path.relpath(local, base)))
    return display_path(local)
