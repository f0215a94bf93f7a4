"""A registry of plugin subclasses, with __init_subclass__ and with a metaclass: reference
solution.

``__init_subclass__`` is preferred: it is an ordinary classmethod hook that ``type.__new__``
calls on the parent, so it needs no custom metaclass (no metaclass conflict when a plugin also
derives from ``abc.ABC`` or an ORM base), it composes with ``super()``, and type checkers check
the class keywords against its signature. A metaclass can do more (change the namespace before
the class exists, control ``isinstance``), but nothing here needs that power.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

REQUIRED_ATTRIBUTES = ("content_type", "extension")


def _checked_name(cls: type, name: str | None, registry: Mapping[str, type]) -> str:
    """Reject a concrete plugin class before it is registered; return its name."""
    if name is None:
        raise TypeError(
            f"{cls.__name__} needs a name (class {cls.__name__}(..., name='...')) or abstract=True"
        )
    if name in registry:
        raise ValueError(f"plugin name {name!r} is already used by {registry[name].__qualname__}")
    missing = [attribute for attribute in REQUIRED_ATTRIBUTES if not hasattr(cls, attribute)]
    if missing:
        raise TypeError(f"plugin {cls.__name__} ({name!r}) is missing {', '.join(missing)}")
    return name


class Plugin:
    """Base class of the ``__init_subclass__`` hierarchy."""

    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]
    _registry: ClassVar[dict[str, type[Plugin]]] = {}

    def __init_subclass__(
        cls, *, name: str | None = None, abstract: bool = False, **kwargs: Any
    ) -> None:
        super().__init_subclass__(**kwargs)
        if abstract:
            return
        cls.name = _checked_name(cls, name, Plugin._registry)
        Plugin._registry[cls.name] = cls

    @classmethod
    def lookup(cls, name: str) -> type[Plugin]:
        """The plugin class registered under ``name``; ``KeyError`` when there is none."""
        return Plugin._registry[name]

    @classmethod
    def registered(cls) -> dict[str, type[Plugin]]:
        """A copy of the registry: name -> plugin class."""
        return dict(Plugin._registry)


class PluginMeta(type):
    """The metaclass that gives ``MetaPlugin`` the same behaviour as ``Plugin``."""

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
        if not bases or abstract:  # the MetaPlugin root itself, or an abstract intermediate
            return cls
        checked = _checked_name(cls, name, mcs.registry)
        if issubclass(cls, MetaPlugin):
            cls.name = checked
            mcs.registry[checked] = cls
        return cls


class MetaPlugin(metaclass=PluginMeta):
    """Base class of the metaclass hierarchy."""

    name: ClassVar[str]
    content_type: ClassVar[str]
    extension: ClassVar[str]

    @classmethod
    def lookup(cls, name: str) -> type[MetaPlugin]:
        """The plugin class registered under ``name``; ``KeyError`` when there is none."""
        return PluginMeta.registry[name]

    @classmethod
    def registered(cls) -> dict[str, type[MetaPlugin]]:
        """A copy of the registry: name -> plugin class."""
        return dict(PluginMeta.registry)
