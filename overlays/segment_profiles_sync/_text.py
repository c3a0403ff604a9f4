"""Text from outside (a document, the API) made safe to show: `inert()` (pure).

A warehouse name, a settings key or an error message is written to terminals, CI logs and
pull-request comments. Control characters there are instructions: ESC starts colour and
cursor sequences (and OSC 8 hyperlinks), CR returns to the start of the line so the rest
overwrites it, bidirectional marks reorder what a reviewer reads. `inert()` shows each of
them as an escape instead, and leaves every printable character (any script) alone. Apart
from the state layer's renderer, so the command line's error path can use it without loading
that layer.
"""

from __future__ import annotations

import re

__all__ = ["inert"]

# C0 and C1 controls (ESC, CR, LF, BEL …), zero-width and bidirectional marks, line and
# paragraph separators, the byte-order mark: whatever can move the cursor, hide text or
# reorder it on a terminal or a web page.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def inert(text: object) -> str:
    """`text` with every control, escape and invisible character shown as an escape."""
    return _UNSAFE.sub(lambda m: _NAMED.get(m.group(), f"\\u{ord(m.group()):04x}"), str(text))
