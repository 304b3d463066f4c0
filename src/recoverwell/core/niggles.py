"""A niggle: a small pain the runner reports in the daily check-in (location, side, 0–10).

"Does it change how you run?" is the question that matters most (a gait change turns a niggle
into a reason to stop; docs/science.md, monitoring chapter), so it is a field of its own. So is
"is it bone pain?" (a spot on a bone that hurts to press, worse with running, at rest or at
night): at some body sites that pattern needs urgent care (docs/science.md §10 R1).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from recoverwell.core.errors import InvalidValue

PAIN_MAX = 10.0  # numeric rating scale 0–10 (0 = no pain, 10 = worst imaginable)
LOCATION_MAX_CHARS = 64


class Side(StrEnum):
    """Which side of the body."""

    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    NONE = "none"  # midline (lower back, sternum) or not applicable


@dataclass(frozen=True, slots=True)
class Niggle:
    """One niggle on one day."""

    day: date
    location: str
    side: Side
    pain_0_10: float
    changes_gait: bool
    note: str | None = None
    bone_pain: bool = False  # focal bone pain: worse with running, at rest or at night (R1)

    def __post_init__(self) -> None:
        location = self.location.strip().lower()
        if not location or len(location) > LOCATION_MAX_CHARS:
            raise InvalidValue("niggle location", self.location, "name a body part, e.g. calf")
        object.__setattr__(self, "location", location)
        if not math.isfinite(self.pain_0_10) or not 0 <= self.pain_0_10 <= PAIN_MAX:
            raise InvalidValue("niggle pain", self.pain_0_10, "pain is rated 0–10")
