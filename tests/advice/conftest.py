"""Fixtures for the advice tests; the arithmetic athlete itself is in athletes.py."""

from __future__ import annotations

import pytest

from tests.advice.athletes import Athlete


@pytest.fixture
def athlete():
    """A fresh steady athlete; chain scenario methods, then ``.verdict()``."""
    return Athlete
