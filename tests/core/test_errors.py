import pytest

from recoverwell.core import errors
from recoverwell.core.errors import (
    ConfigError,
    IngestError,
    InvalidValue,
    ParseError,
    RecoverwellError,
    UnsupportedFormat,
)


def test_parse_error_names_file_record_and_field():
    err = ParseError("runs/nick.fit", "value out of range", record=1234, field="heart_rate")
    assert str(err) == "runs/nick.fit, record 1234, field 'heart_rate': value out of range"
    assert (err.path, err.record, err.field) == ("runs/nick.fit", 1234, "heart_rate")


def test_unsupported_format_names_the_file():
    assert str(UnsupportedFormat("a.xyz", "not FIT, GPX or TCX")) == (
        "a.xyz: unsupported format (not FIT, GPX or TCX)"
    )


@pytest.mark.parametrize(
    "cls",
    [IngestError, ParseError, UnsupportedFormat, ConfigError, InvalidValue],
)
def test_every_error_is_a_recoverwell_error(cls):
    assert issubclass(cls, RecoverwellError)


def test_the_docstring_draws_every_error_class():
    classes = [
        name
        for name, value in vars(errors).items()
        if isinstance(value, type) and issubclass(value, RecoverwellError)
    ]
    for name in classes:
        assert name in (errors.__doc__ or ""), name


def test_an_invalid_value_can_be_named_in_an_interfaces_words():
    err = InvalidValue("start", "2026-11-20", "is after end 2026-11-10", mentions=("end",))
    assert str(err) == "start='2026-11-20': is after end 2026-11-10"
    flags = {"start": "--from", "end": "--to"}
    assert err.named(flags) == "--from='2026-11-20': is after --to 2026-11-10"
    assert err.named({}) == str(err)
    # only a mentioned field, as a whole word, is renamed
    weekend = InvalidValue("start", "x", "the weekend ends", mentions=("end",))
    assert weekend.named(flags) == "--from='x': the weekend ends"


def test_an_error_can_name_the_next_step_without_a_command_line():
    assert RecoverwellError("no workspace").action is None
    err = errors.StoreError("no workspace at x", action="init")
    assert str(err) == "no workspace at x" and err.action in errors.ACTIONS
