"""REST resource: a versioned CRUD API that gets the HTTP details right.

Build ``/v1/items``, a small CRUD resource, the way a careful API designer would: precise
status codes and headers, cursor pagination that stays correct while data changes, errors in
one machine-readable format, and conditional GETs with ETags.

Rules
- ``create_app()`` returns a new FastAPI app with its own empty in-memory store (a dict inside
  ``create_app``, no module-level state). Item ids are integers assigned by the server,
  1, 2, 3, ... in creation order. Item names are unique.
- ``POST /v1/items`` with an ``ItemIn`` body -> **201 Created**, the new ``Item`` as body and a
  ``Location`` header pointing at it (``/v1/items/<id>``, relative or absolute).
- ``GET /v1/items/<id>`` -> 200 and the item, with an ``ETag`` header: a quoted string
  (``"..."``) that changes whenever the item's content changes (e.g. a hash of its JSON).
  If the request's ``If-None-Match`` matches the current ETag -> **304 Not Modified**, empty
  body, same ``ETag`` header. ``If-None-Match`` may hold several comma-separated tags, or
  ``*`` (matches any existing item).
- ``PUT /v1/items/<id>`` with an ``ItemIn`` body replaces the item -> 200, the item and its new
  ``ETag``.
- ``DELETE /v1/items/<id>`` -> **204 No Content**, empty body.
- Unknown id -> **404**. A name already used by another item (POST, or PUT renaming) ->
  **409 Conflict**. Invalid body, query or path parameters -> **422**.
- ``GET /v1/items?limit=<1..100, default 20>&cursor=<opaque>`` -> 200 and a ``Page``: items
  **newest first** (descending id), at most ``limit`` of them, and ``next_cursor``: a string
  to pass as ``cursor`` for the next page, or ``null`` when there is nothing after this page.
  Use keyset pagination: the cursor encodes the last id of the page (``encode_cursor``), and
  the next page holds the items with smaller ids. Following the cursors must return every item
  exactly once even when items are created or deleted between page requests. A cursor the
  server could not have issued -> **400**.
- ``encode_cursor(last_id)`` makes an opaque URL-safe string (e.g. base64 of ``"id:17"``, not
  the bare number: clients must not build or do arithmetic on cursors); ``decode_cursor``
  turns it back into the id and raises ``ValueError`` for anything else.
- Every error response (400, 404, 409, 422) is a problem details document (RFC 9457): media
  type ``application/problem+json`` and a JSON object with ``type`` (a URI reference, e.g.
  ``"about:blank"``), ``title`` (short summary), ``status`` (the status code) and ``detail``
  (this occurrence). Install exception handlers, including one for FastAPI's
  ``RequestValidationError``.

Example::

    POST /v1/items {"name": "lamp", "price": 30}    -> 201, Location: /v1/items/1
    POST /v1/items {"name": "lamp", "price": 10}    -> 409 application/problem+json
    GET  /v1/items/1                                 -> 200, ETag: "a1b2..."
    GET  /v1/items/1  If-None-Match: "a1b2..."       -> 304
    GET  /v1/items?limit=2                           -> {"items": [...], "next_cursor": "aWQ6MQ"}
    DELETE /v1/items/1                               -> 204

Where to start: ``encode_cursor`` / ``decode_cursor`` (``base64.urlsafe_b64encode``), then
POST and GET by id with an ``APIRouter(prefix="/v1/items")``, then one ``Exception`` subclass
carrying status and detail plus an ``@app.exception_handler`` that renders it as a problem.
"""

from typing import Annotated

from fastapi import FastAPI
from pydantic import BaseModel, Field


class ItemIn(BaseModel):
    """The body of POST and PUT (given)."""

    name: Annotated[str, Field(min_length=1, max_length=100)]
    price: Annotated[int, Field(ge=0)]


class Item(ItemIn):
    """An item as the API returns it (given)."""

    id: int


class Page(BaseModel):
    """One page of ``GET /v1/items`` (given)."""

    items: list[Item]
    next_cursor: str | None


def encode_cursor(last_id: int) -> str:
    """An opaque, URL-safe cursor for the page after the item with ``last_id``."""
    raise NotImplementedError


def decode_cursor(cursor: str) -> int:
    """The id inside a cursor made by ``encode_cursor``; ``ValueError`` for anything else."""
    raise NotImplementedError


def create_app() -> FastAPI:
    """A new app serving ``/v1/items`` from its own empty in-memory store."""
    raise NotImplementedError
