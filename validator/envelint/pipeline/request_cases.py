"""Which case's body an example request is: by the words its caption shares with one case's
label alone ("Example request: creating a read replica" and "Parameter for replica creation").

A request body documented by one table per case is derived merged (the fields of every case,
required where every case requires them) and, beside it, as each case's body alone
(``case_schema_id``). An example whose caption names one case better than every other is
checked against that case; one that names none, or two alike, against the merged body."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from fractions import Fraction
from typing import Any

from envelint.catalog.store import CASE, REQUEST_KIND, CatalogEntry, case_schema_id

WORD = re.compile(r"[a-z]+")
# Words every label or caption may say whatever its case.
_COMMON_WORDS = (
    "a an and or of for to in on at by with without when if the this that is are be as example "
    "examples request requests response parameter parameters description field fields table "
    "body details see following create creating creation created new json "
)
COMMON = frozenset(_COMMON_WORDS.split())


def case_entries(
    entries: Sequence[CatalogEntry], schemas: dict[str, dict[str, Any]]
) -> list[CatalogEntry]:
    """An entry for each case body of the request entries (for the engine to check against)."""
    found = []
    for entry in entries:
        if entry.kind != REQUEST_KIND:
            continue
        number = 1
        while (case_id := case_schema_id(entry.id, number)) in schemas:
            found.append(replace(entry, id=case_id, file=f"{case_id}.json"))
            number += 1
    return found


def schema_for_case(
    label: str, request_id: str, schemas: dict[str, dict[str, Any]], topic: str = ""
) -> str | None:
    """The id of the case body the example's ``label`` names, if it names exactly one; the
    words of ``topic`` (the page's title: "Restoring a Gadget") name no case."""
    ids: list[str] = []
    while (case_id := case_schema_id(request_id, len(ids) + 1)) in schemas:
        ids.append(case_id)
    if len(ids) < 2 or not label:
        return None
    labels = [str(schemas[case_id].get(CASE, "")) for case_id in ids]
    chosen = chosen_case(label, labels, topic)
    return ids[chosen] if chosen is not None else None


def chosen_case(label: str, case_labels: list[str], topic: str = "") -> int | None:
    """The index of the case whose words the label says most, when one case scores more than
    every other; else None. A word counts the more the fewer cases' labels say it (one case's
    own word counts 1, a word two cases share counts 1/2 to each), and the ``topic``'s words
    count for none: "a system disk image using a data disk" is the case "system disk image
    using a data disk" rather than "system or data disk image from a server", though the
    second says every word of the first but "using"."""
    said = _words(label) - _words(topic)
    own = [_words(text) for text in case_labels]
    scores = []
    for words in own:
        shared = said & words
        scores.append(sum(Fraction(1, sum(word in other for other in own)) for word in shared))
    best = max(scores)
    if best == 0 or scores.count(best) > 1:
        return None
    return scores.index(best)


def _words(text: str) -> set[str]:
    return {_stem(word) for word in WORD.findall(text.lower()) if word not in COMMON}


def _stem(word: str) -> str:
    """ "adding", "add" -> "ad"; "replicas", "replica" -> "replica"; "removing", "remove" ->
    "remov": enough to match a caption's word with a label's."""
    for suffix in ("ing", "ies", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]
    return word
