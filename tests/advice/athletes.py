"""An athlete built by arithmetic: a steady 12-week history, then a scripted last few days.

Every baseline repeats the 4-day pattern [a, a + d, a, a − d]: the mean is exactly ``a`` and
today's value ``a`` has z = 0, so a scenario moves only what it says it moves. The SD of that
pattern over n days is d·√((n/2) / (n − 1)): over the 60-day HRV/RHR window √(30/59)·d, over
the 28-day wellness window √(14/27)·d.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np

from recoverwell.advice.readiness import readiness
from recoverwell.advice.readiness_settings import ReadinessSettings
from recoverwell.advice.recovery_state import (
    DailySignals,
    SignalSeries,
    SleepSeries,
    recovery_state,
)
from recoverwell.core.athlete import Sex
from recoverwell.core.niggles import Niggle, Side

DAYS = 84
TODAY = date(2026, 11, 23)
START = TODAY - timedelta(days=DAYS - 1)

HRV_LN, HRV_D = 4.2, 0.1
RHR_BPM, RHR_D = 45.0, 2.0
SLEEP_MIN, SLEEP_D = 480.0, 20.0
FATIGUE, SORENESS, ITEM_D = 3.0, 3.0, 1.0
#: SDs of the pattern over the baseline windows.
HRV_SD = HRV_D * math.sqrt(30 / 59)
RHR_SD = RHR_D * math.sqrt(30 / 59)


def pattern(a: float, d: float, n: int = DAYS) -> np.ndarray:
    """[…, a − d, a, a + d, a, a − d, a] ending on ``a`` today."""
    cycle = np.array([a, a + d, a, a - d])
    out = np.resize(cycle, n + 3)[3:]
    return out[::-1].copy() if out[-1] != a else out


class Athlete:
    """Scenario builder: each method rewrites the last ``days`` days of one signal."""

    def __init__(self, days: int = DAYS) -> None:
        self.n = days
        self.ln = pattern(HRV_LN, HRV_D, days)
        self.rhr = pattern(RHR_BPM, RHR_D, days)
        self.sleep_min = pattern(SLEEP_MIN, SLEEP_D, days)
        self.hooper = {
            "hooper_sleep": np.full(days, 3.0),
            "hooper_fatigue": pattern(FATIGUE, ITEM_D, days),
            "hooper_stress": np.full(days, 2.0),
            "hooper_soreness": pattern(SORENESS, ITEM_D, days),
        }
        self.acwr: np.ndarray | None = np.full(days, 1.0)
        self.tsb: np.ndarray | None = np.full(days, -5.0)
        self.rest_streak: np.ndarray | None = None  # days in a row without training
        self.ill = np.zeros(days)
        self.symptoms: dict[str, np.ndarray] = {}
        self.reported: dict[str, np.ndarray] = {}
        self.niggles: list[Niggle] = []
        self.sex = Sex.UNSPECIFIED
        self.mass_kg: float | None = None

    def _last(self, arr: np.ndarray, value: float, days: int) -> Athlete:
        arr[self.n - days :] = value
        return self

    def hrv_sd(self, k: float, days: int = 1) -> Athlete:
        return self._last(self.ln, HRV_LN + k * HRV_SD, days)

    def rhr_up(self, bpm: float, days: int = 1) -> Athlete:
        return self._last(self.rhr, RHR_BPM + bpm, days)

    def sleep(self, minutes: float, days: int = 1) -> Athlete:
        return self._last(self.sleep_min, minutes, days)

    def item(self, name: str, rating: float, days: int = 1) -> Athlete:
        return self._last(self.hooper[f"hooper_{name}"], rating, days)

    def load(self, acwr: float | None = None, tsb: float | None = None) -> Athlete:
        """ACWR / form after yesterday's training (the morning verdict reads day − 1)."""
        if acwr is not None and self.acwr is not None:
            self.acwr[-2:] = acwr
        if tsb is not None and self.tsb is not None:
            self.tsb[-2:] = tsb
        return self

    def back_from_break(self, days_off: int, ended_days_ago: int) -> Athlete:
        """Training every day except ``days_off`` days in a row, the last of them
        ``ended_days_ago`` days before today (the streak counts 1, 2, … through the break)."""
        streak = np.zeros(self.n)
        last = self.n - 1 - ended_days_ago
        streak[last - days_off + 1 : last + 1] = np.arange(1.0, days_off + 1)
        self.rest_streak = streak
        return self

    def no_load(self) -> Athlete:
        self.acwr = self.tsb = None
        return self

    def illness(self, days_ago: int = 0) -> Athlete:
        self.ill[self.n - 1 - days_ago] = 1.0
        return self

    def day(self, days_ago: int) -> date:
        return TODAY - timedelta(days=days_ago)

    def _set(self, store: dict[str, np.ndarray], name: str, value: float, ago: int) -> Athlete:
        store.setdefault(name, np.full(self.n, np.nan))[self.n - 1 - ago] = value
        return self

    def report(self, item: str, days_ago: int = 0, value: float = 1.0) -> Athlete:
        """A red-flag check-in item (``core/signals.py`` symbol) answered on that day."""
        return self._set(self.symptoms, item, value, days_ago)

    def value(self, signal: str, value: float, days_ago: int = 0) -> Athlete:
        """A value the red flags read (mood, run masses, bloodwork, niggle_pain_max)."""
        return self._set(self.reported, signal, value, days_ago)

    def niggle(
        self,
        location: str,
        pain: float,
        days_ago: int = 0,
        *,
        side: str = "left",
        gait: bool = False,
        bone: bool = False,
    ) -> Athlete:
        n = Niggle(self.day(days_ago), location, Side(side), pain, gait, bone_pain=bone)
        self.niggles.append(n)
        return self.value("niggle_pain_max", pain, days_ago)

    def nothing_hurts(self, days_ago: int = 0) -> Athlete:
        """The niggle question answered with "nothing hurts"."""
        return self.value("niggle_pain_max", 0.0, days_ago)

    def mood(self, rating: float, days: int) -> Athlete:
        """The mood item (7 = worst) at ``rating`` on the last ``days`` days."""
        for ago in range(days):
            self.value("mood", rating, ago)
        return self

    def with_mass(self, kg: float) -> Athlete:
        """The body mass set in the athlete's profile."""
        self.mass_kg = kg
        return self

    def as_sex(self, sex: Sex) -> Athlete:
        self.sex = sex
        return self

    def drop(self, signal: str, days: int) -> Athlete:
        """No readings of ``signal`` (hrv, rhr, sleep, hooper) on the last ``days`` days."""
        arrays = {"hrv": [self.ln], "rhr": [self.rhr], "sleep": [self.sleep_min]}
        arrays["hooper"] = list(self.hooper.values())
        for arr in arrays[signal]:
            arr[self.n - days :] = np.nan
        return self

    def keep_only(self, signal: str, days: list[int]) -> Athlete:
        """Of the last 7 days, keep ``signal`` only on the given days ago."""
        arr = {"hrv": self.ln, "rhr": self.rhr, "sleep": self.sleep_min}[signal]
        for ago in range(7):
            if ago not in days:
                arr[self.n - 1 - ago] = np.nan
        return self

    def signals(self) -> DailySignals:
        n = self.n
        total = self.sleep_min.copy()
        sleep = SleepSeries(
            source="watch",
            total_min=total,
            in_bed_min=total + 30,
            nap_min=np.where(np.isnan(total), np.nan, 0.0),
            bedtime_min=np.where(np.isnan(total), np.nan, 630.0),
            waketime_min=np.where(np.isnan(total), np.nan, 630.0 + total + 30 - 720),
            deep_min=np.full(n, 90.0),
            rem_min=np.full(n, 100.0),
            awake_min=np.full(n, 15.0),
            awakenings=np.full(n, 1.0),
        )
        return DailySignals(
            start=TODAY - timedelta(days=n - 1),
            n_days=n,
            hrv_rmssd_ms=SignalSeries(np.exp(self.ln), "strap", "morning_spot"),
            rhr_bpm=SignalSeries(self.rhr.copy(), "watch"),
            sleep=sleep,
            hooper={k: v.copy() for k, v in self.hooper.items()},
            illness=self.ill.copy(),
            acwr=None if self.acwr is None else self.acwr.copy(),
            form_tsb=None if self.tsb is None else self.tsb.copy(),
            load_rest_streak_d=None if self.rest_streak is None else self.rest_streak.copy(),
            load_source="test",
            symptoms={k: v.copy() for k, v in self.symptoms.items()},
            reported={k: v.copy() for k, v in self.reported.items()},
            niggles=tuple(self.niggles),
            sex=self.sex,
            profile_body_mass_kg=self.mass_kg,
        )

    def verdict(self, settings: ReadinessSettings | None = None):
        s = settings or ReadinessSettings()
        return readiness(recovery_state(self.signals(), s), TODAY, s)
