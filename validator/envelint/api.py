"""envelint's public API: load a contract, check exchanges against it, lint documentation.

What is public is listed in ``__all__`` (re-exported by ``envelint``) and in docs/api.md, with
the version policy. Everything else in the package is private, whatever its name.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from envelint.common.errors import EnvelintError
from envelint.common.findings import CheckedAgainst, DocRow, Finding, Severity

if TYPE_CHECKING:
    from envelint.captures.payload import Payload
    from envelint.catalog.store import Catalog
    from envelint.config.settings import Settings
    from envelint.pipeline.validate import EnginePerSettings

__all__ = [
    "CheckedAgainst",
    "Contract",
    "DocRow",
    "EnvelintError",
    "Exchange",
    "Finding",
    "Severity",
    "exchange_of",
    "lint",
]

SOURCE = "<response>"  # how findings name a body given to Contract.check


@dataclass(frozen=True)
class Exchange:
    """One HTTP exchange as a contract check sees it.

    ``body`` is the response body: bytes or text as received, or a parsed JSON value (a dict,
    list, number or boolean), which is serialised first (so lines and columns are those of
    ``json.dumps(body, indent=2)``). None or empty: no body, nothing to check.
    """

    method: str
    url: str
    status: int
    body: object = None
    headers: Mapping[str, str] = field(default_factory=dict)
    request_body: object = None  # bytes, text or a parsed value: tells shared URIs apart


class Contract:
    """The documented API: operations and response schemas, ready to check exchanges.

    Make one with a ``from_...`` constructor; it is built once and may be reused for any number
    of checks (the engines it makes are kept).
    """

    def __init__(self, catalog: Catalog, settings: Settings) -> None:
        from envelint.pipeline.validate import EnginePerSettings

        self.catalog = catalog  # private, as the constructor is: docs/api.md lists what is public
        self._settings = settings
        self._engines: EnginePerSettings = EnginePerSettings(catalog)

    # -- where a contract comes from: one constructor per source ------------------------------

    @classmethod
    def from_docs(
        cls,
        *paths: str | Path,
        use_cache: bool = True,
        config: str | Path | None = None,
        ignore: Sequence[str] = (),
    ) -> Contract:
        """Derive the contract from documentation folders or pages (as ``envelint check``
        does), through the derivation cache unless ``use_cache`` is False.

        ``config``: an ``.envelint.yaml`` or ``pyproject.toml`` to read settings from (none
        is looked for otherwise); ``ignore``: rule codes or prefixes never reported.
        """
        if not paths:
            raise EnvelintError("Contract.from_docs: name at least one documentation path")
        return cls.derived(_docs_paths(paths), _settings(config, ignore), use_cache=use_cache)

    @classmethod
    def derived(cls, docs: list[str], settings: Settings, *, use_cache: bool = True) -> Contract:
        """Private (the command line's way in): the contract derived with settings made."""
        from envelint.pipeline.validate import catalog_from_docs

        catalog = catalog_from_docs(
            docs,
            use_cache=use_cache,
            extra_types=settings.types,
            allow_outside_links=settings.allow_outside_links,
        )
        return cls(catalog, settings)

    @classmethod
    def from_catalog(
        cls, folder: str | Path, *, config: str | Path | None = None, ignore: Sequence[str] = ()
    ) -> Contract:
        """Load a catalog folder built by ``envelint schemas build``."""
        from envelint.catalog.store import load_catalog

        return cls(load_catalog(folder), _settings(config, ignore))

    @classmethod
    def from_openapi(
        cls, document: str | Path, *, config: str | Path | None = None, ignore: Sequence[str] = ()
    ) -> Contract:
        """Load an OpenAPI 3.x document (YAML or JSON), as ``envelint check spec.yaml`` does:
        its operations, parameters, request bodies and responses become the contract."""
        from envelint.catalog.openapi_source import load_openapi_catalog

        if not Path(document).is_file():
            raise EnvelintError(f"no such OpenAPI document: {document}")
        return cls(load_openapi_catalog(document), _settings(config, ignore))

    # -- checking -----------------------------------------------------------------------------

    def check(
        self,
        method: str,
        url: str,
        status: int,
        body: object,
        *,
        headers: Mapping[str, str] | None = None,
        request_body: object = None,
        source: str = SOURCE,
    ) -> list[Finding]:
        """The findings on one exchange's response body, as ``envelint check`` reports them
        for the same exchange in a capture file. ``source`` is the name findings give it."""
        exchange = Exchange(method, url, status, body, headers or {}, request_body)
        return self.check_exchange(exchange, source=source)

    def check_exchange(self, exchange: Exchange, *, source: str = SOURCE) -> list[Finding]:
        """``check`` with the exchange as one value."""
        from envelint.pipeline.validate import check_one

        payload = _payload(exchange, source)
        if payload is None:
            return []
        return check_one(payload, self._engines.get(self._settings))

    def check_response(self, response: object, *, source: str = SOURCE) -> list[Finding]:
        """``check_exchange(exchange_of(response))``: a ``requests``, ``httpx``, Werkzeug or
        Django test-client response."""
        return self.check_exchange(exchange_of(response), source=source)

    @property
    def operation_count(self) -> int:
        """How many documented operations the contract holds."""
        return len(self.catalog.operations)

    @property
    def schema_ids(self) -> list[str]:
        """The ids of the documented response schemas, sorted."""
        return sorted(self.catalog.by_id)


def lint(
    *paths: str | Path,
    use_cache: bool = True,
    config: str | Path | None = None,
    ignore: Sequence[str] = (),
) -> list[Finding]:
    """The findings ``envelint lint PATHS`` reports: the documentation's examples checked
    against their own pages, and the tables' own problems."""
    from envelint.pipeline.lint import LintRequest, lint_docs

    request = LintRequest(_docs_paths(paths), _settings(config, ignore), use_cache)
    return lint_docs(request).findings


def _docs_paths(paths: Iterable[str | Path]) -> list[str]:
    """The documentation paths as text, each checked to exist."""
    shown = [str(path) for path in paths]
    for path in shown:
        if not Path(path).exists():
            raise EnvelintError(f"no such documentation path: {path}")
    return shown


# -- exchanges from client responses ----------------------------------------------------------


def exchange_of(response: object) -> Exchange:
    """The exchange a client's response object holds, read by duck typing (nothing imported):
    ``status_code``, the body (``content``, else ``get_data()`` / ``data``), ``headers``, and
    the request's method, URL and body (``response.request``: an object with ``method`` and
    ``url``, or a WSGI environ as Django's test client keeps it)."""
    status = getattr(response, "status_code", None)
    if not isinstance(status, int):
        raise EnvelintError(f"not a response object (no integer status_code): {response!r}")
    request = getattr(response, "request", None)
    method, url, request_body = _request_parts(request)
    if method is None or url is None:
        raise EnvelintError(
            "the response does not say which request it answers (no request.method and "
            "request.url): call Contract.check(method, url, status, body) instead"
        )
    headers = getattr(response, "headers", None)
    return Exchange(
        method=method,
        url=url,
        status=status,
        body=_response_body(response),
        headers=_header_mapping(headers),
        request_body=request_body,
    )


def _request_parts(request: object) -> tuple[str | None, str | None, object]:
    if isinstance(request, Mapping):  # a WSGI environ (Django's test client)
        path = request.get("PATH_INFO")
        query = request.get("QUERY_STRING")
        method = request.get("REQUEST_METHOD")
        url = f"{path}?{query}" if path and query else path
        return (str(method) if method else None), (str(url) if url else None), None
    if request is None:
        return None, None, None
    method = getattr(request, "method", None)
    url = getattr(request, "url", None)
    body = _attribute(request, "content")  # httpx
    if body is None:
        body = _attribute(request, "body")  # requests' PreparedRequest
    get_data = getattr(request, "get_data", None)
    if body is None and callable(get_data):  # Werkzeug
        body = get_data()
    return (str(method) if method else None), (str(url) if url else None), body


def _attribute(value: object, name: str) -> object:
    """``value.name``, or None: a streamed httpx request raises on ``content`` until read, and
    the request body only narrows the match."""
    try:
        return getattr(value, name, None)
    except Exception:
        return None


def _response_body(response: object) -> object:
    try:
        content = getattr(response, "content", None)
    except Exception as error:  # httpx: a streamed response not read yet
        raise EnvelintError(f"cannot read the response body: {error}") from None
    if isinstance(content, bytes | bytearray | str):
        return bytes(content) if isinstance(content, bytearray) else content
    get_data = getattr(response, "get_data", None)
    if callable(get_data):
        return get_data()
    return getattr(response, "data", None)


def _header_mapping(headers: object) -> dict[str, str]:
    items = getattr(headers, "items", None)
    if not callable(items):
        return {}
    return {str(name).lower(): str(value) for name, value in items()}


def _payload(exchange: Exchange, source: str) -> Payload | None:
    """The payload the engine checks: what the capture readers make of the same exchange."""
    from envelint.captures.har_file import is_json_media_type
    from envelint.captures.payload import Payload, request_body_value

    data = _body_bytes(exchange.body)
    if not data:
        return None  # no body: as in a capture file, nothing to check
    payload = Payload(
        source=source,
        data=data,
        method=exchange.method.upper(),
        url=exchange.url,
        status=exchange.status,
        request_body=_request_value(exchange.request_body, request_body_value),
    )
    content_type = _header(exchange.headers, "content-type")
    if content_type is not None and not is_json_media_type(content_type):
        payload.data = b""
        payload.skipped_reason = f"not a JSON response (content type {content_type})"
    return payload


def _body_bytes(body: object) -> bytes:
    if body is None:
        return b""
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    try:
        return json.dumps(body, indent=2, ensure_ascii=False).encode("utf-8")
    except (TypeError, ValueError) as error:
        raise EnvelintError(f"the body is not bytes, text or a JSON value: {error}") from None


def _request_value(body: object, parse: Callable[[bytes | str], object | None]) -> object:
    if isinstance(body, bytes | bytearray | str):
        return parse(bytes(body) if isinstance(body, bytearray) else body)
    return body


def _header(headers: Mapping[str, str], name: str) -> str | None:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return None


def _settings(config: str | Path | None, ignore: Iterable[str]) -> Settings:
    from envelint.config.loader import load_settings

    settings = load_settings(str(config), Path.cwd()) if config is not None else _defaults()
    settings.ignore.extend(code.strip() for code in ignore if code.strip())
    return settings


def _defaults() -> Settings:
    from envelint.config.settings import Settings

    return Settings()
