"""Hidden mypy checks for the cache_aside kata."""

from dataclasses import dataclass
from typing import assert_type

from katas.cache_aside import CacheAside, CacheStats


def check_infers_key_and_value_types() -> None:
    """CacheAside[K, V] takes K and V from the loader: get() returns the loaded type

    Rules: 10
    """

    @dataclass
    class User:
        name: str

    async def load_user(user_id: int) -> User:
        return User("ada")

    async def save_user(user_id: int, user: User) -> None:
        pass

    users = CacheAside(load_user, save_user, ttl=30.0)
    assert_type(users, CacheAside[int, User])

    async def use() -> None:
        assert_type(await users.get(1), User)
        await users.set(2, User("grace"))
        users.invalidate(3)


def check_rejects_wrong_keys_and_values() -> None:
    """a str key for an int-keyed cache, or a value of the wrong type, is rejected

    Rules: 10
    """

    async def load_name(user_id: int) -> str:
        return "ada"

    async def save_name(user_id: int, name: str) -> None:
        pass

    names = CacheAside(load_name, save_name, ttl=5)

    async def misuse() -> None:
        await names.get("1")  # type: ignore[arg-type]
        await names.set(1, 42)  # type: ignore[arg-type]
        names.invalidate(b"1")  # type: ignore[arg-type]
        (await names.get(1)).bit_length()  # type: ignore[attr-defined]


def check_loader_must_be_async() -> None:
    """the loader and the store must be async callables (a plain function is rejected)

    Rules: 10
    """

    def load_now(key: str) -> str:
        return key

    async def save(key: str, value: str) -> None:
        pass

    CacheAside(load_now, save, ttl=1.0)  # type: ignore[arg-type]


def check_loader_and_store_agree_on_the_value_type() -> None:
    """a store that takes another value type than the loader returns is rejected

    Rules: 10
    """

    async def load(key: str) -> str:
        return key

    async def save_count(key: str, value: int) -> None:
        pass

    CacheAside(load, save_count, ttl=1.0)  # type: ignore[misc]


def check_ttl_and_clock_are_keyword_only() -> None:
    """ttl and clock are keyword-only, and clock returns float seconds

    Rules: 10
    """

    async def load(key: str) -> str:
        return key

    async def save(key: str, value: str) -> None:
        pass

    def noon() -> str:
        return "12:00"

    CacheAside(load, save, ttl=1.0, clock=lambda: 12.0)
    CacheAside(load, save, 1.0)  # type: ignore[call-arg]
    CacheAside(load, save, ttl=1.0, clock=noon)  # type: ignore[arg-type]


def check_stats_are_a_read_only_snapshot() -> None:
    """cache.stats is a CacheStats with int counters that callers cannot overwrite

    Rules: 10
    """

    async def load(key: str) -> str:
        return key

    async def save(key: str, value: str) -> None:
        pass

    cache = CacheAside(load, save, ttl=1.0)
    assert_type(cache.stats, CacheStats)
    assert_type(cache.stats.hits, int)
    assert_type(cache.stats.misses, int)
    cache.stats.hits = 0  # type: ignore[misc]
    cache.stats = CacheStats(hits=0, misses=0)  # type: ignore[misc]
