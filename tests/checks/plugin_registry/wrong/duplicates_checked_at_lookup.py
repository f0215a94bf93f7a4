"""Accepts a duplicate name when the class is defined and only complains at lookup time.

Each name maps to a list of classes; ``lookup`` raises when a name has two. The error shows up
far from its cause, possibly in production, instead of when the module is imported.

Caught by: test_duplicate_name_is_rejected_at_class_creation
"""

from __future__ import annotations

from typing import Any, ClassVar

REQUIRED_ATTRIBUTES = ("content_type", "extension")


def _check(cls: type, name: str | None) -> str:
    if name is None:
        raise TypeError(f"{cls.__name__} needs a name or abstract=True")
    missing = [attribute for attribute in REQUIRED_ATTRIBUTES if not hasattr(cls, attribute)]
    if missing:
        raise TypeError(f"plugin {cls.__name__} is missing {', '.join(missing)}")
    return name


class Plugin:
    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]
    _registry: ClassVar[dict[str, list[type[Plugin]]]] = {}

    def __init_subclass__(
        cls, *, name: str | None = None, abstract: bool = False, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if abstract:
            return
        cls.name = _check(cls, name)
        Plugin._registry.setdefault(cls.name, []).append(cls)

    @classmethod
    def lookup(cls, name: str) -> type[Plugin]:
        found = Plugin._registry[name]
        if len(found) > 1:
            raise ValueError(f"plugin name {name!r} is used by {len(found)} classes")
        return found[0]

    @classmethod
    def registered(cls) -> dict[str, type[Plugin]]:
        return {name: found[0] for name, found in Plugin._registry.items()}


class PluginMeta(type):
    registry: ClassVar[dict[str, list[type[MetaPlugin]]]] = {}

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
        if not bases or abstract:
            return cls
        checked = _check(cls, name)
        if issubclass(cls, MetaPlugin):
            cls.name = checked
            mcs.registry.setdefault(checked, []).append(cls)
        return cls


class MetaPlugin(metaclass=PluginMeta):
    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]

    @classmethod
    def lookup(cls, name: str) -> type[MetaPlugin]:
        found = PluginMeta.registry[name]
        if len(found) > 1:
            raise ValueError(f"plugin name {name!r} is used by {len(found)} classes")
        return found[0]

    @classmethod
    def registered(cls) -> dict[str, type[MetaPlugin]]:
        return {name: found[0] for name, found in PluginMeta.registry.items()}
