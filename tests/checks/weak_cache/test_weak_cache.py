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


def test_subscribe_rejects_non_callables() -> None:
    """subscribe() raises TypeError for something that is not callable"""
    bus = EventBus()
    for not_callable in (42, "handler", Event("x")):
        try:
            bus.subscribe(not_callable)  # type: ignore[arg-type]
        except TypeError:
            continue
        pytest.fail(f"subscribe({not_callable!r}) should raise TypeError, it was accepted")


def test_reading_rejects_unknown_attributes() -> None:
    """Reading keeps its three fields and has no room for undeclared attributes"""
    reading = Reading("boiler", 1700000000.0, 71.5)
    got = (reading.sensor, reading.timestamp, reading.value)
    assert got == ("boiler", 1700000000.0, 71.5), (
        f"expected (sensor, timestamp, value) == ('boiler', 1700000000.0, 71.5), got {got}"
    )
    try:
        reading.unit = "C"  # type: ignore[attr-defined]
    except AttributeError:
        return
    pytest.fail(
        "assigning an undeclared attribute (reading.unit = 'C') succeeded: instances still "
        "have a per-instance __dict__ (declare __slots__)"
    )


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
