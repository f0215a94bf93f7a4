"""Hidden mypy checks for the token_bucket kata."""

import time
from typing import assert_type

from katas.token_bucket import TokenBucket


def check_accepts_a_fake_clock_and_sleep() -> None:
    """any clock returning float and any async sleep can be injected

    Rules: 7
    """

    class FakeTime:
        now = 0.0

        def clock(self) -> float:
            return self.now

        async def sleep(self, seconds: float) -> None:
            self.now += seconds

    fake = FakeTime()
    TokenBucket(2.0, 5, clock=fake.clock, sleep=fake.sleep)
    TokenBucket(2, 5)


def check_async_with_and_acquire() -> None:
    """`async with bucket:` and `await bucket.acquire()` both work; nothing is released

    Rules: 4
    """

    async def use(bucket: TokenBucket) -> None:
        async with bucket as entered:
            assert_type(entered, None)
        await bucket.acquire()
        bucket.release()  # type: ignore[attr-defined]


def check_sleep_must_be_async() -> None:
    """a blocking sleep such as time.sleep is rejected

    Rules: 7
    """
    TokenBucket(2.0, 5, sleep=time.sleep)  # type: ignore[arg-type]


def check_clock_must_return_float() -> None:
    """a clock returning something other than a number is rejected

    Rules: 7
    """

    def text_clock() -> str:
        return "12:00"

    TokenBucket(2.0, 5, clock=text_clock)  # type: ignore[arg-type]


def check_clock_and_sleep_are_keyword_only() -> None:
    """clock and sleep are keyword-only; rate and capacity are numbers

    Rules: 1, 7
    """
    TokenBucket(2.0, 5, clock=time.monotonic)
    TokenBucket(2.0, 5, time.monotonic)  # type: ignore[call-arg]
    TokenBucket("2/s", 5)  # type: ignore[arg-type]
