"""Names a package exports but loads on first use (PEP 562), shared by every lazy package.

`import segment_profiles_sync` (and `segment_profiles_sync.airflow`) must cost almost
nothing: httpx, attrs, the generated code, Airflow, load only when a name that needs them is
touched. A package gives its table (name -> module) and its `__all__`; this returns the
module-level `__getattr__` and `__dir__` to bind.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str, table: Mapping[str, str], names: Iterable[str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`: a name of `table` is imported from its
    module (relative to the package) once, then kept in the package's namespace."""
    exported = set(names)

    def __getattr__(name: str) -> object:  # noqa: N807 - the module hook's own name
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        vars(sys.modules[package])[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807 - the module hook's own name
        return sorted(set(vars(sys.modules[package])) | exported)

    return __getattr__, __dir__
