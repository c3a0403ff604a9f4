"""Every tunable number and fixed name of the client, in one place."""

from __future__ import annotations

MEDIA_TYPE = "application/vnd.segment.v1alpha+json"

BASE_URLS = {
    "us": "https://api.segmentapis.com",
    "eu": "https://eu1.api.segmentapis.com",
}
DEFAULT_REGION = "us"

# Our name first; the second is the one Segment's Terraform provider reads, so a machine set up
# for Terraform works unchanged.
TOKEN_ENV_VARS = ("SEGMENT_PUBLIC_API_TOKEN", "PUBLIC_API_TOKEN")
BASE_URL_ENV_VARS = ("SEGMENT_PUBLIC_API_URL", "PUBLIC_API_URL")

# Finite by default: a hung connection must not hang a CI job or an orchestrator worker.
DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0

DEFAULT_MAX_RETRIES = 2
# More retries than this is a configuration mistake (a run that never gives up), not patience.
MAX_MAX_RETRIES = 50
# The backoff exponent stops growing here; MAX_RETRY_DELAY caps the delay long before, but
# 2.0 ** 1025 would overflow a float.
MAX_BACKOFF_EXPONENT = 16
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
# A server that asks for a longer wait than this gets a RateLimitError at once: sleeping a
# minute inside a library call surprises more callers than it helps.
MAX_SERVER_DIRECTED_WAIT = 60.0
# A 429 that says when to come back is "not yet", not a failure: while a request's such waits
# add up to no more than this, its retries do not count against max_retries (a client sharing
# its token with another may be refused several windows running, and must not give up).
RATE_LIMIT_PATIENCE = 120.0

# Pacing sleeps after which the clock had not moved that one request makes before it is sent
# regardless: time is not passing as the pacer expects (an injected sleep that does not move
# the clock), and the server's own 429s and the retry rules take over.
MAX_PACING_WAITS = 8
# Waits for another request's answer (to learn the window) before one is sent regardless.
MAX_ANSWER_WAITS = 256
# The longest a request waits for another's answer (the first of a client, or the first of
# a new window) before it goes anyway: a slow answer must not stall everything behind it.
ANSWER_WAIT = 2.0
# The random extra on each pacing wait: up to this share of the wait, and never more than the
# cap, so a fleet of clients does not wake in step.
JITTER_SHARE = 0.05
JITTER_CAP = 0.05
# What a window's end learned to the millisecond allows for latency that varies: this much,
# plus this share of a round trip, plus twice the round trips' mean deviation.
PHASE_MARGIN = 0.02
PHASE_MARGIN_SHARE = 0.1
# Two requests sent a second apart arrive a second apart, give or take twice the round trips'
# mean deviation and this (a timer's lateness): what a client alone allows for when it starts
# no window before a whole second after the last one's opener. Small, as it is paid in every
# window against an exact Reset (5 ms; a margin of 20 ms took 1.5 points of the limit at 0.3 s
# round trips with aligned 1 s windows in the simulation, and bought nothing).
ARRIVAL_MARGIN = 0.005
# Windows whose first request went through at Reset before Reset is trusted as exact (two:
# three bought nothing in any simulated case, and each costs a round trip of idling; one
# let a rolling server's window pass for exact: 5.9 refusals per 100 at 1 s windows).
EXACT_RESETS_TRUSTED = 2
# Windows in which a successful answer with room left carried a Reset at or before its own
# Date, before the Reset is taken as rounded down (one can be a boundary race).
ROUNDING_PROOFS = 2
# Once Reset is known to be rounded down but the window's length is not, this many windows
# start with a probe at Reset (one refusal at most each, whose msBeforeNext gives the length).
EARLY_PROBES = 2
# Without window headers, the pace a window's worth of requests is spread over steps this
# share of the way down from the longest proven or possible towards the shortest refused (a
# miss costs a refusal and its wait), and stays at the longest once the two are this close
# (seconds).
PERIOD_STEP = 0.25
PERIOD_CLOSE = 0.05
# ... and a refusal at a pace that had held takes this share off the limit (at least one):
# the limit was counted from a burst that landed in two of the server's windows.
BLIND_LIMIT_CUT = 0.05
# With others on the token, a window with more than this many round trips left has its budget
# spread over the first quarter of them (see `Pacer._spread`) ...
SPREAD_TRIPS = 4
# ... or over this many round trips, if fewer: a long window's quarter is many round trips.
SPREAD_OVER_TRIPS = 3
# Others' part of a window on a shared token: the highest of this many windows' samples.
# One window's sample is a lower bound, often low (others' requests counted after our last
# answer are not seen); a process that stopped gives its part back after this many windows.
SHARE_MEMORY = 2
# Round trips without a rise in others' count after which they are taken to be done with the
# current window (or gone), and what was left for them is released.
QUIET_TRIPS = 2
# Others' reserve is cut to what their pace of the last `QUIET_TRIPS` round trips takes by
# the window's end only in windows of more than this many round trips (to their end). In 1 s
# windows at 0.1-0.3 s round trips the cap bought nothing in the simulations and moved
# refusals about (see `_share`).
PACE_TRIPS = 12

# A create whose answer was lost is looked for, and sent again if it did not happen, at most
# this many times in all.
MAX_CREATE_ATTEMPTS = 3

# Spaces a plan, apply or export works on at once (both clients), and the most it accepts.
DEFAULT_CONCURRENCY = 8
MAX_CONCURRENCY = 64

MAX_ID_LENGTH = 255
MAX_PAGE_SIZE = 1000  # also the page size the desired-state layer reads with
SERVER_DEFAULT_PAGE_SIZE = 200
# Consecutive empty pages that still point to a next one before a walk gives up: a real server
# may send the odd empty page (items removed between requests), never dozens in a row.
MAX_EMPTY_PAGES = 25

# How deep settings may nest: what the client sends (checked before sending), and what a
# desired-state document may hold (less: a document is written by hand).
MAX_SETTINGS_DEPTH = 64
MAX_DOCUMENT_DEPTH = 32
# YAML aliases may repeat a node many times over ("billion laughs"): a document may grow by
# at most this many values through them.
MAX_ALIAS_EXPANSION = 100_000

LOGGER_NAME = "segment_profiles_sync"
