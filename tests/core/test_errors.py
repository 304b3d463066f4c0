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
