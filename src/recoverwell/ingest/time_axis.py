"""An activity's time axis after validation: seconds since its start, never below 0, never back.

``repair_time_axis`` runs first among the stream checks of ``validate.py``. Its rules follow what
Runalyze's parsers and filters do with the same files, and each change is reported through the
``flag`` callback (one ``ImportIssue`` per rule, with the first sample's number and a count):

1. A sample without a time is left out.
2. Samples at the start or the end that carry nothing but a time (a FIT record holding only its
   timestamp, which Runalyze's FitActivity.php:540 skips) are left out. In the middle they are
   kept: a TCX trackpoint with only a time marks a pause (Runalyze ``TcxActivity``).
3. Device clock jump: when the clock leaps more than CLOCK_JUMP_S ahead (or back) and every
   sample from there to the end lies more than TIME_OUTSIDE_S outside the activity, the device
   went on recording under a wrong clock. Those samples move to follow the sample before the
   leap by the usual sampling interval (repaired), as Runalyze removes a leap of over an hour
   (``TIME_LIMIT_FOR_TIME_JUMP``, FitActivity.php:18 and 575). A single sample after the leap
   shows no clock that kept running; rule 4 leaves it out.
4. Samples still more than TIME_OUTSIDE_S outside the activity (0 … elapsed) are left out: a
   clock excursion that comes back, or a stray record.
5. Samples before the start: the activity starts at its first sample (repaired: the start moves
   back, every time forward by as much). Runalyze takes the earlier of the file's start and its
   first trackpoint or record (TcxActivity.php:101–110, FitActivity.php:557–561). The
   device's totals are kept as they are: a Fenix 2 multisport file starts its first session
   2717 s after its first record, and that session's distance and elapsed time count from the
   record.
6. A sample earlier than one before it is left out (Runalyze NegativeTimeStepFilter.php:33; its
   parsers skip such points too, TcxActivity.php:178, FitActivity.php:582).

Afterwards the kept samples' times are non-decreasing and start at 0 or later.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

from recoverwell.core.types import FloatArray
from recoverwell.ingest.base import IssueAction

#: A sample more than this before the start or after the end of the activity has a wrong clock.
TIME_OUTSIDE_S = 3600.0
#: A step between two samples larger than this is a clock jump, not a pause, when what follows
#: lies outside the activity: Runalyze FitActivity::TIME_LIMIT_FOR_TIME_JUMP = 3600 s.
CLOCK_JUMP_S = 3600.0
#: Sampling interval assumed across a jump when the file has no steps to learn it from.
DEFAULT_STEP_S = 1.0

BoolArray = npt.NDArray[np.bool_]


class Flag(Protocol):
    """Report the samples where ``bad`` is True (validate's checker); True if there were any."""

    def __call__(
        self,
        bad: BoolArray,
        field: str,
        message: str,
        action: IssueAction = IssueAction.DROPPED,
        *,
        fails_strict: bool | None = None,
    ) -> bool: ...


@dataclass(frozen=True, slots=True, eq=False)
class TimeAxis:
    """Which of the reader's samples stay, their new times, and how far the start moved back."""

    keep: BoolArray
    time_s: FloatArray
    start_shift_s: float


def repair_time_axis(
    time_s: FloatArray, has_value: BoolArray, elapsed_s: float, flag: Flag
) -> TimeAxis:
    """Apply rules 1–6 of the module docstring; ``has_value`` marks samples with any value.

    Rules 3 and 4 need the activity's elapsed time and are skipped when it is 0 (unknown).
    """
    t = np.array(time_s, dtype=np.float64)
    keep = np.isfinite(t)
    flag(~keep, "time_s", "sample without a time")
    keep &= ~_bare_ends(keep, has_value, flag)
    if elapsed_s > 0:
        _close_clock_jumps(t, keep, elapsed_s, flag)
        with np.errstate(invalid="ignore"):
            outside = keep & ((t < -TIME_OUTSIDE_S) | (t > elapsed_s + TIME_OUTSIDE_S))
        flag(
            outside,
            "time_s",
            f"sample time more than {TIME_OUTSIDE_S:g} s outside the activity "
            f"(0–{elapsed_s:.0f} s): device clock jump",
        )
        keep &= ~outside
    shift = _start_at_first_sample(t, keep, flag)
    idx = np.flatnonzero(keep)
    kept = t[idx]
    backwards = np.zeros(len(t), dtype=bool)
    if len(kept) > 1:
        backwards[idx[1:]] = kept[1:] < np.maximum.accumulate(kept)[:-1]
    flag(backwards, "time_s", "time goes backwards; sample left out")
    return TimeAxis(keep & ~backwards, t, shift)


def _bare_ends(keep: BoolArray, has_value: BoolArray, flag: Flag) -> BoolArray:
    """Rule 2: the leading and trailing samples with a time and nothing else."""
    bare = np.zeros(len(keep), dtype=bool)
    idx = np.flatnonzero(keep)
    valued = has_value[idx]
    if not valued.any():  # a time-only stream: nothing to tell empty records from
        return bare
    first = int(np.argmax(valued))
    last = len(valued) - int(np.argmax(valued[::-1]))
    bare[idx[:first]] = True
    bare[idx[last:]] = True
    flag(
        bare,
        "time_s",
        "sample with a time and no values at the start or end of the recording (empty record)",
        fails_strict=False,
    )
    return bare


def _close_clock_jumps(t: FloatArray, keep: BoolArray, elapsed_s: float, flag: Flag) -> None:
    """Rule 3, in place on ``t``: move a tail recorded under a jumped clock back."""
    while True:
        idx = np.flatnonzero(keep)
        times = t[idx]
        out = (times < -TIME_OUTSIDE_S) | (times > elapsed_s + TIME_OUTSIDE_S)
        inside = np.flatnonzero(~out)
        if len(idx) < 3 or not out[-1] or not len(inside):
            return
        k = int(inside[-1]) + 1  # the first sample of the tail outside the activity
        step = float(times[k] - times[k - 1])
        if len(idx) - k < 2 or abs(step) <= CLOCK_JUMP_S:
            return
        steps = np.diff(times[:k])
        steps = steps[(steps > 0) & (steps <= CLOCK_JUMP_S)]
        usual = float(np.median(steps)) if len(steps) else DEFAULT_STEP_S
        moved = times[k:] - (step - usual)
        if moved[0] > elapsed_s + TIME_OUTSIDE_S:  # it would not land inside: not this rule
            return
        tail = np.zeros(len(t), dtype=bool)
        tail[idx[k:]] = True
        t[tail] = moved
        flag(
            tail,
            "time_s",
            f"device clock jumped {step:+.0f} s; the samples after the jump moved "
            f"{usual - step:+.0f} s to follow the one before it",
            IssueAction.REPAIRED,
        )


def _start_at_first_sample(t: FloatArray, keep: BoolArray, flag: Flag) -> float:
    """Rule 5, in place on ``t``: seconds the start moves back (0 when no sample precedes it)."""
    idx = np.flatnonzero(keep)
    if not len(idx) or t[idx[0]] >= 0:
        return 0.0
    shift = float(-t[idx[0]])
    before = np.zeros(len(t), dtype=bool)
    before[idx] = t[idx] < 0
    t[idx] += shift
    flag(
        before,
        "time_s",
        f"samples before the activity's start: the start moved {shift:g} s back to the first "
        "sample (totals unchanged)",
        IssueAction.REPAIRED,
    )
    return shift
