"""REST resource: a versioned CRUD API that gets the HTTP details right.

Build ``/v1/items``, a small CRUD resource, the way a careful API designer would: precise
status codes and headers, cursor pagination that stays correct while data changes, errors in
one machine-readable format, and conditional GETs with ETags.

Rules
-----
1. ``create_app()`` returns a new FastAPI app with its own empty in-memory store (a dict
   inside ``create_app``, no module-level state): two apps never share items.
2. Item ids are integers assigned by the server, 1, 2, 3, ... in creation order, and never
   reused: an id stays taken after its item is deleted.
3. ``POST /v1/items`` with an ``ItemIn`` body -> **201 Created**, the new ``Item`` as body and a
   ``Location`` header pointing at it (``/v1/items/<id>``, relative or absolute).
4. Item names are unique: a name already used by another item (on POST, or a PUT renaming an
   item) -> **409 Conflict**. A PUT may keep the item's own name, and the name of a deleted
   item is free again.
5. ``GET /v1/items/<id>`` -> 200 and the item, with an ``ETag`` header: a quoted string
   (``"..."``) that stays the same while the item is unchanged and changes whenever the item's
   content changes (e.g. a hash of its JSON).
6. If a GET's ``If-None-Match`` matches the item's current ETag -> **304 Not Modified**, empty
   body, same ``ETag`` header. ``If-None-Match`` may hold several comma-separated tags (with or
   without spaces after the commas), or ``*``, which matches any existing item (a missing
   item is still 404).
7. ``PUT /v1/items/<id>`` with an ``ItemIn`` body replaces the item -> 200, the item and its
   new ``ETag`` header.
8. ``DELETE /v1/items/<id>`` -> **204 No Content**, empty body.
9. An unknown id (GET, PUT, DELETE) -> **404**: a PUT never creates an item, and a PUT to an
   unknown id is 404 even when its name is taken (there is no item to rename). An invalid body
   (malformed JSON included), query or path parameter -> **422**.
10. ``GET /v1/items?limit=<1..100, default 20>&cursor=<opaque>`` -> 200 and a ``Page``: items
    **newest first** (descending id), at most ``limit`` of them, and ``next_cursor``: a string
    to pass as ``cursor`` for the next page, or ``null`` when there is nothing after this
    page (also when the page holds exactly the last ``limit`` items).
11. Use keyset pagination: the cursor encodes the last id of the page (``encode_cursor``), and
    the next page holds the items with smaller ids. Following the cursors must return every
    item exactly once even when items are created or deleted between page requests (the
    item a cursor names included).
12. ``encode_cursor(last_id)`` makes an opaque URL-safe string (e.g. base64 of ``"id:17"``, not
    the bare number: clients must not build or do arithmetic on cursors).
    ``decode_cursor(cursor)`` returns the id only for a string that ``encode_cursor`` returns
    (``decode_cursor(c) == i`` exactly when ``encode_cursor(i) == c``). Any other string raises
    ``ValueError``, other spellings of the same id included: padding added or removed,
    another base64 alphabet, stray characters, ``"id:05"``, ``"id:+5"``, ``"id: 5"``.
13. ``GET /v1/items`` with a ``cursor`` that ``decode_cursor`` rejects -> **400**.
14. Every error response (400, 404, 405, 409, 422), those FastAPI answers by itself included
    (an unknown path -> 404; a method the path does not allow -> 405, which keeps its
    ``Allow`` header), is a problem details document (RFC 9457): media type
    ``application/problem+json`` and a JSON object with the strings ``type`` (a URI
    reference, e.g. ``"about:blank"``), ``title`` (short summary) and ``detail`` (this
    occurrence), and the integer ``status`` (the status code). Install exception handlers
    for your own errors, for FastAPI's ``RequestValidationError`` and for Starlette's
    ``HTTPException``.

Example::

    POST /v1/items {"name": "lamp", "price": 30}    -> 201, Location: /v1/items/1
    POST /v1/items {"name": "lamp", "price": 10}    -> 409 application/problem+json
    GET  /v1/items/1                                 -> 200, ETag: "a1b2..."
    GET  /v1/items/1  If-None-Match: "a1b2..."       -> 304
    GET  /v1/items?limit=2                           -> {"items": [...], "next_cursor": "aWQ6MQ"}
    DELETE /v1/items/1                               -> 204

Where to start
--------------
``encode_cursor`` / ``decode_cursor`` (``base64.urlsafe_b64encode``), then
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
