from datetime import date

import pytest

from recoverwell.core.errors import InvalidValue
from recoverwell.core.niggles import Niggle, Side


def test_a_niggle_normalises_its_location():
    assert Niggle(date(2024, 1, 1), " Left Calf ", Side.LEFT, 0, False).location == "left calf"


@pytest.mark.parametrize(("location", "pain"), [("", 2), ("calf", 11), ("calf", float("nan"))])
def test_bad_niggles_are_refused(location, pain):
    with pytest.raises(InvalidValue):
        Niggle(date(2024, 1, 1), location, Side.NONE, pain, True)
