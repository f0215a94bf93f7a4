"""Registers the class first and validates it afterwards, so a rejected class stays registered.

The class statement does raise ``TypeError`` for a missing attribute, but the broken class is
already in the registry: its name is taken and ``lookup`` returns it.

Caught by: test_missing_required_attribute_is_rejected
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any, ClassVar

REQUIRED_ATTRIBUTES = ("content_type", "extension")


def _register(cls: Any, name: str | None, registry: MutableMapping[str, Any]) -> None:
    if name is None:
        raise TypeError(f"{cls.__name__} needs a name or abstract=True")
    if name in registry:
        raise ValueError(f"plugin name {name!r} is already used by {registry[name].__name__}")
    cls.name = name
    registry[name] = cls
    missing = [attribute for attribute in REQUIRED_ATTRIBUTES if not hasattr(cls, attribute)]
    if missing:
        raise TypeError(f"plugin {cls.__name__} is missing {', '.join(missing)}")


class Plugin:
    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]
    _registry: ClassVar[dict[str, type[Plugin]]] = {}

    def __init_subclass__(
        cls, *, name: str | None = None, abstract: bool = False, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if not abstract:
            _register(cls, name, Plugin._registry)

    @classmethod
    def lookup(cls, name: str) -> type[Plugin]:
        return Plugin._registry[name]

    @classmethod
    def registered(cls) -> dict[str, type[Plugin]]:
        return dict(Plugin._registry)


class PluginMeta(type):
    registry: ClassVar[dict[str, type[MetaPlugin]]] = {}

    def __new__(
        mcs,
        clsname: str,
        bases: tuple[type, ...],
        namespace: dict[str, Any],
        /,
        *,
        name: str | None = None,
        abstract: bool = False,
        **kwargs: Any,
    ) -> PluginMeta:
        cls = super().__new__(mcs, clsname, bases, namespace, **kwargs)
        if bases and not abstract:
            _register(cls, name, mcs.registry)
        return cls


class MetaPlugin(metaclass=PluginMeta):
    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]

    @classmethod
    def lookup(cls, name: str) -> type[MetaPlugin]:
        return PluginMeta.registry[name]

    @classmethod
    def registered(cls) -> dict[str, type[MetaPlugin]]:
        return dict(PluginMeta.registry)
