"""Hidden checks for the `rest_resource` kata."""

import base64
import itertools
import re
from typing import Any

import httpx
import pytest
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from katas.rest_resource import create_app, decode_cursor, encode_cursor

PROBLEM_JSON = "application/problem+json"
ETAG = re.compile(r'^(W/)?"[^"]*"$')


def client() -> httpx.AsyncClient:
    app = create_app()
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


async def create(http: httpx.AsyncClient, name: str, price: int = 10) -> dict[str, Any]:
    response = await http.post("/v1/items", json={"name": name, "price": price})
    assert response.status_code in (200, 201), (
        f"expected POST /v1/items to create the item, got {response.status_code}: {response.text}"
    )
    item: dict[str, Any] = response.json()
    return item


def assert_problem(response: httpx.Response, status: int) -> None:
    assert response.status_code == status, (
        f"expected status {status}, got {response.status_code}: {response.text}"
    )
    content_type = response.headers.get("content-type", "")
    assert content_type.startswith(PROBLEM_JSON), (
        f"expected content-type {PROBLEM_JSON} for an error, got {content_type!r}"
    )
    body = response.json()
    assert isinstance(body, dict), f"expected a JSON object, got {body!r}"
    for key in ("type", "title", "detail"):
        assert isinstance(body.get(key), str), (
            f"expected a string {key!r} member in the problem document, got {body}"
        )
    assert body.get("status") == status, (
        f"expected the problem's 'status' member to be {status}, got {body.get('status')!r}"
    )


@pytest.mark.rule(2, 3)
async def test_create_returns_201_with_location() -> None:
    """POST answers 201 Created with a Location header pointing at the new item"""
    async with client() as http:
        response = await http.post("/v1/items", json={"name": "lamp", "price": 30})
        assert response.status_code == 201, (
            f"expected 201 Created, got {response.status_code}: {response.text}"
        )
        body = response.json()
        assert body == {"id": 1, "name": "lamp", "price": 30}, (
            f'expected {{"id": 1, "name": "lamp", "price": 30}}, got {body}'
        )
        location = response.headers.get("location")
        assert location, "expected a Location header on 201 Created"
        followed = await http.get(str(response.url.join(location)))
        assert followed.status_code == 200, (
            f"expected GET on the Location {location!r} to answer 200, got {followed.status_code}"
        )
        assert followed.json() == body, f"expected Location to lead to the new item, got {body}"
        second = await create(http, "desk", 100)
        assert second["id"] == 2, f"expected the second item to get id 2, got {second}"


@pytest.mark.rule(7, 8)
async def test_get_update_and_delete_status_codes() -> None:
    """GET 200, PUT 200, DELETE 204 with an empty body, then 404"""
    async with client() as http:
        item = await create(http, "lamp", 30)
        url = f"/v1/items/{item['id']}"
        response = await http.get(url)
        assert response.status_code == 200, f"expected 200, got {response.status_code}"
        assert response.json() == item, f"expected the item back, got {response.text}"

        response = await http.put(url, json={"name": "lamp", "price": 35})
        assert response.status_code == 200, (
            f"expected PUT to answer 200, got {response.status_code}: {response.text}"
        )
        assert response.json() == {"id": item["id"], "name": "lamp", "price": 35}, (
            f"expected the replaced item, got {response.text}"
        )
        assert (await http.get(url)).json()["price"] == 35, "expected PUT to be stored"

        response = await http.delete(url)
        assert response.status_code == 204, (
            f"expected DELETE to answer 204 No Content, got {response.status_code}"
        )
        assert response.content == b"", f"expected an empty body with 204, got {response.content!r}"
        assert (await http.get(url)).status_code == 404, "expected 404 after DELETE"
        assert (await http.delete(url)).status_code == 404, "expected 404 deleting twice"


@pytest.mark.rule(4)
async def test_duplicate_names_conflict() -> None:
    """a name used by another item answers 409 Conflict"""
    async with client() as http:
        lamp = await create(http, "lamp")
        desk = await create(http, "desk")
        response = await http.post("/v1/items", json={"name": "lamp", "price": 1})
        assert response.status_code == 409, (
            f"expected 409 for a duplicate name on POST, got {response.status_code}"
        )
        response = await http.put(f"/v1/items/{desk['id']}", json={"name": "lamp", "price": 1})
        assert response.status_code == 409, (
            f"expected 409 when PUT renames an item to a taken name, got {response.status_code}"
        )
        response = await http.put(f"/v1/items/{lamp['id']}", json={"name": "lamp", "price": 2})
        assert response.status_code == 200, (
            f"expected an item to keep its own name on PUT (200), got {response.status_code}"
        )
        await http.delete(f"/v1/items/{lamp['id']}")
        response = await http.post("/v1/items", json={"name": "lamp", "price": 3})
        assert response.status_code in (200, 201), (
            f"expected a deleted item's name to be free again, got {response.status_code}"
        )


@pytest.mark.rule(14)
@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/v1/items/999", None, 404),
        ("PUT", "/v1/items/999", {"name": "x", "price": 1}, 404),
        ("DELETE", "/v1/items/999", None, 404),
        ("POST", "/v1/items", {"name": "taken", "price": 1}, 409),
        ("POST", "/v1/items", {"name": "", "price": 1}, 422),
        ("POST", "/v1/items", {"name": "x", "price": -1}, 422),
        ("POST", "/v1/items", {"price": 1}, 422),
        ("POST", "/v1/items", {"name": "x" * 101, "price": 1}, 422),
        ("PUT", "/v1/items/1", {"name": "x", "price": "many"}, 422),
        ("GET", "/v1/items/abc", None, 422),
        ("GET", "/v1/items?limit=0", None, 422),
        ("GET", "/v1/items?limit=101", None, 422),
        ("GET", "/v1/items?limit=ten", None, 422),
        ("GET", "/v1/items?cursor=!!!", None, 400),
        ("GET", "/v1/nothing-here", None, 404),
        ("GET", "/items/1", None, 404),
        ("PATCH", "/v1/items/1", {"price": 2}, 405),
        ("DELETE", "/v1/items", None, 405),
    ],
)
async def test_errors_are_problem_details(method: str, path: str, body: Any, status: int) -> None:
    """every error, FastAPI's own 404 and 405 included, is application/problem+json"""
    async with client() as http:
        await create(http, "taken")
        response = await http.request(method, path, json=body)
    assert_problem(response, status)


@pytest.mark.rule(14)
async def test_more_error_paths_are_problem_details() -> None:
    """malformed JSON, a 405's Allow header and a missing item under If-None-Match: *"""
    async with client() as http:
        await create(http, "taken")
        malformed = await http.post(
            "/v1/items", content=b'{"name": "x", ', headers={"content-type": "application/json"}
        )
        assert_problem(malformed, 422)
        not_allowed = await http.patch("/v1/items/1", json={"price": 2})
        assert_problem(not_allowed, 405)
        allow = not_allowed.headers.get("allow", "")
        assert "GET" in allow, (
            "expected the 405 problem to keep the Allow header of Starlette's 405 (it names "
            f"the methods the path allows), got {allow!r}: pass the exception's headers on"
        )
        missing = await http.get("/v1/items/999", headers={"If-None-Match": "*"})
        assert_problem(missing, 404)


@pytest.mark.rule(9)
@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/v1/items/999", None, 404),
        ("PUT", "/v1/items/999", {"name": "new", "price": 1}, 404),
        ("PUT", "/v1/items/999", {"name": "taken", "price": 1}, 404),
        ("DELETE", "/v1/items/999", None, 404),
        ("POST", "/v1/items", {"name": "", "price": 1}, 422),
        ("POST", "/v1/items", {"name": "x", "price": -1}, 422),
        ("POST", "/v1/items", {"price": 1}, 422),
        ("POST", "/v1/items", {"name": "x" * 101, "price": 1}, 422),
        ("PUT", "/v1/items/1", {"name": "x", "price": "many"}, 422),
        ("GET", "/v1/items/abc", None, 422),
        ("GET", "/v1/items?limit=0", None, 422),
        ("GET", "/v1/items?limit=101", None, 422),
        ("GET", "/v1/items?limit=ten", None, 422),
    ],
)
async def test_unknown_ids_and_invalid_input(
    method: str, path: str, body: Any, status: int
) -> None:
    """unknown ids answer 404 (a PUT creates nothing) and invalid input 422"""
    async with client() as http:
        await create(http, "taken")
        response = await http.request(method, path, json=body)
        assert response.status_code == status, (
            f"expected {status} for {method} {path}, got {response.status_code}: {response.text}"
        )
        listed = [i["id"] for i in (await http.get("/v1/items")).json()["items"]]
    assert listed == [1], f"expected the failed request to change nothing, items are {listed}"


@pytest.mark.rule(5, 6)
async def test_etag_and_if_none_match() -> None:
    """GET sends an ETag, and If-None-Match with it answers 304 Not Modified"""
    async with client() as http:
        item = await create(http, "lamp", 30)
        url = f"/v1/items/{item['id']}"
        first = await http.get(url)
        etag = first.headers.get("etag")
        assert etag, "expected an ETag header on GET"
        assert ETAG.match(etag), f'expected a quoted ETag such as "abc123", got {etag!r}'
        assert (await http.get(url)).headers.get("etag") == etag, (
            "expected the same ETag while the item is unchanged"
        )
        for condition in (etag, f'"something-else", {etag}', f'"something-else",{etag}', "*"):
            response = await http.get(url, headers={"If-None-Match": condition})
            assert response.status_code == 304, (
                f"expected 304 Not Modified for If-None-Match: {condition}, "
                f"got {response.status_code}"
            )
            assert response.content == b"", f"expected no body with 304, got {response.content!r}"
            assert response.headers.get("etag") == etag, "expected the ETag header on 304 too"
        response = await http.get(url, headers={"If-None-Match": '"something-else"'})
        assert response.status_code == 200, (
            f"expected 200 when If-None-Match does not match, got {response.status_code}"
        )
        missing = await http.get("/v1/items/999", headers={"If-None-Match": "*"})
        assert missing.status_code == 404, (
            "expected 404 for a missing item even with If-None-Match: * (it matches only an "
            f"existing item), got {missing.status_code}"
        )


@pytest.mark.rule(5, 7)
async def test_etag_changes_after_update() -> None:
    """the ETag changes when the item changes, so old copies are not reused"""
    async with client() as http:
        item = await create(http, "lamp", 30)
        url = f"/v1/items/{item['id']}"
        old = (await http.get(url)).headers.get("etag")
        updated = await http.put(url, json={"name": "lamp", "price": 45})
        assert updated.status_code == 200, f"expected PUT to answer 200, got {updated.status_code}"
        new = (await http.get(url)).headers.get("etag")
        assert old, "expected an ETag header on GET"
        assert new, "expected an ETag header on GET after PUT"
        assert new != old, f"expected a new ETag after the price changed, got {old} both times"
        put_etag = updated.headers.get("etag")
        assert put_etag == new, f"expected PUT to return the new ETag {new}, got {put_etag}"
        response = await http.get(url, headers={"If-None-Match": old})
        assert response.status_code == 200, (
            f"expected 200 with the new content for an outdated ETag, got {response.status_code}"
        )
        assert response.json()["price"] == 45, f"expected the updated item, got {response.text}"


@pytest.mark.rule(5, 7)
async def test_etag_changes_for_every_content_change() -> None:
    """the ETag changes with every change of name or price, however the fields could be joined"""
    # consecutive contents whose fields spell the same string when joined without a separator
    contents = [("lamp1", 2), ("lamp", 12), ("1lamp", 2), ("lamp", 21)]
    async with client() as http:
        item = await create(http, *contents[0])
        url = f"/v1/items/{item['id']}"
        old = (await http.get(url)).headers.get("etag")
        for before, (name, price) in itertools.pairwise(contents):
            updated = await http.put(url, json={"name": name, "price": price})
            assert updated.status_code == 200, (
                f"expected PUT to answer 200, got {updated.status_code}"
            )
            new = (await http.get(url)).headers.get("etag")
            assert new != old, (
                f"expected a new ETag when the item changed from {before} to {(name, price)}, "
                f"got {old} both times"
            )
            old = new


@pytest.mark.rule(10)
async def test_pages_are_newest_first_with_a_final_null_cursor() -> None:
    """pages list items newest first, at most `limit`, and end with next_cursor null"""
    async with client() as http:
        for index in range(5):
            await create(http, f"item-{index}")
        response = await http.get("/v1/items", params={"limit": 2})
        assert response.status_code == 200, f"expected 200, got {response.status_code}"
        page = response.json()
        assert [i["id"] for i in page["items"]] == [5, 4], (
            f"expected the first page to hold ids [5, 4] (newest first), got {page}"
        )
        seen = [i["id"] for i in page["items"]]
        requests = 1
        while page["next_cursor"] is not None and requests < 10:
            cursor = page["next_cursor"]
            assert isinstance(cursor, str), f"expected a string cursor, got {cursor!r}"
            page = (await http.get("/v1/items", params={"limit": 2, "cursor": cursor})).json()
            assert len(page["items"]) <= 2, f"expected at most 2 items per page, got {page}"
            seen += [i["id"] for i in page["items"]]
            requests += 1
        assert seen == [5, 4, 3, 2, 1], f"expected ids [5, 4, 3, 2, 1] across pages, got {seen}"
        assert page["next_cursor"] is None, "expected next_cursor null on the last page"
        assert requests <= 4, f"expected at most 4 page requests for 5 items, made {requests}"
        everything = (await http.get("/v1/items")).json()
        assert len(everything["items"]) == 5, "expected the default limit to fit 5 items"
        assert everything["next_cursor"] is None, "expected no next page when all items fit"


async def fetch_all_pages(
    http: httpx.AsyncClient, limit: int, between: list[list[tuple[str, int]]]
) -> tuple[list[int], set[int], set[int]]:
    """Page through the collection, running the writes in `between[i]` after page i.

    Returns (ids seen in order, ids that existed at the start and were never deleted,
    ids deleted before some page was fetched).
    """
    start_ids = {
        i["id"] for i in (await http.get("/v1/items", params={"limit": 100})).json()["items"]
    }
    survivors = set(start_ids)
    deleted: set[int] = set()
    seen: list[int] = []
    cursor: str | None = None
    counter = 0
    for step in range(len(start_ids) + 20):
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        response = await http.get("/v1/items", params=params)
        assert response.status_code == 200, f"expected 200, got {response.status_code}"
        page = response.json()
        for item in page["items"]:
            assert item["id"] not in deleted, (
                f"page {step + 1} returned item {item['id']}, deleted before it was requested"
            )
        seen += [i["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            return seen, survivors, deleted
        for action, number in between[step] if step < len(between) else []:
            if action == "insert":
                counter += 1
                await create(http, f"new-{step}-{counter}-{number}")
            else:
                existing = [
                    i["id"]
                    for i in (await http.get("/v1/items", params={"limit": 100})).json()["items"]
                ]
                if existing:
                    victim = existing[number % len(existing)]
                    deleted_response = await http.delete(f"/v1/items/{victim}")
                    assert deleted_response.status_code == 204, (
                        f"expected DELETE to answer 204, got {deleted_response.status_code}"
                    )
                    survivors.discard(victim)
                    deleted.add(victim)
    raise AssertionError(f"pagination did not end; ids seen so far: {seen}")


def check_pagination(seen: list[int], survivors: set[int]) -> None:
    duplicates = sorted({i for i in seen if seen.count(i) > 1})
    assert not duplicates, f"expected every item at most once, got duplicates {duplicates}: {seen}"
    missing = sorted(survivors - set(seen))
    assert not missing, (
        f"expected every item that existed throughout to be listed, missing {missing}: {seen}"
    )
    assert seen == sorted(seen, reverse=True), f"expected newest first across pages, got {seen}"


@pytest.mark.rule(11)
@pytest.mark.parametrize(
    ("writes", "why"),
    [
        ([[("insert", 0), ("insert", 0)], [("insert", 0)]], "inserts"),
        ([[("delete", 0)], [("delete", 0)]], "deletes of the newest items"),
        ([[("insert", 0), ("delete", 5)], [("delete", 1), ("insert", 0)]], "mixed writes"),
    ],
)
async def test_pagination_is_stable_under_writes(
    writes: list[list[tuple[str, int]]], why: str
) -> None:
    """following the cursors lists every item exactly once while items are added or removed"""
    async with client() as http:
        for index in range(9):
            await create(http, f"item-{index}")
        seen, survivors, _ = await fetch_all_pages(http, 3, writes)
    check_pagination(seen, survivors)


# No shrinking: every example runs dozens of requests, and the parametrized check above
# already shows a small failing schedule.
@pytest.mark.rule(11)
@settings(max_examples=40, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(
    initial=st.integers(0, 10),
    limit=st.integers(1, 4),
    writes=st.lists(
        st.lists(st.tuples(st.sampled_from(["insert", "delete"]), st.integers(0, 50)), max_size=3),
        max_size=5,
    ),
)
async def test_pagination_visits_every_item_once(
    initial: int, limit: int, writes: list[list[tuple[str, int]]]
) -> None:
    """any schedule of inserts and deletes between pages: no item twice, no survivor missed"""
    async with client() as http:
        for index in range(initial):
            await create(http, f"item-{index}")
        seen, survivors, _ = await fetch_all_pages(http, limit, writes)
    check_pagination(seen, survivors)


@pytest.mark.rule(12)
@given(st.integers(min_value=0, max_value=2**63))
def test_cursor_round_trips(last_id: int) -> None:
    """decode_cursor(encode_cursor(id)) == id, and the cursor is URL-safe and opaque"""
    cursor = encode_cursor(last_id)
    assert decode_cursor(cursor) == last_id, (
        f"expected decode_cursor(encode_cursor({last_id})) == {last_id}, "
        f"got {decode_cursor(cursor)!r}"
    )
    assert re.fullmatch(r"[A-Za-z0-9_\-=.~]+", cursor), (
        f"expected a URL-safe cursor, got {cursor!r}"
    )
    assert cursor != str(last_id), (
        f"expected an opaque cursor, not the bare id {last_id}: clients must not build cursors"
    )


@pytest.mark.rule(12)
@pytest.mark.parametrize("garbage", ["", "!!!", "@@@@", "a b c", "%%%%", "\u00e9\u00e9\u00e9"])
def test_invalid_cursors_raise_value_error(garbage: str) -> None:
    """decode_cursor raises ValueError for strings it did not make"""
    with pytest.raises(ValueError):  # noqa: PT011
        decode_cursor(garbage)


# --- the store, ids, paging boundaries and cursor spelling ------------------------------------


@pytest.mark.rule(1)
async def test_each_app_has_its_own_store() -> None:
    """two apps never share items: each starts empty and numbers from 1"""
    async with client() as first, client() as second:
        await create(first, "lamp")
        await create(first, "desk")
        listed = (await second.get("/v1/items")).json()
        assert listed["items"] == [], f"expected a new app to start empty, got {listed}"
        created = await create(second, "lamp")
        assert created["id"] == 1, (
            f"expected the new app's first item to get id 1 (and the name to be free), got "
            f"{created}"
        )
        assert (await first.get("/v1/items/2")).status_code == 200, "the first app lost item 2"


@pytest.mark.rule(2)
async def test_ids_are_never_reused() -> None:
    """ids grow 1, 2, 3, ... and a deleted item's id is never given out again"""
    async with client() as http:
        ids = [(await create(http, f"item-{n}"))["id"] for n in range(3)]
        assert ids == [1, 2, 3], f"expected ids 1, 2, 3 in creation order, got {ids}"
        await http.delete("/v1/items/3")
        fourth = await create(http, "item-3")
        assert fourth["id"] == 4, (
            f"expected id 4 after deleting the newest item (3), got {fourth['id']}: ids are "
            "never reused"
        )
        await http.delete("/v1/items/1")
        fifth = await create(http, "item-4")
        assert fifth["id"] == 5, f"expected id 5 after deleting item 1, got {fifth['id']}"
        listed = [i["id"] for i in (await http.get("/v1/items")).json()["items"]]
        assert listed == [5, 4, 2], f"expected items 5, 4, 2 to exist, got {listed}"


@pytest.mark.rule(10)
@pytest.mark.parametrize(("count", "limit"), [(4, 2), (3, 3), (20, None), (100, 100), (1, 1)])
async def test_next_cursor_is_null_when_a_page_ends_the_list_exactly(
    count: int, limit: int | None
) -> None:
    """when the last page is exactly full, its next_cursor is already null"""
    async with client() as http:
        for index in range(count):
            await create(http, f"item-{index}")
        params: dict[str, Any] = {} if limit is None else {"limit": limit}
        pages: list[list[int]] = []
        cursor: str | None = None
        for _ in range(count + 2):
            response = await http.get(
                "/v1/items", params=params if cursor is None else {**params, "cursor": cursor}
            )
            assert response.status_code == 200, f"expected 200, got {response.status_code}"
            page = response.json()
            pages.append([i["id"] for i in page["items"]])
            cursor = page["next_cursor"]
            if cursor is None:
                break
    size = limit or 20
    expected = [list(range(count, 0, -1))[i : i + size] for i in range(0, count, size)]
    assert pages == expected, (
        f"with {count} items and limit {limit}, expected the pages {expected} and then "
        f"next_cursor null, got the pages {pages} (a full page is not proof of a next page)"
    )


def spellings(last_id: int) -> list[str]:
    """Strings close to a cursor for last_id: other encodings, paddings and number forms."""
    canonical = encode_cursor(last_id)
    texts = [
        f"id:{last_id}",
        f"id:0{last_id}",
        f"id:+{last_id}",
        f"id: {last_id}",
        f"id:{last_id} ",
        f"id:{last_id}\n",
        f"ID:{last_id}",
        f"{last_id}",
        f"id:{last_id}_0",
        "id:" + str(last_id).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")),
        f'{{"id": {last_id}}}',
    ]
    found = [
        canonical + "=",
        canonical + "==",
        canonical.rstrip("="),
        canonical + "!",
        "." + canonical,
        canonical[:1] + " " + canonical[1:],
        canonical.replace("-", "+").replace("_", "/"),
        canonical + "\n",
    ]
    for text in texts:
        raw = text.encode()
        for encoded in (base64.urlsafe_b64encode(raw), base64.b64encode(raw)):
            found += [encoded.decode(), encoded.decode().rstrip("=")]
    return found


@pytest.mark.rule(12)
@given(st.one_of(st.sampled_from([0, 5, 17, 62, 63, 248, 1000, 4095]), st.integers(0, 10**9)))
def test_decode_cursor_accepts_only_what_encode_cursor_makes(last_id: int) -> None:
    """decode_cursor accepts a string only if encode_cursor makes exactly that string"""
    for candidate in spellings(last_id):
        try:
            decoded = decode_cursor(candidate)
        except ValueError:
            continue
        assert encode_cursor(decoded) == candidate, (
            f"decode_cursor({candidate!r}) returned {decoded}, but encode_cursor({decoded}) is "
            f"{encode_cursor(decoded)!r}: accept only the exact strings encode_cursor makes "
            "(one spelling per id), raise ValueError for anything else"
        )


@pytest.mark.rule(13)
async def test_cursors_the_server_did_not_issue_are_400() -> None:
    """a cursor the server did not issue, or another spelling of one, answers 400"""
    async with client() as http:
        for index in range(5):
            await create(http, f"item-{index}")
        issued = (await http.get("/v1/items", params={"limit": 2})).json()["next_cursor"]
        assert isinstance(issued, str), f"expected a next_cursor string, got {issued!r}"
        ok = await http.get("/v1/items", params={"limit": 2, "cursor": issued})
        assert ok.status_code == 200, f"expected the issued cursor to work, got {ok.status_code}"
        padded = issued.rstrip("=") if issued.endswith("=") else issued + "=="
        for cursor in ["!!!", "not-a-cursor", issued + "!", padded, "MTc"]:
            response = await http.get("/v1/items", params={"limit": 2, "cursor": cursor})
            assert response.status_code == 400, (
                f"expected 400 for the cursor {cursor!r} (the server issued {issued!r}), got "
                f"{response.status_code}: {response.text}"
            )


# --- empty cursors, renames, name case, cursor content and ETag spelling -----------------------


@pytest.mark.rule(13)
async def test_an_empty_cursor_is_400() -> None:
    """an empty cursor (`?cursor=`) is a cursor decode_cursor rejects: 400, not the first page"""
    with pytest.raises(ValueError):  # noqa: PT011
        decode_cursor("")
    async with client() as http:
        for index in range(3):
            await create(http, f"item-{index}")
        response = await http.get("/v1/items", params={"limit": 2, "cursor": ""})
        assert_problem(response, 400)


@pytest.mark.rule(4)
async def test_a_renamed_items_old_name_is_free() -> None:
    """after a PUT renames an item, its old name is free: no other item uses it"""
    async with client() as http:
        lamp = await create(http, "lamp")
        renamed = await http.put(f"/v1/items/{lamp['id']}", json={"name": "lantern", "price": 5})
        assert renamed.status_code == 200, (
            f"expected PUT to rename the item (200), got {renamed.status_code}: {renamed.text}"
        )
        response = await http.post("/v1/items", json={"name": "lamp", "price": 7})
        assert response.status_code == 201, (
            "expected POST of 'lamp' to succeed after item 1 was renamed to 'lantern' (no item "
            f"uses 'lamp' any more), got {response.status_code}: {response.text}"
        )
        desk = await create(http, "desk")
        back = await http.put(f"/v1/items/{desk['id']}", json={"name": "table", "price": 1})
        assert back.status_code == 200, f"expected 200 renaming desk, got {back.status_code}"
        response = await http.put(f"/v1/items/{lamp['id']}", json={"name": "desk", "price": 5})
        assert response.status_code == 200, (
            "expected a PUT to take the name 'desk' once its item was renamed to 'table', got "
            f"{response.status_code}: {response.text}"
        )
        response = await http.post("/v1/items", json={"name": "lantern", "price": 1})
        assert response.status_code == 201, (
            "expected 'lantern' to be free after its item was renamed again, got "
            f"{response.status_code}: {response.text}"
        )
        response = await http.post("/v1/items", json={"name": "table", "price": 1})
        assert response.status_code == 409, (
            f"expected 409 for 'table', still used by another item, got {response.status_code}"
        )


@pytest.mark.rule(4)
async def test_names_that_differ_only_in_case_are_different() -> None:
    """names are compared exactly: "Lamp" is not the name "lamp" already in use"""
    async with client() as http:
        await create(http, "lamp")
        response = await http.post("/v1/items", json={"name": "Lamp", "price": 1})
        assert response.status_code == 201, (
            "expected POST of 'Lamp' to succeed while only 'lamp' exists (a different name), "
            f"got {response.status_code}: {response.text}"
        )
        desk = await create(http, "desk")
        response = await http.put(f"/v1/items/{desk['id']}", json={"name": "LAMP", "price": 1})
        assert response.status_code == 200, (
            "expected PUT renaming to 'LAMP' to succeed while only 'lamp' and 'Lamp' exist, got "
            f"{response.status_code}: {response.text}"
        )
        response = await http.post("/v1/items", json={"name": "Lamp", "price": 2})
        assert response.status_code == 409, (
            f"expected 409 for 'Lamp' once an item uses it, got {response.status_code}"
        )


URL_SAFE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def assert_decodes_only_its_own_spelling(candidate: str, last_id: int) -> None:
    try:
        decoded = decode_cursor(candidate)
    except ValueError:
        return
    assert encode_cursor(decoded) == candidate, (
        f"decode_cursor({candidate!r}) returned {decoded}, but encode_cursor({decoded}) is "
        f"{encode_cursor(decoded)!r} (a string close to encode_cursor({last_id})): accept only "
        "the exact strings encode_cursor makes, raise ValueError for anything else"
    )


@pytest.mark.rule(12)
@given(st.one_of(st.sampled_from([0, 1, 5, 9, 17, 62, 99, 248, 1000]), st.integers(0, 10**9)))
def test_decode_cursor_rejects_other_final_characters(last_id: int) -> None:
    """a cursor with its last character changed (e.g. in bits base64 ignores) is rejected"""
    canonical = encode_cursor(last_id)
    for position in (len(canonical) - 1, len(canonical) - 2):
        if position < 0:
            continue
        for char in URL_SAFE_ALPHABET:
            candidate = canonical[:position] + char + canonical[position + 1 :]
            if candidate != canonical:
                assert_decodes_only_its_own_spelling(candidate, last_id)


UNICODE_DIGITS = ["\u0665", "\u0967", "\uff15", "\u09ea", "\U0001d7d3"]


@pytest.mark.rule(12)
@given(st.one_of(st.sampled_from([1, 5, 17, 90, 248]), st.integers(1, 10**6)))
def test_decode_cursor_rejects_non_ascii_digits(last_id: int) -> None:
    """decode_cursor rejects cursors whose text holds non-ASCII digits (e.g. "id:1\u0665")"""
    number = str(last_id)
    texts = [f"id:{number}{digit}" for digit in UNICODE_DIGITS]
    texts += [f"id:{number[0]}{digit}{number[1:]}" for digit in UNICODE_DIGITS]
    for text in texts:
        encoded = base64.urlsafe_b64encode(text.encode()).decode()
        for candidate in (encoded, encoded.rstrip("=")):
            assert_decodes_only_its_own_spelling(candidate, last_id)


@pytest.mark.rule(11)
@pytest.mark.parametrize(("count", "limit"), [(5, 2), (7, 3), (4, 1)])
async def test_next_cursor_encodes_the_last_id_of_the_page(count: int, limit: int) -> None:
    """next_cursor decodes to the id of the page's last item"""
    async with client() as http:
        for index in range(count):
            await create(http, f"item-{index}")
        cursor: str | None = None
        seen: list[int] = []
        for _ in range(count + 1):
            params: dict[str, Any] = {"limit": limit}
            if cursor is not None:
                params["cursor"] = cursor
            page = (await http.get("/v1/items", params=params)).json()
            ids = [i["id"] for i in page["items"]]
            seen += ids
            cursor = page["next_cursor"]
            if cursor is None:
                break
            assert decode_cursor(cursor) == ids[-1], (
                f"expected next_cursor to encode the last id of the page {ids} ({ids[-1]}), "
                f"got a cursor for {decode_cursor(cursor)}"
            )
    assert seen == list(range(count, 0, -1)), f"expected every item once, got {seen}"


STRONG_ETAG = re.compile(r'"(?:[\x20\x21\x23-\x5b\x5d-\x7e]|\\[\x20-\x7e])*"')


def assert_strong_etag(etag: str | None, what: str) -> None:
    assert etag, f"expected an ETag header on {what}"
    assert STRONG_ETAG.fullmatch(etag), (
        f'expected the ETag on {what} to be a quoted string ("...", ASCII, no quote inside), '
        f"got {etag!r}"
    )


@pytest.mark.rule(5)
async def test_etag_is_a_quoted_string() -> None:
    """the ETag is a quoted string "...", not a weak W/"..." tag"""
    async with client() as http:
        item = await create(http, "lamp", 30)
        url = f"/v1/items/{item['id']}"
        assert_strong_etag((await http.get(url)).headers.get("etag"), f"GET {url}")
        updated = await http.put(url, json={"name": "lamp", "price": 31})
        assert updated.status_code == 200, f"expected PUT to answer 200, got {updated.status_code}"
        assert_strong_etag((await http.get(url)).headers.get("etag"), f"GET {url} after PUT")


@pytest.mark.rule(5, 6)
@pytest.mark.parametrize(
    "name", ['say "hi"', "lamp \U0001f4a1", "caf\u00e9 cr\u00e8me", 'a"b"c', "back\\slash"]
)
async def test_etag_is_well_formed_for_any_name(name: str) -> None:
    """any item name gives GET 200 and a well-formed quoted ASCII ETag"""
    app = create_app()
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        item = await create(http, name, 30)
        url = f"/v1/items/{item['id']}"
        response = await http.get(url)
        assert response.status_code == 200, (
            f"expected GET of the item named {name!r} to answer 200, got "
            f"{response.status_code}: {response.text}"
        )
        assert response.json() == item, f"expected the item back, got {response.text}"
        etag = response.headers.get("etag")
        assert_strong_etag(etag, f"GET of the item named {name!r}")
        again = await http.get(url, headers={"If-None-Match": str(etag)})
        assert again.status_code == 304, (
            f"expected 304 for If-None-Match with the item's own ETag, got {again.status_code}"
        )
