"""Hardened, streaming XML for GPX and TCX: ``iterparse`` that never expands entities.

Built on defusedxml's ``iterparse`` (the stdlib expat parser with entity declarations, external
references and DTD tricks refused), so a "billion laughs" or an external-entity file raises
``ParseError`` naming the file instead of eating memory or reading local files. Elements are
handed over at their end tag; callers clear what they have read, so memory stays flat.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import BinaryIO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from recoverwell.core.errors import ParseError


def local(tag: str) -> str:
    """The tag without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


def iter_end(stream: BinaryIO, path: str) -> Iterator[ET.Element]:
    """Every element at its end tag; ParseError (with the line) for malformed or unsafe XML."""
    try:
        for _event, element in iterparse(stream, events=("end",)):
            yield element
    except DefusedXmlException as err:
        raise ParseError(
            path, f"unsafe XML refused ({type(err).__name__}: entities and DTDs are not expanded)"
        ) from err
    except ET.ParseError as err:
        line, _column = err.position
        reason = str(err).split(":", 1)[0]
        raise ParseError(path, f"malformed XML: {reason}", record=f"line {line}") from err


def child_text(element: ET.Element, name: str) -> str | None:
    """Text of the first direct child with local name ``name``."""
    for child in element:
        if local(child.tag) == name:
            return child.text
    return None


def to_float(text: str | None) -> float:
    """A number from element text; NaN when missing or not a number."""
    if text is None:
        return math.nan
    try:
        return float(text)
    except ValueError:
        return math.nan


def parse_time(text: str | None) -> datetime | None:
    """An ISO 8601 instant; one without a zone is UTC (the GPX and TCX schemas say so)."""
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
