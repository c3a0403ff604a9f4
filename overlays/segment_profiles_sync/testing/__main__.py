"""`python -m segment_profiles_sync.testing`: run the emulator as a local HTTP server.

    python -m segment_profiles_sync.testing --port 8765 --token demo-token --seed SPACE_ID:3

Prints the base URL on the first line of standard output (so scripts can read it), then serves
until Ctrl-C or SIGTERM, and shuts down cleanly.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from types import FrameType

from ._emulator import DEFAULT_TOKEN, ProfilesSyncEmulator


def _seed(value: str) -> tuple[str, int]:
    space_id, _, count = value.rpartition(":")
    if not space_id or not count.isdigit():
        raise argparse.ArgumentTypeError(f"expected SPACE_ID:N, got {value!r}")
    return space_id, int(count)


def main(
    argv: Sequence[str] | None = None, prog: str = "python -m segment_profiles_sync.testing"
) -> int:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Serve a local, in-memory Profiles Sync API emulator.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=0, help="port (default: an ephemeral one)")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="the bearer token to accept")
    parser.add_argument(
        "--seed",
        type=_seed,
        action="append",
        default=[],
        metavar="SPACE_ID:N",
        help="create SPACE_ID with N warehouses (repeatable)",
    )
    parser.add_argument(
        "--rate-limit",
        type=int,
        default=None,
        metavar="N",
        help="enforce N requests per window and token (default: no limit)",
    )
    parser.add_argument(
        "--rate-window",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="the rate-limit window's length (default 60)",
    )
    parser.add_argument(
        "--rate-window-mode",
        choices=["aligned", "rolling"],
        default="aligned",
        help="aligned: windows start at multiples of their length (default); rolling: a "
        "window starts at the first request after the last one ended",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="seconds added to every round trip, half each way (default 0)",
    )
    parser.add_argument(
        "--no-retry-after",
        action="store_true",
        help="send 429s with msBeforeNext only, without Retry-After",
    )
    parser.add_argument(
        "--retry-after-only",
        action="store_true",
        help="no X-RateLimit-* headers on any answer and no msBeforeNext in 429s: only "
        "Retry-After (what the documented 429 declares, or a proxy that strips the rest)",
    )
    parser.add_argument(
        "--bare-429",
        action="store_true",
        help="X-RateLimit-* on successful answers only; a 429 carries only Retry-After (the "
        "documented contract)",
    )
    parser.add_argument("--random-seed", type=int, default=0, help="seed for generated ids")
    parser.add_argument(
        "--collections",
        type=int,
        default=None,
        metavar="N",
        help="selective-sync collections per warehouse (default: the 8 built-in ones)",
    )
    args = parser.parse_args(argv)
    if not args.token.strip():
        parser.error("--token must not be empty")
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be from 0 to 65535, got {args.port}")

    if args.collections is not None and args.collections < 8:
        parser.error("--collections must be at least 8 (the built-in ones)")
    if args.rate_limit is not None and args.rate_limit < 1:
        parser.error("--rate-limit must be at least 1")
    if not args.rate_window > 0:
        parser.error("--rate-window must be positive")
    if not 0 <= args.latency < 60:
        parser.error("--latency must be from 0 to 60 seconds")
    emulator = ProfilesSyncEmulator(
        token=args.token,
        seed=args.random_seed,
        rate_limit=args.rate_limit,
        rate_window=args.rate_window,
        rate_window_mode=args.rate_window_mode,
        latency=args.latency,
        rate_limit_retry_after=not args.no_retry_after,
        rate_limit_headers=not args.retry_after_only,
        rate_limit_refusal_headers=not args.bare_429,
        collections=args.collections,
    )
    for space_id, count in args.seed:
        emulator.add_space(space_id, warehouses=count)
    try:
        server = emulator.serve(host=args.host, port=args.port)
    except OSError as error:  # port in use, an address this machine does not have …
        reason = error.strerror or str(error)
        print(f"error: cannot listen on {args.host}:{args.port}: {reason}", file=sys.stderr)
        return 2

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(server.base_url, flush=True)
    print(f"Profiles Sync emulator on {server.base_url} (Ctrl-C to stop)", file=sys.stderr)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("emulator stopped", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
