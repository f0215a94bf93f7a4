"""Hidden pytest checks for the weak_cache kata: weak subscribers and __slots__ records."""

from __future__ import annotations

import gc
import tracemalloc
import weakref
from collections.abc import Callable

import pytest

from katas.weak_cache import Event, EventBus, Reading


class Listener:
    """A subscriber object; what it receives is recorded outside it, in `inbox`."""

    def __init__(self, inbox: list[tuple[str, Event]], label: str = "listener") -> None:
        self.inbox = inbox
        self.label = label

    def on_event(self, event: Event) -> None:
        self.inbox.append((self.label, event))

    def __call__(self, event: Event) -> None:
        self.inbox.append((f"{self.label}()", event))


class EqualListener(Listener):
    """All EqualListeners compare equal and hash alike, yet each is a subscriber of its own."""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EqualListener)

    def __hash__(self) -> int:
        return 0


class UnhashableListener(Listener):
    """Defines __eq__ without __hash__, so its instances are unhashable."""

    def __eq__(self, other: object) -> bool:
        return self is other


def make_function(inbox: list[tuple[str, Event]], label: str) -> Callable[[Event], None]:
    """A fresh closure: nothing but the caller references it."""

    def handler(event: Event) -> None:
        inbox.append((label, event))

    return handler


class DictReading:
    """The same record written the ordinary way, with a per-instance __dict__."""

    def __init__(self, sensor: str, timestamp: float, value: float) -> None:
        self.sensor = sensor
        self.timestamp = timestamp
        self.value = value


def traced_bytes_per_instance(cls: Callable[[str, float, float], object], count: int) -> float:
    """Bytes allocated per instance while `count` instances are alive (tracemalloc)."""
    sensor, timestamp, value = "boiler", 1700000000.0, 71.5  # shared: only instances count
    instances: list[object | None] = [None] * count  # allocated before tracing starts
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for index in range(count):
            instances[index] = cls(sensor, timestamp, value)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return (after - before) / count


# --- checks ------------------------------------------------------------------------------------


@pytest.mark.rule(1, 2)
def test_subscribers_receive_published_events() -> None:
    """functions, bound methods and callable objects all receive each published event"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    listener = Listener(inbox, "method")
    callable_object = Listener(inbox, "object")
    function = make_function(inbox, "function")
    bus.subscribe(function)
    bus.subscribe(listener.on_event)
    bus.subscribe(callable_object)
    assert len(bus) == 3, f"expected len(bus) == 3 after 3 subscriptions, got {len(bus)}"
    event = Event("deploy", {"version": "1.2.3"})
    called = bus.publish(event)
    assert called == 3, f"expected publish() to return 3 (subscribers called), got {called}"
    got = sorted(label for label, _ in inbox)
    assert got == ["function", "method", "object()"], (
        f"expected each of the 3 subscribers to be called once, got calls from {got}"
    )
    assert all(received is event for _, received in inbox), (
        "each subscriber should receive the published Event object itself"
    )
    assert bus.publish(Event("again")) == 3, "a second publish() should call all 3 again"
    assert len(inbox) == 6, f"expected 6 calls after two publishes, got {len(inbox)}"
    assert EventBus().publish(event) == 0, "publish() on a bus without subscribers should return 0"


def assert_each_called_once(
    bus: EventBus, inbox: list[tuple[str, Event]], expected: list[str], why: str = ""
) -> None:
    """One publish calls each of the ``expected`` subscribers once, and counts them all."""
    called = bus.publish(Event("tick"))
    labels = sorted(label for label, _ in inbox)
    assert labels == expected, f"expected one call from each of {expected}, got {labels} {why}"
    assert called == len(expected), f"expected publish() to return {len(expected)}, got {called}"
    assert len(bus) == len(expected), f"expected len(bus) == {len(expected)}, got {len(bus)}"


@pytest.mark.rule(1)
def test_unhashable_subscribers_are_accepted() -> None:
    """an unhashable callable object, or a bound method of an unhashable object, is a subscriber"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    owner = UnhashableListener(inbox, "method")
    callable_object = UnhashableListener(inbox, "object")
    for what, callback in (
        ("a bound method of an unhashable object", owner.on_event),
        ("an unhashable callable object", callable_object),
    ):
        try:
            bus.subscribe(callback)
        except TypeError as error:
            pytest.fail(
                f"subscribe() refused {what} with {error!r}: a subscriber need not be hashable "
                "(a set or dict keyed by the callback, or by its weak reference, needs a hash)"
            )
    assert_each_called_once(bus, inbox, ["method", "object()"])


@pytest.mark.rule(2)
def test_equal_subscribers_are_all_called() -> None:
    """two different subscribers that merely compare equal are both called"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    listeners = [EqualListener(inbox, label) for label in ("first", "second", "third", "fourth")]
    bus.subscribe(listeners[0].on_event)
    bus.subscribe(listeners[1].on_event)
    bus.subscribe(listeners[2])
    bus.subscribe(listeners[3])
    assert_each_called_once(
        bus, inbox, ["first", "fourth()", "second", "third()"], "(a == b is still two subscribers)"
    )


@pytest.mark.rule(2)
def test_publish_counts_only_the_subscribers_it_called() -> None:
    """publish() calls each live subscriber once and returns that number, dead ones left out"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    listeners = [Listener(inbox, f"method{i}") for i in range(3)]
    functions = [make_function(inbox, f"function{i}") for i in range(3)]
    for listener, function in zip(listeners, functions, strict=True):
        bus.subscribe(listener.on_event)
        bus.subscribe(function)
    del listeners[1], functions[0]
    gc.collect()
    event = Event("tick")
    called = bus.publish(event)
    labels = sorted(label for label, _ in inbox)
    expected = ["function1", "function2", "method0", "method2"]
    assert labels == expected, f"expected one call from each of {expected}, got {labels}"
    assert called == 4, f"expected publish() to return 4 (live subscribers called), got {called}"
    inbox.clear()
    assert bus.publish(event) == 4, "a second publish() should call the same 4 again"
    assert len(inbox) == 4, f"expected 4 calls on the second publish, got {len(inbox)}"


@pytest.mark.rule(3)
def test_len_counts_only_live_subscribers() -> None:
    """len(bus) counts the live subscribers, also right after one died and before any publish"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    assert len(bus) == 0, f"a new bus should have len 0, got {len(bus)}"
    listener = Listener(inbox, "method")
    callable_object = Listener(inbox, "object")
    function = make_function(inbox, "function")
    bus.subscribe(listener.on_event)
    bus.subscribe(callable_object)
    bus.subscribe(function)
    assert len(bus) == 3, f"expected len(bus) == 3 after 3 subscriptions, got {len(bus)}"
    del listener
    gc.collect()
    assert len(bus) == 2, (
        f"expected len(bus) == 2 right after the bound method's object died, got {len(bus)}"
    )
    del function
    gc.collect()
    assert len(bus) == 1, f"expected len(bus) == 1 right after the function died, got {len(bus)}"
    del callable_object
    gc.collect()
    assert len(bus) == 0, f"expected len(bus) == 0 once every subscriber died, got {len(bus)}"
    assert inbox == [], f"nothing was published, yet subscribers were called: {inbox}"


@pytest.mark.rule(5)
def test_bound_method_subscriber_is_called() -> None:
    """a bound method stays subscribed for as long as its object is alive"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    listener = Listener(inbox)
    bus.subscribe(listener.on_event)
    gc.collect()
    called = bus.publish(Event("tick"))
    assert inbox, (
        "a bound method subscriber (listener.on_event) was never called although the listener "
        "is alive: listener.on_event is a temporary object, so a weakref.ref to it dies at "
        "once; weakref.WeakMethod is made for bound methods"
    )
    assert called == 1, f"expected publish() to return 1, got {called}"
    assert len(bus) == 1, f"expected len(bus) == 1 while the listener lives, got {len(bus)}"


@pytest.mark.rule(4)
def test_bus_does_not_keep_objects_alive() -> None:
    """after del and gc.collect(), an object subscribed by a bound method is gone and not called"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    keeper = Listener(inbox, "keeper")
    bus.subscribe(keeper.on_event)
    listener = Listener(inbox, "temporary")
    bus.subscribe(listener.on_event)
    alive = weakref.ref(listener)
    del listener
    gc.collect()
    assert alive() is None, (
        "the listener object is still alive after `del` and gc.collect(): the bus keeps a "
        "strong reference to it (through the bound method)"
    )
    called = bus.publish(Event("tick"))
    labels = [label for label, _ in inbox]
    assert labels == ["keeper"], f"expected only the live 'keeper' to be called, got {labels}"
    assert called == 1, f"expected publish() to return 1 (one live subscriber), got {called}"
    assert len(bus) == 1, f"expected len(bus) == 1 after one subscriber died, got {len(bus)}"


@pytest.mark.rule(4)
def test_bus_does_not_keep_functions_alive() -> None:
    """after del and gc.collect(), a function or callable-object subscriber is gone, not called"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    function = make_function(inbox, "function")
    callable_object = Listener(inbox, "object")
    bus.subscribe(function)
    bus.subscribe(callable_object)
    refs = [weakref.ref(function), weakref.ref(callable_object)]
    del function, callable_object
    gc.collect()
    assert [ref() is None for ref in refs] == [True, True], (
        "a subscribed function or callable object is still alive after `del` and "
        "gc.collect(): the bus keeps a strong reference to it"
    )
    called = bus.publish(Event("tick"))
    assert inbox == [], f"dead subscribers must not be called, got calls from {inbox}"
    assert called == 0, f"expected publish() to return 0, got {called}"
    assert len(bus) == 0, f"expected len(bus) == 0 when every subscriber is dead, got {len(bus)}"


@pytest.mark.rule(4)
def test_publish_keeps_nothing_alive() -> None:
    """subscribers that publish() already called are freed once nothing else references them"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    listener = Listener(inbox, "method")
    callable_object = Listener(inbox, "object")
    function = make_function(inbox, "function")
    bus.subscribe(listener.on_event)
    bus.subscribe(callable_object)
    bus.subscribe(function)
    assert bus.publish(Event("tick")) == 3, "expected publish() to call the 3 subscribers"
    refs: list[Callable[[], object]] = [
        weakref.ref(listener),
        weakref.ref(callable_object),
        weakref.ref(function),
    ]
    del listener, callable_object, function
    gc.collect()
    labels = ("the bound method's object", "the callable object", "the function")
    alive = [label for label, ref in zip(labels, refs, strict=True) if ref() is not None]
    assert alive == [], (
        f"after a publish(), `del` and gc.collect(), these subscribers are still alive: {alive}; "
        "the bus (or something publish() left behind) keeps a strong reference to them"
    )
    assert bus.publish(Event("tock")) == 0, "dead subscribers must not be called"
    assert len(bus) == 0, f"expected len(bus) == 0 when every subscriber is dead, got {len(bus)}"


@pytest.mark.rule(6)
def test_subscribe_rejects_non_callables() -> None:
    """subscribe() raises TypeError for something that is not callable"""
    bus = EventBus()
    for not_callable in (42, "handler", Event("x")):
        try:
            bus.subscribe(not_callable)  # type: ignore[arg-type]
        except TypeError:
            continue
        pytest.fail(f"subscribe({not_callable!r}) should raise TypeError, it was accepted")


@pytest.mark.rule(8)
def test_reading_has_its_three_fields() -> None:
    """Reading(sensor, timestamp, value) keeps its three fields"""
    reading = Reading("boiler", 1700000000.0, 71.5)
    got = (reading.sensor, reading.timestamp, reading.value)
    assert got == ("boiler", 1700000000.0, 71.5), (
        f"expected (sensor, timestamp, value) == ('boiler', 1700000000.0, 71.5), got {got}"
    )
    other = Reading("chiller", 1.5, -3.25)
    got = (other.sensor, other.timestamp, other.value)
    assert got == ("chiller", 1.5, -3.25), (
        f"expected (sensor, timestamp, value) == ('chiller', 1.5, -3.25), got {got}"
    )
    got = (reading.sensor, reading.timestamp, reading.value)
    assert got == ("boiler", 1700000000.0, 71.5), f"a second Reading changed the first: {got}"


@pytest.mark.rule(9)
def test_reading_rejects_unknown_attributes() -> None:
    """Reading has no room for undeclared attributes: reading.unit = 'C' raises AttributeError"""
    reading = Reading("boiler", 1700000000.0, 71.5)
    try:
        reading.unit = "C"  # type: ignore[attr-defined]
    except AttributeError:
        return
    pytest.fail(
        "assigning an undeclared attribute (reading.unit = 'C') succeeded: instances still "
        "have a per-instance __dict__ (declare __slots__)"
    )


@pytest.mark.rule(9)
def test_slot_records_use_less_memory() -> None:
    """50,000 Readings take at most 80% of the memory of the same class without __slots__"""
    count = 50_000
    with_dict = traced_bytes_per_instance(DictReading, count)
    slotted = traced_bytes_per_instance(Reading, count)
    ratio = slotted / with_dict
    assert ratio <= 0.8, (
        f"a Reading takes {slotted:.0f} bytes, the same class with a __dict__ {with_dict:.0f} "
        f"bytes (ratio {ratio:.2f}); expected at most 0.8 of it with __slots__"
    )


@pytest.mark.rule(7)
def test_publish_drops_dead_entries() -> None:
    """publish() drops the entries of dead subscribers, even when nothing new is subscribed"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    keeper = Listener(inbox, "keeper")
    bus.subscribe(keeper.on_event)
    count = 5_000
    functions = [make_function(inbox, "gone") for _ in range(count)]  # allocated untraced
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        for function in functions:
            bus.subscribe(function)
        del function
        while_alive = tracemalloc.get_traced_memory()[0] - before
        functions.clear()
        gc.collect()
        called = bus.publish(Event("tick"))
        gc.collect()
        after_publish = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert called == 1, f"expected publish() to call only the live keeper, it returned {called}"
    ratio = after_publish / while_alive
    assert ratio <= 0.5, (
        f"{count:,} subscribers made the bus hold {while_alive:,} bytes; after they died and "
        f"publish() ran, it still holds {after_publish:,} bytes ({ratio:.0%}): publish() must "
        "drop the dead entries (at the latest), not leave them for a later subscribe()"
    )


def churn(bus: EventBus, inbox: list[tuple[str, Event]], rounds: int) -> None:
    """Subscribers that die at once, 1,000 per round, and one publish() per round."""
    for _ in range(rounds):
        for _ in range(500):
            bus.subscribe(make_function(inbox, "gone"))
            bus.subscribe(Listener(inbox, "gone").on_event)
        gc.collect()
        bus.publish(Event("tick"))


@pytest.mark.rule(7)
def test_dead_entries_do_not_pile_up() -> None:
    """dead entries are dropped by publish() at the latest: a bus with churn does not grow"""
    inbox: list[tuple[str, Event]] = []
    bus = EventBus()
    keeper = Listener(inbox, "keeper")
    bus.subscribe(keeper.on_event)
    churn(bus, inbox, rounds=3)  # the bus's containers reach their working size
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        churn(bus, inbox, rounds=10)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    per_subscription = (after - before) / 10_000
    assert per_subscription < 40, (
        f"after 10,000 more subscribers came and died (with a publish() after every 1,000), "
        f"the bus still holds {per_subscription:.0f} bytes per dead subscription: dead entries "
        "pile up instead of being dropped"
    )
    assert [label for label, _ in inbox] == ["keeper"] * 13, (
        "only the live keeper should have been called, once per publish()"
    )
    assert len(bus) == 1, f"expected len(bus) == 1 (the keeper), got {len(bus)}"
