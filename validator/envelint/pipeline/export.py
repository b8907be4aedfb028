"""``envelint export openapi``: derive the catalog (cached) and write it as OpenAPI 3.1."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from envelint import __version__
from envelint.catalog.store import ApiOperation
from envelint.common.errors import EnvelintError
from envelint.common.fsio import write_all_atomic
from envelint.export.descriptions import page_description
from envelint.export.openapi import ExportInfo, openapi_document
from envelint.pipeline.build import CitedFromRoots

YAML_SUFFIXES = (".yaml", ".yml")
SUFFIXES = (*YAML_SUFFIXES, ".json")


def export_openapi(
    docs: list[str],
    output: str,
    *,
    title: str | None,
    version: str,
    use_cache: bool = True,
    allow_outside_links: bool = False,
) -> int:
    """Write the OpenAPI document of ``docs`` to ``output`` (YAML or JSON by its suffix);
    return the number of operations."""
    from envelint.derive.cache import derive_cached

    suffix = Path(output).suffix.lower()
    if suffix not in SUFFIXES:
        raise EnvelintError(f"-o {output}: the file name must end in .yaml, .yml or .json")
    derived = derive_cached(docs, use_cache=use_cache, allow_outside_links=allow_outside_links)
    if not derived.operations:
        raise EnvelintError(f"no operation could be derived from {', '.join(docs)}")
    cited = CitedFromRoots(docs, allow_outside_links=allow_outside_links)
    info = ExportInfo(
        title=title or reference_title(docs, allow_outside_links),
        version=version,
        description=f"Derived by envelint {__version__} from the parameter tables of "
        "the API reference; every schema and property cites its page and line "
        "(x-envelint-source).",
    )
    document = openapi_document(
        info,
        [replace(op, page=cited.path(op.page)) for op in derived.operations],
        [replace(entry, page=cited.path(entry.page)) for entry in derived.entries],
        {entry.id: cited.schema(derived.schemas[entry.id]) for entry in derived.entries},
        operation_descriptions(docs, derived.operations, use_cache),
    )
    write_all_atomic({Path(output): serialise(document, suffix)})
    return len(derived.operations)


def operation_descriptions(
    docs: list[str], operations: list[ApiOperation], use_cache: bool
) -> dict[str, str]:
    """Each operation's description, from the opening prose of its page."""
    from envelint.derive.cache import page_cache

    pages = page_cache(docs, use_cache)
    found = {}
    for operation in operations:
        if operation.page is not None:
            description = page_description(pages.read(operation.page))
            if description:
                found[operation.id] = description
    pages.save()
    return found


def serialise(document: dict[str, Any], suffix: str) -> bytes:
    if suffix in YAML_SUFFIXES:
        import yaml

        text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)
        return text.encode()
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode()


def reference_title(docs: list[str], allow_outside_links: bool = False) -> str:
    """The title of the reference's root page (the shallowest ``index`` page), else the name
    of the folder given."""
    from envelint.derive.derivation import discover
    from envelint.docs import read_page

    sources = discover(docs, allow_outside_links=allow_outside_links)
    indexes = [source.file for source in sources if source.file.stem == "index"]
    for page in sorted(indexes, key=lambda path: (len(path.parts), str(path))):
        title = read_page(page).title
        if title:
            return title
    return Path(docs[0]).resolve().name
