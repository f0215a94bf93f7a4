"""Memory management: an event bus that lets go, and a record type without a ``__dict__``.

Task, part 1: ``EventBus``
--------------------------
An in-process event bus. ``subscribe(callback)`` registers a ``Callable[[Event], None]``;
``publish(event)`` calls every live subscriber with the event and returns how many it called;
``len(bus)`` is the number of live subscribers.

The bus must NOT keep its subscribers alive. A subscriber is often a bound method such as
``dashboard.on_event``: if the bus held a strong reference, every dashboard ever subscribed
would live as long as the bus (a classic leak in long-running services). Hold weak references
instead: once nothing else references a subscriber (after ``del`` and ``gc.collect()``), it is
gone, ``publish`` no longer calls it, and ``len(bus)`` no longer counts it.

Careful with bound methods: ``obj.on_event`` creates a NEW bound-method object on every
attribute access, so ``weakref.ref(obj.on_event)`` dies immediately and the subscriber would
never be called. ``weakref.WeakMethod`` holds the object and the function weakly instead.
Plain functions, lambdas and callable objects take an ordinary ``weakref.ref``.

Rules:
- ``subscribe`` raises ``TypeError`` for something that is not callable.
- Dead entries must not pile up forever: drop them, at the latest during ``publish``.
- Subscribers that are alive during ``publish`` are called once each.

Task, part 2: ``Reading``
-------------------------
A record type for millions of sensor readings: ``Reading(sensor, timestamp, value)`` with
those three attributes. An ordinary instance stores its attributes in a per-instance
``__dict__``; declare ``__slots__`` so each instance has fixed slots instead. That saves memory
(the checks compare the memory of many Readings with the same class written without slots)
and makes assigning an undeclared attribute raise ``AttributeError``.

Example
-------
>>> bus = EventBus()
>>> class Dashboard:
...     def __init__(self) -> None:
...         self.seen: list[str] = []
...     def on_event(self, event: Event) -> None:
...         self.seen.append(event.topic)
>>> board = Dashboard()
>>> bus.subscribe(board.on_event)
>>> bus.publish(Event("deploy"))
1
>>> board.seen
['deploy']
>>> del board
>>> import gc; _ = gc.collect()
>>> bus.publish(Event("deploy")), len(bus)
(0, 0)
>>> r = Reading("boiler", 1700000000.0, 71.5)
>>> r.value
71.5
>>> r.unit = "C"
Traceback (most recent call last):
...
AttributeError: 'Reading' object has no attribute 'unit'

Where to start
--------------
Store a list of ``weakref.ref`` objects; pick ``weakref.WeakMethod`` when
``inspect.ismethod(callback)``. Calling a reference returns the object, or ``None`` once it
is dead. Then add ``__slots__ = (...)`` to ``Reading``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Event:
    """Something that happened: a topic and an optional payload. (Given, nothing to do.)"""

    topic: str
    payload: dict[str, object] = field(default_factory=dict)


class EventBus:
    """Publishes events to subscribers it references only weakly."""

    def subscribe(self, callback: Callable[[Event], None]) -> None:
        """Register callback without keeping it (or the object it is bound to) alive."""
        raise NotImplementedError

    def publish(self, event: Event) -> int:
        """Call every live subscriber with event; return how many were called."""
        raise NotImplementedError

    def __len__(self) -> int:
        """The number of live subscribers."""
        raise NotImplementedError


class Reading:
    """One sensor reading, stored in slots rather than a per-instance __dict__."""

    def __init__(self, sensor: str, timestamp: float, value: float) -> None:
        raise NotImplementedError
