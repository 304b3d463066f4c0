"""Where bone pain is: the high-risk sites of docs/science.md §10 R1, read from a niggle's location.

Bone pain at these sites gets URGENT wording (Warden14, Warden21): groin/hip (femoral neck),
pubic bone or sacrum, front of the shin (anterior tibia), top of the mid-foot (navicular), outer
base of the foot (5th metatarsal), ball of the big toe (sesamoids), inner ankle (talus/medial
malleolus). Locations are free text typed by the runner, so each site is a set of phrases; a
location that names none of them ("shin", "foot") is not escalated, and the REFER wording lists
the high-risk sites so the runner can tell. The names below are body places, never diagnoses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: site (plain words shown to the runner) → phrases that name it (whole words, any order of
#: spaces/hyphens/underscores). Source: docs/science.md §10 R1.
HIGH_RISK_SITES: Mapping[str, tuple[str, ...]] = {
    "groin or hip": ("groin", "hip", "hips", "femoral neck", "femur neck", "neck of femur"),
    "pubic bone or sacrum": ("pubic", "pubis", "pubic bone", "sacrum", "sacral", "pelvis"),
    "front of the shin": (
        "front of shin",
        "front of the shin",
        "front shin",
        "shin front",
        "anterior shin",
        "anterior tibia",
    ),
    "top of the mid-foot": (
        "top of foot",
        "top of the foot",
        "top of mid foot",
        "top of the mid foot",
        "top of midfoot",
        "top of the midfoot",
        "midfoot top",
        "mid foot top",
        "midfoot",
        "mid foot",
        "navicular",
    ),
    "outer base of the foot": (
        "outer foot",
        "outside of foot",
        "outside of the foot",
        "outer edge of foot",
        "outer edge of the foot",
        "base of little toe",
        "5th metatarsal",
        "fifth metatarsal",
    ),
    "ball of the big toe": (
        "big toe ball",
        "ball of big toe",
        "ball of the big toe",
        "under big toe",
        "under the big toe",
        "sesamoid",
        "sesamoids",
    ),
    "inner ankle": (
        "inner ankle",
        "inside ankle",
        "inside of ankle",
        "inside of the ankle",
        "medial ankle",
        "medial malleolus",
        "talus",
    ),
}

_SEPARATORS = re.compile(r"[\s\-_/,.]+")


def _normal(text: str) -> str:
    return " " + _SEPARATORS.sub(" ", text.lower()).strip() + " "


def high_risk_site(location: str) -> str | None:
    """The high-risk site a location names (plain words), or None when it names none."""
    where = _normal(location)
    for site, phrases in HIGH_RISK_SITES.items():
        if any(_normal(p) in where for p in phrases):
            return site
    return None
