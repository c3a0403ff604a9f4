"""`python -m segment_profiles_sync`: the command line (see `segment_profiles_sync.cli`)."""

from .cli import main

raise SystemExit(main())
