"""Every Python example on the documentation site runs, page by page, against the emulator over
HTTP, so the pages cannot drift from the code. A block that cannot run says so on its first line
(`# not run: <why>`)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from segment_profiles_sync import ProfilesSync
from segment_profiles_sync.testing import ProfilesSyncEmulator

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "docs").glob("*.md"))
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
SPACES = ("9aQ1Lj62S4bomZKLF4DPqW", "2bXw9kLmNpQrStUvWxYzAb")
DOCUMENT = """version: 1
spaces:
  9aQ1Lj62S4bomZKLF4DPqW:
    warehouses:
      - name: Analytics
        metadata_id: CCIl4HLQPz
        settings: {account: acme-xy12345, password: "${SNOWFLAKE_PASSWORD}"}
        selective_sync:
          collections: {tracks: false}
"""


def blocks(page: Path) -> list[str]:
    return [b for b in BLOCK.findall(page.read_text()) if not b.startswith("# not run:")]


@pytest.fixture
def world(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """An emulator with the spaces the pages name, found through the environment, and the
    names the pages' fragments use (`ps`, `space_id`, `wh_id`, `saved_cursor`)."""
    emulator = ProfilesSyncEmulator(token="docs-token")
    for space in SPACES:
        emulator.add_space(space, warehouses=2)
    with emulator.serve() as server:
        monkeypatch.setenv("SEGMENT_PUBLIC_API_URL", server.base_url)
        monkeypatch.setenv("SEGMENT_PUBLIC_API_TOKEN", emulator.token)
        monkeypatch.setenv("SNOWFLAKE_PASSWORD", "docs-secret")
        monkeypatch.chdir(tmp_path)
        (tmp_path / "profiles-sync.yaml").write_text(DOCUMENT)
        with ProfilesSync() as ps:
            first = next(iter(ps.list_warehouses(SPACES[0])))
            cursor = next(iter(ps.list_warehouses(SPACES[0], page_size=1).pages())).next_cursor
            yield {
                "ps": ps,
                "space_id": SPACES[0],
                "wh_id": first.id,
                "saved_cursor": cursor,
                "__name__": "docs_example",
            }


def test_the_pages_have_examples() -> None:
    """The pages exist and most carry runnable examples (a guard against a silent regex)."""
    assert len([p for p in PAGES if blocks(p)]) >= 5


@pytest.mark.parametrize("page", [p for p in PAGES if blocks(p)], ids=lambda p: p.name)
def test_page_examples_run(page: Path, world: dict[str, Any]) -> None:
    """The page's Python blocks run in order, sharing their names, without an error."""
    from segment_profiles_sync import SegmentError

    namespace: dict[str, Any] = {}
    for number, source in enumerate(blocks(page), start=1):
        namespace.update(world)  # an example's `with ProfilesSync() as ps:` closes its own ps
        code = compile(source, f"{page.name}, example {number}", "exec")
        try:
            exec(code, namespace)  # noqa: S102 - the documentation's own examples
        except SegmentError as error:
            # An example may show an error being caught; one that escapes is a broken example.
            pytest.fail(f"{page.name} example {number} raised {type(error).__name__}: {error}")
