"""An advisory lock per space, so two applies on one machine do not race (`apply --lock`).

Two applies of one space at once can each create the same warehouse: the API has no lock to
take. Apply detects it afterwards (at least one run fails and names the duplicate), and on
one machine this lock prevents it: each space's lock file (under the user's cache directory,
named by a hash of the API root and the space id) is held with `flock` for the whole apply,
and a second apply that finds one held stops before writing anything. Across machines only
the CI's concurrency group or an orchestrator pool serialises runs (the documentation says
so). Where `fcntl` does not exist (Windows) the command goes on unlocked, and says so.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import IO

from ..errors import StateError, StateProblem

__all__ = ["lock_directory", "space_locks"]


def lock_directory() -> Path:
    """`$XDG_CACHE_HOME/segment-profiles-sync/locks` (default `~/.cache/…`)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "segment-profiles-sync" / "locks"


def lock_path(base_url: str, space_id: str) -> Path:
    digest = hashlib.sha256(f"{base_url}\n{space_id}".encode()).hexdigest()[:32]
    return lock_directory() / f"{digest}.lock"


@contextmanager
def space_locks(
    base_url: str, space_ids: Iterable[str], warn: IO[str] | None = None
) -> Iterator[None]:
    """Hold every space's lock (in sorted order, so two runs cannot deadlock) or raise
    `StateError` naming the spaces another apply holds, before anything is written."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        if warn is not None:
            warn.write("warning: no file locks on this platform: apply runs unlocked\n")
        yield
        return
    directory = lock_directory()
    directory.mkdir(parents=True, exist_ok=True)
    held: list[StateProblem] = []
    with ExitStack() as stack:
        for space_id in sorted(set(space_ids)):
            path = lock_path(base_url, space_id)
            handle = stack.enter_context(path.open("a+", encoding="utf-8"))
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.seek(0)
                owner = handle.read().strip() or "another process"
                held.append(
                    StateProblem(
                        f"spaces.{space_id}",
                        f"another apply on this machine holds this space ({owner}; lock file "
                        f"{path}): wait for it to finish, or pass --no-lock if you are sure",
                    )
                )
                continue
            handle.seek(0)
            handle.truncate()
            handle.write(f"pid {os.getpid()}")
            handle.flush()
        if held:
            raise StateError(held)
        yield
