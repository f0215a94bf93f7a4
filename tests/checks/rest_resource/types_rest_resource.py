"""Hidden mypy checks for the `rest_resource` kata."""

from typing import assert_type

from fastapi import FastAPI

from katas.rest_resource import Item, Page, create_app, decode_cursor, encode_cursor


def check_cursor_functions() -> None:
    """encode_cursor takes an int id and returns str; decode_cursor does the reverse

    Rules: 12
    """
    assert_type(encode_cursor(17), str)
    assert_type(decode_cursor("aWQ6MTc"), int)
    assert_type(decode_cursor(encode_cursor(17)), int)
    encode_cursor("17")  # type: ignore[arg-type]
    decode_cursor(17)  # type: ignore[arg-type]


def check_app_and_models() -> None:
    """create_app returns a FastAPI app; the models keep their field types

    Rules: 1, 10
    """
    assert_type(create_app(), FastAPI)
    page = Page(items=[Item(id=1, name="lamp", price=30)], next_cursor=None)
    assert_type(page.items[0].id, int)
    assert_type(page.next_cursor, str | None)
    create_app("items")  # type: ignore[call-arg]
