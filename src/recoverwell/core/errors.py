"""The one exception hierarchy of recoverwell.

::

    RecoverwellError                 base of everything the product raises on purpose
    ├── IngestError                  a file could not be read as training or recovery data
    │   ├── UnsupportedFormat        the content is not a format recoverwell reads
    │   │   └── NothingToImport      a known file that holds nothing recoverwell imports (skipped)
    │   └── ParseError               a file is malformed: names path, record (or line) and field
    ├── StoreError                   the database is unreachable, missing, or at the wrong schema
    ├── MetricInputError             a metric got arrays it cannot compute on (shape, units)
    ├── ConfigError                  a setting or URL is wrong (bad --db URL, unwritable data dir)
    ├── InvalidValue                 a user-supplied value is out of range (HRmax 400, mass −5)
    ├── NotFound                     the thing asked for does not exist (or is not visible)
    └── PermissionDenied             the user may not see or change this

Interfaces turn any ``RecoverwellError`` into one line for the user (CLI: exit code 1; web: one
JSON error shape). Library exceptions are wrapped with ``raise … from err`` so the cause is kept.

Errors speak the library's words, never an interface's: ``InvalidValue`` names the field
(``start``, ``end``), not the CLI's ``--from``, and ``action`` names the next step (``"init"``,
``"db upgrade"``) instead of a command line. Each interface says both in its own words (the CLI:
``cli/exits.py``, ``error_text``).
"""

from __future__ import annotations

import re
from pathlib import Path


class RecoverwellError(Exception):
    """Base class: every error recoverwell raises on purpose.

    ``action``: what the user can do next, as a step every interface knows (``ACTIONS``).
    """

    def __init__(self, *args: object, action: str | None = None) -> None:
        super().__init__(*args)
        self.action = action


#: The next steps an error may name: create the workspace, bring its schema up to date.
ACTIONS = ("init", "db upgrade", "choose athlete")


class IngestError(RecoverwellError):
    """A file could not be read as training or recovery data."""


class UnsupportedFormat(IngestError):
    """The content is not a format recoverwell reads (after sniffing content and suffix)."""

    def __init__(self, path: str | Path, detail: str = "") -> None:
        self.path = str(path)
        self.detail = detail
        msg = f"{self.path}: unsupported format"
        super().__init__(f"{msg} ({detail})" if detail else msg)


class NothingToImport(UnsupportedFormat):
    """A file recognised as holding nothing recoverwell imports: documentation or media in an
    export folder, a FIT settings or monitoring file, an export file listed as "not read" in
    docs/formats.md. The importer skips it (it is not a failure)."""


class ParseError(IngestError):
    """A malformed file: the message names the path, the record (or line) and the field."""

    def __init__(
        self,
        path: str | Path,
        message: str,
        *,
        record: int | str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path)
        self.record = record
        self.field = field
        self.reason = message
        where = self.path
        if record is not None:
            where += f", record {record}"
        if field is not None:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


class StoreError(RecoverwellError):
    """The database is unreachable, missing, or at the wrong schema revision."""


class MetricInputError(RecoverwellError):
    """A metric was given inputs it cannot compute on (wrong shape, units or length)."""


class ConfigError(RecoverwellError):
    """A setting is wrong: a bad database URL, an unwritable data directory, a bad config file."""


class InvalidValue(RecoverwellError, ValueError):
    """A user-supplied value is out of its allowed range; names the field and the value."""

    def __init__(
        self, field: str, value: object, reason: str, *, mentions: tuple[str, ...] = ()
    ) -> None:
        self.field = field
        self.value = value
        self.reason = reason
        self.mentions = mentions  # other fields the reason names (an interface renames them)
        super().__init__(self.named({}))

    def named(self, names: dict[str, str]) -> str:
        """The message with each field called what ``names`` calls it (a CLI flag, an API
        parameter); fields not in ``names`` keep their own name."""
        reason = self.reason
        for other in self.mentions:
            reason = re.sub(rf"\b{re.escape(other)}\b", names.get(other, other), reason)
        return f"{names.get(self.field, self.field)}={self.value!r}: {reason}"


class NotFound(RecoverwellError):
    """The requested object does not exist, or is not visible to the current user."""


class PermissionDenied(RecoverwellError):
    """The current user may not see or change this object."""
