"""A remote SPARQL 1.1 store: its URLs, credentials, and HTTP requests with retries and clear errors.

An :class:`Endpoint` names up to three URLs, because stores name them differently (docs/stores.md):
the query URL (SPARQL 1.1 Protocol, always), the update URL (SPARQL 1.1 Update) and the graph store
URL (SPARQL 1.1 Graph Store HTTP Protocol). :meth:`Endpoint.from_url` derives Oxigraph's layout from
one URL. Credentials come from environment variables only, never from a command-line argument; they
are not shown in reprs, messages or tracebacks:

* ``KG_ENDPOINT_USER`` and ``KG_ENDPOINT_PASSWORD``: HTTP basic auth;
* ``KG_ENDPOINT_TOKEN``: a bearer token (``Authorization: Bearer …``).

Every failure becomes a :class:`~kg.errors.StoreError` (exit 4). Connection errors, timeouts and HTTP
5xx are retried with exponential backoff; 4xx never are.
"""

from __future__ import annotations

import base64
import http.client
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TypeVar

from kg.errors import StoreError, UsageError

T = TypeVar("T")

USER_VARIABLE = "KG_ENDPOINT_USER"
PASSWORD_VARIABLE = "KG_ENDPOINT_PASSWORD"
TOKEN_VARIABLE = "KG_ENDPOINT_TOKEN"
_AUTH_HINT = f"check {USER_VARIABLE} and {PASSWORD_VARIABLE}, or {TOKEN_VARIABLE}"


@dataclass(frozen=True)
class Credentials:
    """HTTP basic auth (user and password) or a bearer token; never shown in a repr.

    >>> Credentials(user="ana", password="s3cret")
    Credentials()
    """

    user: str | None = field(default=None, repr=False)
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    @classmethod
    def from_environ(cls, environ: Mapping[str, str] | None = None) -> Credentials | None:
        """Read ``KG_ENDPOINT_USER`` / ``KG_ENDPOINT_PASSWORD`` or ``KG_ENDPOINT_TOKEN`` (None when none is set).

        Raises:
            UsageError: a user without a password (or the reverse), or both a user and a token.
        """
        env = os.environ if environ is None else environ
        user, password, token = (env.get(name) or None for name in (USER_VARIABLE, PASSWORD_VARIABLE, TOKEN_VARIABLE))
        if token and (user or password):
            raise UsageError(f"set either {TOKEN_VARIABLE} or {USER_VARIABLE}/{PASSWORD_VARIABLE}, not both")
        if bool(user) != bool(password):
            raise UsageError(f"set both {USER_VARIABLE} and {PASSWORD_VARIABLE} for basic auth")
        if not (user or token):
            return None
        return cls(user=user, password=password, token=token)

    def authorization(self) -> str:
        """The value of the ``Authorization`` header."""
        if self.token:
            return f"Bearer {self.token}"
        pair = f"{self.user}:{self.password}".encode()
        return "Basic " + base64.b64encode(pair).decode("ascii")

    def redact(self, text: str) -> str:
        """``text`` with every secret (and the header value) replaced by ``***``."""
        for secret in (self.authorization(), self.authorization().split(" ", 1)[1], self.password, self.token):
            if secret:
                text = text.replace(secret, "***")
        return text


class DefaultGraph(StrEnum):
    """What the default graph of a remote query is.

    ``named-graphs`` (the default): kg lists the store's named graphs once and sends them as the
    query's dataset (``default-graph-uri`` and ``named-graph-uri``, SPARQL 1.1 Protocol), so the
    default graph is their union, as in a local query. ``store``: kg sends no dataset and the store's
    own default graph is used; pick it for stores whose default graph already is the union
    (GraphDB, Virtuoso, QLever, ``oxigraph serve --union-default-graph``, Fuseki with
    ``unionDefaultGraph``), and for stores with very many graphs.
    """

    NAMED_GRAPHS = "named-graphs"
    STORE = "store"


@dataclass(frozen=True)
class Endpoint:
    """A SPARQL 1.1 store: query URL, optional update and graph store URLs, and connection settings.

    Attributes:
        query: the SPARQL query URL.
        update: the SPARQL Update URL (``kg push`` without a graph store).
        graph_store: the Graph Store Protocol URL (``kg push`` replaces graphs with PUT).
        timeout: seconds to wait for each answer.
        retries: how many times a request is tried again after a connection error, timeout or 5xx.
        backoff: seconds before the first retry; doubled for each next one.
        default_graph: what remote queries see as their default graph.
        credentials: basic auth or a bearer token (from the environment; never shown).

    >>> Endpoint.from_url("http://localhost:7878", environ={}).update
    'http://localhost:7878/update'
    """

    query: str
    update: str | None = None
    graph_store: str | None = None
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 0.5
    default_graph: DefaultGraph = DefaultGraph.NAMED_GRAPHS
    credentials: Credentials | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("query", "update", "graph_store"):
            url = getattr(self, name)
            if url is not None:
                _check_url(url, "--" + {"query": "endpoint", "graph_store": "graph-store"}.get(name, name))
        if not self.timeout > 0:
            raise UsageError(f"--timeout {self.timeout}: give a number of seconds above 0")
        if self.retries < 0:
            raise UsageError(f"--retries {self.retries}: give 0 or more")

    @classmethod
    def from_url(cls, url: str, *, update: str | None = None, graph_store: str | None = None,
                 use_graph_store: bool = True, timeout: float = 30.0, retries: int = 3,
                 default_graph: DefaultGraph = DefaultGraph.NAMED_GRAPHS,
                 environ: Mapping[str, str] | None = None) -> Endpoint:
        """An endpoint from the URL a user gives, with Oxigraph's layout derived when it fits.

        The rule: when only ``url`` is given (no ``update``, no ``graph_store``) and it is a server
        root (``http://host:7878`` or ``…/``) or ends in ``/query``, kg assumes Oxigraph's layout:
        ``…/query``, ``…/update`` and ``…/store`` side by side (Fuseki's ``/ds/query`` gets
        ``/ds/update`` right, but its graph store is ``/ds/data``). Otherwise ``url`` is the query URL
        exactly as given, and ``update`` and ``graph_store`` are the only other URLs.
        ``use_graph_store=False`` drops the graph store, so pushes use SPARQL Update.

        Args:
            environ: where the credentials are read (:meth:`Credentials.from_environ`; default ``os.environ``).
        """
        _check_url(url, "--endpoint")
        parts = urllib.parse.urlsplit(url)
        path = parts.path.rstrip("/")
        derived_update = derived_store = None
        if update is None and graph_store is None and (path == "" or path.endswith("/query")):
            root = path.removesuffix("/query")
            query = urllib.parse.urlunsplit(parts._replace(path=root + "/query"))
            derived_update = urllib.parse.urlunsplit(parts._replace(path=root + "/update"))
            derived_store = urllib.parse.urlunsplit(parts._replace(path=root + "/store"))
        else:
            query = url
        return cls(query=query, update=update or derived_update,
                   graph_store=(graph_store or derived_store) if use_graph_store else None,
                   timeout=timeout, retries=retries, default_graph=default_graph,
                   credentials=Credentials.from_environ(environ))

    def require_write(self) -> str:
        """The URL pushes go to (the graph store, else the update URL).

        Raises:
            UsageError: the endpoint has neither.
        """
        url = self.graph_store or self.update
        if url is None:
            raise UsageError(f"{self.query} is a query URL only, and push needs a place to write: give --update URL "
                             "or --graph-store URL (or an Oxigraph-style --endpoint; see docs/stores.md)")
        return url

    def headers(self) -> dict[str, str]:
        """The ``Authorization`` header, when there are credentials."""
        return {"Authorization": self.credentials.authorization()} if self.credentials else {}

    def redact(self, text: str) -> str:
        return self.credentials.redact(text) if self.credentials else text


def _check_url(url: str, option: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"{option}: give an http:// or https:// URL with a host, e.g. http://localhost:7878")
    if parts.username is not None or parts.password is not None:  # never echo the URL: it holds a secret
        raise UsageError(f"{option}: the URL must not hold a user or password; "
                         f"set {USER_VARIABLE}/{PASSWORD_VARIABLE} or {TOKEN_VARIABLE} instead")


def where(url: str) -> str:
    """The URL without its query string, for messages."""
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(query="", fragment=""))


def store_text(body: bytes, content_type: str = "") -> str:
    """What a store said in an error answer, on one line or a few, cut to a readable length."""
    if "html" in content_type.lower() or body.lstrip()[:1] == b"<":
        return "it answered with an HTML page"
    text = body.decode("utf-8", "replace").strip()
    return text if len(text) <= 800 else text[:800] + " …"


@dataclass(frozen=True)
class Failure:
    """An HTTP failure in kg's terms, before it becomes a StoreError: a message and whether to retry."""

    message: str
    retry: bool


def classify_http(url: str, code: int, reason: str, body: bytes, content_type: str,
                  endpoint: Endpoint, location: str | None = None) -> Failure:
    """The Failure for an HTTP error status."""
    said = store_text(body, content_type)
    status = f"HTTP {code}{' ' + reason if reason else ''}"
    if code in (401, 403):
        hint = _AUTH_HINT if endpoint.credentials else f"none is set: {_AUTH_HINT}"
        return Failure(f"{where(url)} refused access ({status}): {hint}", retry=False)
    if code in (404, 405, 501):
        return Failure(f"{where(url)} is not a SPARQL endpoint for this request ({status}; {said}): "
                       "check --endpoint, --update and --graph-store (see docs/stores.md)", retry=False)
    if 300 <= code < 400:
        return Failure(f"{where(url)} redirects ({status}) to {location or 'another URL'}: "
                       "give the final URL", retry=False)
    if code >= 500:
        return Failure(f"{where(url)} failed ({status}): {said}", retry=True)
    return Failure(f"{where(url)} rejected the request ({status}): {said}", retry=False)


def classify_connection(url: str, exc: BaseException, endpoint: Endpoint) -> Failure | None:
    """The Failure for a connection-level error, or None when ``exc`` is none of those."""
    parts = urllib.parse.urlsplit(url)
    host = f"{parts.hostname}:{parts.port or (443 if parts.scheme == 'https' else 80)}"
    reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, TimeoutError):
        return Failure(f"{where(url)} did not answer within {endpoint.timeout:g} s "
                       "(raise --timeout, or check the server's load)", retry=True)
    if isinstance(reason, ConnectionRefusedError):
        return Failure(f"cannot reach {host} ({where(url)}): connection refused; is the server running?",
                       retry=True)
    if isinstance(reason, socket.gaierror):
        return Failure(f"cannot resolve the host {parts.hostname} ({where(url)}): check the URL", retry=False)
    if isinstance(reason, (OSError, http.client.HTTPException)):
        detail = type(reason).__name__ if not str(reason) else str(reason)
        return Failure(f"lost the connection to {host} ({where(url)}: {detail}); is the server running?",
                       retry=True)
    if isinstance(exc, urllib.error.URLError):
        return Failure(f"cannot reach {host} ({where(url)}: {reason}); is the server running?", retry=True)
    return None


def with_retries(endpoint: Endpoint, action: Callable[[], T], classify: Callable[[BaseException], Failure | None]
                 ) -> T:
    """Run ``action``; on a retryable failure wait (backoff, doubling) and run it again.

    Raises:
        StoreError: the last failure, with the number of attempts when there were several.
    """
    attempts = endpoint.retries + 1
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except Exception as exc:
            failure = classify(exc)
            if failure is None:
                raise
            if not failure.retry or attempt == attempts:
                message = failure.message + (f" (after {attempt} attempts)" if attempt > 1 else "")
                raise StoreError(endpoint.redact(message)) from exc
            time.sleep(min(endpoint.backoff * 2 ** (attempt - 1), 30.0))
    raise AssertionError("unreachable")  # pragma: no cover


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Redirects are errors: kg never sends credentials or data on to another URL."""

    def redirect_request(self, req: urllib.request.Request, fp: object, code: int, msg: str,
                         headers: object, newurl: str) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirect())


@dataclass(frozen=True)
class Answer:
    """An HTTP answer: status, content type and body."""

    status: int
    content_type: str
    body: bytes


def send(endpoint: Endpoint, method: str, url: str, *, body: bytes | None = None,
         content_type: str | None = None, accept: str | None = None) -> Answer:
    """One HTTP request with kg's retries and errors (urllib; redirects are refused).

    Raises:
        StoreError: unreachable, timeout, unauthorized, not an endpoint, or the store said no.
    """
    headers = endpoint.headers()
    if content_type:
        headers["Content-Type"] = content_type
    if accept:
        headers["Accept"] = accept

    def attempt() -> Answer:
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        with _OPENER.open(request, timeout=endpoint.timeout) as response:
            return Answer(response.status, response.headers.get("Content-Type", ""), response.read())

    return with_retries(endpoint, attempt, lambda exc: classify(url, exc, endpoint))


def classify(url: str, exc: BaseException, endpoint: Endpoint) -> Failure | None:
    """The Failure for an urllib HTTP error or a connection error (None for anything else)."""
    if isinstance(exc, urllib.error.HTTPError):
        try:
            said = exc.read()
        except (OSError, http.client.HTTPException):
            said = b""
        return classify_http(url, exc.code, exc.reason or "", said, exc.headers.get("Content-Type", ""),
                             endpoint, exc.headers.get("Location"))
    return classify_connection(url, exc, endpoint)


__all__ = ["Answer", "Credentials", "DefaultGraph", "Endpoint", "send", "with_retries"]
