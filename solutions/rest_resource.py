"""Reference solution: a versioned CRUD resource with cursor pagination, problems and ETags."""

import base64
import binascii
import hashlib
from collections.abc import Mapping
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Header, Query, Request, Response
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
CURSOR_PREFIX = "id:"


class ItemIn(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    price: Annotated[int, Field(ge=0)]


class Item(ItemIn):
    id: int


class Page(BaseModel):
    items: list[Item]
    next_cursor: str | None


class Problem(Exception):
    """An error answered as RFC 9457 problem details."""

    def __init__(self, status: int, detail: str, type_: str = "about:blank") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.type = type_


def encode_cursor(last_id: int) -> str:
    raw = f"{CURSOR_PREFIX}{last_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeError) as error:
        raise ValueError(f"invalid cursor {cursor!r}") from error
    number = text.removeprefix(CURSOR_PREFIX)
    if not text.startswith(CURSOR_PREFIX) or not (number.isascii() and number.isdigit()):
        raise ValueError(f"invalid cursor {cursor!r}")
    if encode_cursor(int(number)) != cursor:  # one spelling per id: no padding, no "05"
        raise ValueError(f"invalid cursor {cursor!r}")
    return int(number)


def etag_of(item: Item) -> str:
    return f'"{hashlib.sha256(item.model_dump_json().encode()).hexdigest()[:20]}"'


def etag_matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison, as RFC 9110 requires for If-None-Match."""
    if if_none_match.strip() == "*":
        return True
    wanted = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return etag.removeprefix("W/") in wanted


def problem_response(
    status: int,
    detail: str,
    type_: str = "about:blank",
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> Response:
    body = {"type": type_, "title": HTTPStatus(status).phrase, "status": status, "detail": detail}
    return JSONResponse(
        jsonable_encoder({**body, **extra}), status, headers=headers, media_type=PROBLEM_JSON
    )


def create_app() -> FastAPI:
    items: dict[int, Item] = {}
    next_id = 1
    router = APIRouter(prefix="/v1/items")

    def find(item_id: int) -> Item:
        if item_id not in items:
            raise Problem(404, f"item {item_id} does not exist")
        return items[item_id]

    def check_name_free(name: str, owner: int | None = None) -> None:
        if any(item.name == name and item.id != owner for item in items.values()):
            raise Problem(409, f"an item named {name!r} already exists", "/problems/duplicate-name")

    @router.post("", status_code=201, response_model=Item)
    async def create_item(data: ItemIn, request: Request, response: Response) -> Item:
        nonlocal next_id
        check_name_free(data.name)
        item = Item(id=next_id, **data.model_dump())
        items[item.id] = item
        next_id += 1
        response.headers["Location"] = str(request.url_for("get_item", item_id=item.id))
        response.headers["ETag"] = etag_of(item)
        return item

    @router.get("", response_model=Page)
    async def list_items(
        limit: Annotated[int, Query(ge=1, le=100)] = 20, cursor: str | None = None
    ) -> Page:
        try:
            before = decode_cursor(cursor) if cursor is not None else None
        except ValueError:
            raise Problem(400, "the cursor is not one this server issued") from None
        newest_first = sorted((i for i in items if before is None or i < before), reverse=True)
        chosen = newest_first[: limit + 1]
        more = len(chosen) > limit
        page = [items[i] for i in chosen[:limit]]
        return Page(items=page, next_cursor=encode_cursor(page[-1].id) if more else None)

    @router.get("/{item_id}", response_model=Item)
    async def get_item(
        item_id: int,
        response: Response,
        if_none_match: Annotated[str | None, Header()] = None,
    ) -> Item | Response:
        item = find(item_id)
        etag = etag_of(item)
        if if_none_match is not None and etag_matches(if_none_match, etag):
            return Response(status_code=304, headers={"ETag": etag})
        response.headers["ETag"] = etag
        return item

    @router.put("/{item_id}", response_model=Item)
    async def replace_item(item_id: int, data: ItemIn, response: Response) -> Item:
        find(item_id)
        check_name_free(data.name, owner=item_id)
        item = items[item_id] = Item(id=item_id, **data.model_dump())
        response.headers["ETag"] = etag_of(item)
        return item

    @router.delete("/{item_id}", status_code=204)
    async def delete_item(item_id: int) -> None:
        find(item_id)
        del items[item_id]

    app = FastAPI()
    app.include_router(router)

    @app.exception_handler(Problem)
    async def on_problem(request: Request, error: Problem) -> Response:
        return problem_response(error.status, error.detail, error.type)

    @app.exception_handler(RequestValidationError)
    async def on_invalid(request: Request, error: RequestValidationError) -> Response:
        errors = [{"loc": e["loc"], "msg": e["msg"]} for e in error.errors()]
        return problem_response(422, "the request is not valid", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def on_http_error(request: Request, error: StarletteHTTPException) -> Response:
        # keep the error's headers: a 405 must say which methods are allowed (Allow)
        return problem_response(error.status_code, str(error.detail), headers=error.headers)

    return app
