"""The asyncio client: concurrent creates across several spaces, then async pagination.

make demo                                         # against the bundled emulator
DEMO_LIVE=1 python examples/quickstart_async.py   # against Segment (see _common.py)
"""

from __future__ import annotations

import asyncio

from _common import LIVE, metadata_id, say, settings, space_ids
from segment_profiles_sync import AsyncProfilesSync, ProfilesWarehouse

PER_SPACE = 4
IN_FLIGHT = 10  # alpha endpoints have strict rate limits: bound the concurrency


async def main() -> None:
    spaces = space_ids()
    limit = asyncio.Semaphore(IN_FLIGHT)
    async with AsyncProfilesSync() as ps:
        say(f"== async quickstart against {ps.base_url} ({len(spaces)} spaces)")

        async def create(space: str, i: int) -> ProfilesWarehouse:
            async with limit:
                return await ps.create_warehouse(
                    space, metadata_id=metadata_id(), settings=settings(i), name=f"async {i}"
                )

        created = await asyncio.gather(
            *(create(space, i) for space in spaces for i in range(PER_SPACE))
        )
        say(f"created {len(created)} warehouses concurrently ({IN_FLIGHT} in flight at most)")
        try:
            for space in spaces:
                count = 0
                pages = 0
                async for page in ps.list_warehouses(space, page_size=3).pages():
                    pages += 1
                    count += len(page.items)
                say(f"  space {space}: {count} warehouses in {pages} pages")
            first_two = [w.id async for w in ps.list_warehouses(spaces[0], max_items=2)]
            say(f"first two of {spaces[0]}: {', '.join(first_two)}")
        finally:
            if LIVE:
                await asyncio.gather(*(ps.remove_warehouse(w.space_id, w.id) for w in created))
    say("== async quickstart done")


if __name__ == "__main__":
    asyncio.run(main())
