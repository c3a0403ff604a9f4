"""The public surface: `__all__` sorted and complete, everything importable and documented."""

from __future__ import annotations

import importlib
import inspect

import pytest
import segment_profiles_sync

MODULES = [
    "segment_profiles_sync",
    "segment_profiles_sync.errors",
    "segment_profiles_sync.models",
    "segment_profiles_sync.pagination",
    "segment_profiles_sync.retry",
    "segment_profiles_sync.testing",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_is_sorted_and_resolves(name: str) -> None:
    """`__all__` is sorted, has no duplicates, and every name exists."""
    module = importlib.import_module(name)
    exported = list(module.__all__)
    assert exported == sorted(exported)
    assert len(set(exported)) == len(exported)
    for attr in exported:
        assert hasattr(module, attr), attr


def test_top_level_exports_every_public_name() -> None:
    """Every public class or function reachable at top level is listed in `__all__`."""
    module = segment_profiles_sync
    public = {
        n
        for n, v in vars(module).items()
        if not n.startswith("_") and (inspect.isclass(v) or inspect.isfunction(v))
    }
    assert public <= set(module.__all__)


def test_every_error_is_exported_at_top_level() -> None:
    """The whole exception tree is importable from the package root."""
    from segment_profiles_sync import errors

    for name in errors.__all__:
        assert getattr(segment_profiles_sync, name) is getattr(errors, name)


def test_both_clients_have_the_same_methods() -> None:
    """Sync and async twins expose the same public names and signatures."""
    from segment_profiles_sync import AsyncProfilesSync, ProfilesSync

    def surface(cls: type) -> dict[str, inspect.Signature]:
        return {
            n: inspect.signature(getattr(cls, n))
            for n in dir(cls)
            if not n.startswith("_") and callable(getattr(cls, n))
        }

    sync, async_ = surface(ProfilesSync), surface(AsyncProfilesSync)
    assert set(sync) - {"close"} == set(async_) - {"aclose"}
    for name in set(sync) - {"close", "__init__"}:
        if name in async_:
            assert list(sync[name].parameters) == list(async_[name].parameters), name


def test_version() -> None:
    """The version is a PEP 440 string shared with the package metadata."""
    from importlib.metadata import version

    assert segment_profiles_sync.__version__ == version("segment-profiles-sync")
