"""The date and time shapes of every generation of Garmin's export (formats.md §1).

Garmin's JSON has written the same instant several ways over the years:

- ISO text without a zone, ``"2024-06-14T22:09:00.0"`` (current exports; GMT when the key says
  ``GMT``/``Gmt``), and plain ``"2024-06-14"`` calendar dates;
- an object ``{"date": …}`` around the text (older exports: ``wellnessStartTimeGmt``,
  ``calendarDate``, ``persistedTimestampGMT`` of files under ``DI-Connect-User/``);
- English text with a 12-hour clock, ``"Jun 1, 2019 12:00:00 AM"``: Java's default US
  ``DateFormat`` as Gson writes a ``java.util.Date``. Java 9 added a comma after the year
  (``"Jun 1, 2019, 12:00:00 AM"``) and Java 20+ a narrow no-break space before ``AM``/``PM``
  (google/gson#1210, #1719, #2472, PR #3091), so all three spellings are read;
- epoch milliseconds (the Connect API's ``dailySleepDTO``, tcgoetz/GarminDB
  ``import_monitoring.py`` ``GarminSleepData``: ``Conversions.epoch_ms_to_dt``).

Month names are matched from a fixed English table, never through the machine's locale.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

_MS_PER_S = 1000.0
_NOON_H = 12
_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
#: "Jun 1, 2019 12:00:00 AM", "Jun 1, 2019, 12:00:00 AM" (spaces already normalised)
_ENGLISH = re.compile(
    r"^(?P<month>[A-Za-z]{3,9})\.? (?P<day>\d{1,2}), (?P<year>\d{4}),? "
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))? ?(?P<half>[AaPp][Mm])$"
)
#: the no-break spaces newer Java versions put before AM/PM (CLDR 42)
_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " "})


def _unwrap(value: Any) -> Any:
    """The text of an older export's ``{"date": …}`` object; anything else as it is."""
    if isinstance(value, dict) and "date" in value:
        return value["date"]
    return value


def _english(text: str) -> datetime | None:
    match = _ENGLISH.match(text)
    if match is None:
        return None
    month = _MONTHS.get(match["month"].lower())
    if month is None:
        return None
    hour = int(match["hour"])
    if not 1 <= hour <= _NOON_H:
        return None
    hour %= _NOON_H  # 12:xx AM is 00:xx, 12:xx PM is 12:xx
    if match["half"].lower() == "pm":
        hour += _NOON_H
    return datetime(
        int(match["year"]),
        month,
        int(match["day"]),
        hour,
        int(match["minute"]),
        int(match["second"] or 0),
        tzinfo=UTC,  # as written (GMT where the key says so)
    )


def _naive(text: str) -> datetime:
    cleaned = " ".join(text.translate(_SPACES).split())
    english = _english(cleaned)
    if english is not None:
        return english
    try:
        return datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValueError(f"not a date Garmin writes: {text!r}") from None


def parse_moment(value: Any) -> datetime:
    """An instant of any generation as an aware UTC datetime (naive text is GMT).

    ValueError for text that is no date, TypeError for a value that is no text or number.
    """
    value = _unwrap(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value / _MS_PER_S, UTC)
    if not isinstance(value, str):
        raise TypeError(f"not a time: {value!r}")
    moment = _naive(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_day(value: Any) -> date:
    """A calendar date of any generation: ``"2024-06-01"``, ``{"date": "Jun 1, 2019 12:00:00
    AM"}``, the English text alone, or ISO date-time text (its date part, as written)."""
    value = _unwrap(value)
    if not isinstance(value, str):
        raise TypeError(f"not a date: {value!r}")
    return _naive(value).date()
