"""Registers every class it sees: abstract intermediates and the base end up in the registry.

A missing name falls back to the lower-cased class name, abstract classes are only spared the
attribute check, and the metaclass also registers the root ``MetaPlugin``.

Caught by: test_abstract_intermediates_are_not_registered, test_missing_name_is_rejected
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

REQUIRED_ATTRIBUTES = ("content_type", "extension")


def _check(cls: type, name: str, registry: Mapping[str, type], abstract: bool) -> None:
    if name in registry:
        raise ValueError(f"plugin name {name!r} is already used")
    if abstract:
        return
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
        name = name or cls.__name__.lower()
        _check(cls, name, Plugin._registry, abstract)
        cls.name = name
        Plugin._registry[name] = cls

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
        name = name or clsname.lower()
        _check(cls, name, mcs.registry, abstract or not bases)
        cls.name = name  # type: ignore[attr-defined]
        mcs.registry[name] = cls  # type: ignore[assignment]
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
