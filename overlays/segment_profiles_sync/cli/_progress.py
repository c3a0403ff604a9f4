"""A progress bar on stderr for work over several spaces, only when stderr is a terminal.

In CI (stderr not a terminal) it prints nothing, so logs stay clean. It reads the client's
public counters (`request_count`, `rate_limit.waits` / `.waited`) and the state layer's
`Progress` events; outcomes of an apply are kept for the Ctrl-C summary.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import IO, Any

from ..state import Change, Outcome, Progress
from ._render import rich_module


class ProgressBar:
    """Use as `on_progress=`; a context manager that draws only on a terminal."""

    def __init__(self, client: Any, label: str, stream: IO[str] | None = None) -> None:
        self.client = client
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.outcomes: list[Outcome] = []
        # An apply's changes by identity: sent (in order), and the latest outcome of each.
        self._started: dict[int, Change] = {}
        self._latest: dict[int, Outcome] = {}
        self._progress: Any = None
        self._task: Any = None

    def __enter__(self) -> ProgressBar:
        if self.stream.isatty():
            progress = rich_module("progress")
            console = rich_module("console").Console(file=self.stream)
            self._progress = progress.Progress(
                progress.TextColumn("{task.description}"),
                progress.BarColumn(),
                progress.MofNCompleteColumn(),
                progress.TextColumn("{task.fields[detail]}"),
                console=console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task(self.label, total=None, detail="")
        return self

    def __call__(self, event: Progress) -> None:
        if event.started is not None:
            self._started.setdefault(id(event.started), event.started)
        if event.outcome is not None:
            self.outcomes.append(event.outcome)
            self._started.setdefault(id(event.outcome.change), event.outcome.change)
            self._latest[id(event.outcome.change)] = event.outcome
        if self._progress is None:
            return
        limits = self.client.rate_limit
        waits = (
            f", waited {limits.waited:.1f} s ({limits.waits})" if limits and limits.waits else ""
        )
        detail = f"space {event.space_id}, {self.client.request_count} requests{waits}"
        self._progress.update(
            self._task,
            total=event.spaces_total,
            completed=event.spaces_done,
            detail=detail,
        )

    def applied(self) -> list[Outcome]:
        """The changes whose answer said they were applied (or recovered), in order sent."""
        latest = (self._latest.get(key) for key in self._started)
        return [o for o in latest if o is not None and o.status in {"applied", "recovered"}]

    def in_flight(self) -> list[Change]:
        """Sent, with no answer yet: they may have been applied."""
        return [c for key, c in self._started.items() if key not in self._latest]

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._progress is not None:
            self._progress.stop()
