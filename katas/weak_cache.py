"""Memory management: an event bus that lets go, and a record type without a ``__dict__``.

Task, part 1: ``EventBus``
--------------------------
An in-process event bus. ``subscribe(callback)`` registers a ``Callable[[Event], None]``;
``publish(event)`` calls every live subscriber with the event and returns how many it called;
``len(bus)`` is the number of live subscribers.

The bus must NOT keep its subscribers alive. A subscriber is often a bound method such as
``dashboard.on_event``: if the bus held a strong reference, every dashboard ever subscribed
would live as long as the bus (a classic leak in long-running services). Hold weak references
instead.

Careful with bound methods: ``obj.on_event`` creates a NEW bound-method object on every
attribute access, so ``weakref.ref(obj.on_event)`` dies immediately and the subscriber would
never be called. ``weakref.WeakMethod`` holds the object and the function weakly instead.
Plain functions, lambdas and callable objects take an ordinary ``weakref.ref``.

Task, part 2: ``Reading``
-------------------------
A record type for millions of sensor readings. An ordinary instance stores its attributes in a
per-instance ``__dict__``; declare ``__slots__`` so each instance has fixed slots instead.

Rules
-----
1. ``subscribe(callback)`` accepts any callable that takes an ``Event``: a function, a lambda,
   a bound method or an object with ``__call__``, also an unhashable one (such as an instance
   of a class that defines ``__eq__`` but no ``__hash__``) or a bound method of an unhashable
   object. Its type is ``Callable[[Event], None]``, so mypy rejects a callback with another
   signature.
2. ``publish(event)`` calls every subscriber that is alive exactly once, with the very
   ``event`` object, and returns the number of subscribers it called. (The order of the calls
   is up to you, and so is what subscribing the same callback twice does: the checks never
   do it. Two different objects that merely compare equal, or bound methods of two such
   objects, are two subscribers, and each is called.)
3. ``len(bus)`` is the number of live subscribers at the moment it is asked, also right after
   a subscriber died and before any ``publish``.
4. The bus never keeps a subscriber alive: once nothing else references a subscribed function,
   lambda or callable object, or the object behind a subscribed bound method, it is freed
   (after ``del`` and ``gc.collect()`` at the latest), ``publish`` no longer calls it and
   ``len(bus)`` no longer counts it.
5. A bound method ``obj.on_event`` stays subscribed, and is called by ``publish``, for as long
   as ``obj`` is alive, although the bound-method object itself is temporary.
6. ``subscribe`` raises ``TypeError`` for something that is not callable (such as ``42`` or an
   ``Event``).
7. Dead entries must not pile up: drop them, at the latest during the next ``publish`` (also
   when nothing new was subscribed in between). A bus whose subscribers keep coming and
   dying, with ``publish`` called now and then, must not grow without bound.
8. ``Reading(sensor, timestamp, value)`` has those three attributes, typed ``str``, ``float``
   and ``float``.
9. ``Reading`` instances have no per-instance ``__dict__`` (declare ``__slots__``): assigning
   an undeclared attribute such as ``reading.unit = "C"`` raises ``AttributeError``, and
   50,000 Readings take at most 80% of the memory of the same class written without slots.
10. mypy rejects ``reading.unit = "C"`` too.

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
