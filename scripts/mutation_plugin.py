"""A pytest plugin for `make mutation` only: freeze the heap once the tests are collected.

mutmut forks a child per mutant from a process that has already imported and collected the
tests. In the child, every full garbage collection (pytest runs two at teardown, looking for
unraisable exceptions, and the tests' own garbage triggers more) walks that whole inherited
heap. Objects frozen by `gc.freeze()` are skipped, and a forked child's pages stay shared.
Measured on the pacing tests: 0.50 s per mutant without it, 0.19 s with it.
"""

from __future__ import annotations

import gc

import pytest


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Everything alive now (modules, test items, fixtures' definitions) outlives the run."""
    del session
    gc.freeze()
