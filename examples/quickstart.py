"""The blocking client, start to finish: create, list across pages, selective sync, update,
remove, and a typed error.

    make demo                      # against the bundled emulator
    DEMO_LIVE=1 python examples/quickstart.py   # against Segment (see _common.py)
"""

from __future__ import annotations

import logging

from _common import LIVE, metadata_id, say, settings, space_ids
from segment_profiles_sync import NotFoundError, ProfilesSync, SegmentError


def main() -> None:
    logging.basicConfig(level=logging.WARNING, format="  [log] %(message)s")
    logging.getLogger("segment_profiles_sync").setLevel(logging.INFO)  # show retries
    space = space_ids()[0]
    created: list[str] = []
    with ProfilesSync() as ps:  # token and URL from the environment
        say(f"== sync quickstart against {ps.base_url} (space {space})")
        try:
            for i in range(3):
                wh = ps.create_warehouse(
                    space,
                    metadata_id=metadata_id(),
                    settings=settings(i),
                    name=f"demo warehouse {i + 1}",
                    enabled=False,
                )
                created.append(wh.id)
                say(
                    f"created {wh.id} ({wh.metadata.name}), password: {wh.settings['password']}"
                    if "password" in wh.settings
                    else f"created {wh.id} ({wh.metadata.name})"
                )

            say("listing the space two warehouses per page:")
            for n, page in enumerate(ps.list_warehouses(space, page_size=2).pages(), start=1):
                names = ", ".join(str(w.settings.to_dict().get("name", w.id)) for w in page.items)
                say(f"  page {n}: {names} (next cursor: {page.next_cursor})")

            first = created[0]
            syncs = list(ps.list_selective_syncs(space, first, page_size=4))
            say(
                f"selective sync of {first}: {len(syncs)} collections, "
                f"tracks enabled={next(s.enabled for s in syncs if s.collection == 'tracks')}"
            )
            status = ps.update_selective_sync(
                space,
                first,
                sync_overrides=[
                    {"collection": "tracks", "enabled": False},
                    {"collection": "identifies", "property": "context_ip", "enabled": False},
                ],
            )
            say(f"turned off tracks and identifies.context_ip: {status}")
            again = ps.update_selective_sync(
                space, first, sync_overrides=[{"collection": "tracks", "enabled": False}]
            )
            say(f"same change again: {again}")

            updated = ps.update_warehouse(space, first, settings={}, enabled=True, name="primary")
            say(f"updated {updated.id}: enabled={updated.enabled}")
            if ps.rate_limit is not None:
                say(f"rate limit: {ps.rate_limit.remaining} requests left in this window")

            ps.remove_warehouse(space, created.pop())
            say("removed one warehouse")
            try:
                ps.remove_warehouse(space, "no-such-warehouse")
            except NotFoundError as error:
                say(f"typed error as expected: {type(error).__name__}: {error.errors[0].message}")
        except SegmentError as error:
            say(f"failed: {type(error).__name__}: {error}")
            raise
        finally:
            if LIVE:  # leave a real workspace as we found it
                for warehouse_id in created:
                    ps.remove_warehouse(space, warehouse_id)
    say("== sync quickstart done")


if __name__ == "__main__":
    main()
