"""Applies under stress: two runs of one space at once, a replace whose create fails, a
progress callback that raises. Over real HTTP, through both clients (the `twin` fixture)."""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

import pytest
from segment_profiles_sync import (
    AmbiguousStateError,
    ProfilesSync,
)
from segment_profiles_sync.cli import main
from segment_profiles_sync.state import (
    DesiredState,
    Progress,
)
from segment_profiles_sync.testing import ProfilesSyncEmulator

from tests.conftest import SPACE, Twin
from tests.documents import BIGQUERY, after_post, document, entry, named, write

# -- 1. two applies at once ---------------------------------------------------------------------


def test_a_name_taken_since_the_plan_is_not_created_again(
    twin: Twin, emulator: ProfilesSyncEmulator
) -> None:
    """Each create lists the space first: a name another run created meanwhile is refused."""
    plan = twin.run(lambda c: c.plan(DesiredState.from_dict(document(entry("A"), entry("B")))))
    after_post(emulator, lambda: emulator.add_warehouse(SPACE, name="B"))
    result = twin.run(lambda c: c.apply(plan))
    assert [o.status for o in result.outcomes] == ["applied", "failed"]
    assert "appeared" in str(result.outcomes[1].error)
    assert not result.ok
    assert len(named(emulator, "B")) == 1


def test_a_concurrent_create_fails_the_change(twin: Twin, emulator: ProfilesSyncEmulator) -> None:
    """After a space's creates it is listed again: a second warehouse with a managed name
    that this run did not create fails the change (not `applied`), and its selective sync
    is not set."""
    state = DesiredState.from_dict(
        document(entry("A", selective_sync={"collections": {"tracks": False}}))
    )
    plan = twin.run(lambda c: c.plan(state))
    other: list[str] = []
    after_post(emulator, lambda: other.append(emulator.add_warehouse(SPACE, name="A")["id"]))
    result = twin.run(lambda c: c.apply(plan))
    assert [o.status for o in result.outcomes] == ["failed", "skipped"]
    error = result.outcomes[0].error
    assert isinstance(error, AmbiguousStateError)
    assert other[0] in str(error)
    assert result.outcomes[0].warehouse_id in named(emulator, "A")
    with pytest.raises(AmbiguousStateError):
        twin.run(lambda c: c.plan(state))


def test_a_create_that_cannot_be_checked_afterwards_is_not_a_success(
    twin: Twin, emulator: ProfilesSyncEmulator
) -> None:
    """The listing after the creates fails (the space cannot be read again): the create is
    not reported as a success, since nothing checked that another run did not create it too."""
    plan = twin.run(lambda c: c.plan(DesiredState.from_dict(document(entry("A")))))
    after_post(emulator, lambda: emulator.fail_next(503, method="GET", times=10))
    result = twin.run(lambda c: c.apply(plan))
    [outcome] = result.outcomes
    assert outcome.status == "failed"
    assert outcome.warehouse_id in named(emulator, "A")
    assert outcome.note is not None
    assert "could not be listed again" in outcome.note
    assert not result.ok


@pytest.mark.slow
def test_overlapping_applies_never_both_succeed_with_a_duplicate() -> None:
    """Two runs of one document started together (threads, real time, real HTTP): whatever
    the interleaving, a duplicated name means at least one run reports failure."""
    emulator = ProfilesSyncEmulator(token="t")
    with emulator.serve() as server:
        for _ in range(6):
            space = emulator.add_space()
            state = DesiredState.from_dict(document(entry("A"), entry("B"), space=space))
            barrier = threading.Barrier(2)
            oks: list[bool] = []

            def run(
                state: DesiredState = state,
                barrier: threading.Barrier = barrier,
                oks: list[bool] = oks,
            ) -> None:
                with ProfilesSync("t", base_url=server.base_url) as ps:
                    plan = ps.plan(state)
                    barrier.wait()
                    oks.append(ps.apply(plan).ok)

            threads = [threading.Thread(target=run) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            duplicated = any(len(named(emulator, n, space)) > 1 for n in ("A", "B"))
            assert not (duplicated and all(oks)), (oks, emulator.warehouses(space))


# -- 8. a replace whose create fails --------------------------------------------------------------


def replace_fails(emulator: ProfilesSyncEmulator) -> tuple[DesiredState, str]:
    old = emulator.add_warehouse(SPACE, name="A")["id"]
    emulator.fail_next(422, method="POST")
    return DesiredState.from_dict(document(entry("A", metadata_id=BIGQUERY))), old


def test_a_failed_replace_says_the_space_has_no_such_warehouse(
    twin: Twin, emulator: ProfilesSyncEmulator
) -> None:
    """The old warehouse is gone and the new one was not created: the outcome says so."""
    state, old = replace_fails(emulator)
    emulator.clear_faults()
    plan = twin.run(lambda c: c.plan(state))
    emulator.fail_next(422, method="POST")
    result = twin.run(lambda c: c.apply(plan, allow_replace=True))
    [outcome] = result.outcomes
    assert outcome.status == "failed"
    assert outcome.note == (
        f"removed {old}; creating A failed: the space now has no warehouse named A; "
        "apply again to create it"
    )
    assert outcome.note in result.render()
    assert result.to_dict()["outcomes"][0]["note"] == outcome.note
    assert named(emulator, "A") == []


def test_a_failed_replace_is_explained_by_the_command_line(
    emulator: ProfilesSyncEmulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    """`apply` prints the note under the failed change and exits 1."""
    old = emulator.add_warehouse(SPACE, name="A")["id"]
    path = write(tmp_path, "s.json", json.dumps(document(entry("A", metadata_id=BIGQUERY))))
    with emulator.serve() as server:
        monkeypatch.setenv("SEGMENT_PUBLIC_API_URL", server.base_url)
        monkeypatch.setenv("SEGMENT_PUBLIC_API_TOKEN", emulator.token)
        emulator.fail_next(422, method="POST")
        argv = ["--output", "table", "apply", "-f", str(path), "--auto-approve", "--allow-replace"]
        assert main(argv) == 1
    out = capsys.readouterr().out
    assert f"removed {old}; creating A failed: the space now has no warehouse named A" in out


# -- 13. a failing progress callback ---------------------------------------------------------


def boom(progress: Progress) -> None:
    raise RuntimeError("callback bug")


def test_a_failing_progress_callback_does_not_stop_apply(
    twin: Twin, emulator: ProfilesSyncEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    """The exception is logged; plan, apply and export finish and return their results."""
    state = DesiredState.from_dict(document(entry("A"), entry("B")))
    plan = twin.run(lambda c: c.plan(state, on_progress=boom))
    with caplog.at_level(logging.WARNING):
        result = twin.run(lambda c: c.apply(plan, on_progress=boom))
    assert result.ok
    assert len(named(emulator, "B")) == 1
    assert "on_progress raised RuntimeError" in caplog.text
    assert twin.run(lambda c: c.export([SPACE], on_progress=boom)).spaces
