"""Citations lead somewhere: every ``docs/science.md …`` and ``docs/anchors.md …`` in src/,
tests/, bench/, scripts/, docs/ and the top-level Markdown files names a section or rule that
has an anchor in that document, and none is left in the old bare form. The grammar and the
rewrite are scripts/point_citations.py's; this file is skipped by both (it quotes bare forms)."""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location(
    "point_citations", ROOT / "scripts/point_citations.py"
)
assert _SPEC is not None and _SPEC.loader is not None
pc = importlib.util.module_from_spec(_SPEC)
sys.modules["point_citations"] = pc
_SPEC.loader.exec_module(pc)

ANCHOR = re.compile(r'<a id="([^"]+)"></a>')


def anchors(doc: str) -> list[str]:
    """The anchor IDs a document defines, in order (``docs/science.md`` → ``["s0", …]``)."""
    return ANCHOR.findall((ROOT / pc.DOCS[doc]).read_text())


def missing(citations: Iterable[pc.Citation], defined: dict[str, set[str]]) -> list[str]:
    """One line per cited ID without an anchor: ``path:line: docs/science.md L99 …``."""
    return [
        f"{c.path}:{c.line}: {pc.DOCS[c.doc]} {anchor_id} has no anchor there: {c.text}"
        for c in citations
        for anchor_id in c.ids
        if anchor_id not in defined[c.doc]
    ]


def all_citations() -> list[pc.Citation]:
    out = []
    for path in pc.files():
        rel = path.relative_to(ROOT).as_posix()
        out += pc.citations_in(path.read_text(), rel)
    return out


DEFINED = {doc: set(anchors(doc)) for doc in pc.DOCS}


def test_every_cited_id_has_an_anchor():
    citations = all_citations()
    assert len(citations) > 400  # the inventory: ~390 of the rule base, ~85 of the anchors
    problems = missing(citations, DEFINED)
    assert not problems, "\n".join(problems)


def test_no_citation_is_left_in_the_old_form():
    left = [
        f"{path.relative_to(ROOT)}:{number}: {line}  (run python scripts/point_citations.py)"
        for path in pc.files()
        for number, line in pc.bare_in(path.read_text())
    ]
    assert not left, "\n".join(left)


@pytest.mark.parametrize("doc", list(pc.DOCS))
def test_anchors_are_unique(doc):
    ids = anchors(doc)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


def test_a_citation_of_an_id_that_does_not_exist_fails_naming_file_and_line():
    text = "x = 1\n# docs/science.md §7 L6, L99 and docs/anchors.md §2.6, §9.9\n"
    problems = missing(pc.citations_in(text, "src/example.py"), DEFINED)
    assert problems == [
        "src/example.py:2: docs/science.md L99 has no anchor there: "
        "# docs/science.md §7 L6, L99 and docs/anchors.md §2.6, §9.9",
        "src/example.py:2: docs/anchors.md s9-9 has no anchor there: "
        "# docs/science.md §7 L6, L99 and docs/anchors.md §2.6, §9.9",
    ]


@pytest.mark.parametrize(
    ("doc", "tail", "ids"),
    [
        ("science", " §7 L6 (daily load)", ("s7", "L6")),
        ("science", " A2, A5 (high HRV can also mean overreaching)", ("A2", "A5")),
        ("science", " §10 R1–R3): what the runner reports", ("s10", "R1", "R2", "R3")),
        ("science", " (§0, §1, §4, §6a, §7–§9)", ("s7", "s8", "s9", "s0", "s1", "s4", "s6a")),
        ("science", " §1 #7 / A4: RHR rises", ("s1-7", "A4")),
        ("science", " M1, §8a row 4 (Saw16)", ("s8a-4", "M1")),
        ("science", " §11.8): extreme settings", ("s11-8",)),
        ("science", " H2/H7 (HewButler15, Walsh21, IOC-REDs23, ESC20)", ("H2", "H7")),
        ("science", " terms); nothing cited", ()),
        (
            "anchors",
            "` §2.6–§2.9 and §3.5, §3.7.",
            ("s2-6", "s2-7", "s2-8", "s2-9", "s3-5", "s3-7"),
        ),
        ("anchors", " §2.1, gap 9 in §5): grade-adjust", ("s2-1", "s5")),
    ],
)
def test_the_ids_a_citation_names(doc, tail, ids):
    assert pc.anchor_ids(doc, tail) == ids


def test_a_citation_ends_at_the_next_file_name():
    line = "source: docs/science.md A2; docs/anchors.md §2.6 and formats.md §0"
    found = [(c.doc, c.ids) for c in pc.citations_in(line)]
    assert found == [("science", ("A2",)), ("anchors", ("s2-6",))]


def test_pointing_is_idempotent_and_leaves_links_and_pointed_names_alone():
    text = "(science.md §0); reference/anchors.md §2.1; `anchors.md` §3.2; [rules](science.md#L2)"
    once = pc.point(text)
    assert once == (
        "(docs/science.md §0); docs/anchors.md §2.1; `docs/anchors.md` §3.2; [rules](science.md#L2)"
    )
    assert pc.point(once) == once
    assert not list(pc.bare_in(once))


def test_a_lengthened_line_is_wrapped_and_keeps_its_citation_whole():
    comment = "# " + "word " * 13 + "(science.md §7 L6, L7)"  # 96 columns, 101 once pointed
    before = f"X = 1  {comment}\n"
    assert len(before.rstrip()) <= pc.MAX_COLUMNS
    after = pc.rewrap(pc.point(before), before)
    assert all(len(line) <= pc.MAX_COLUMNS for line in after.splitlines())
    assert [c.ids for c in pc.citations_in(after)] == [("s7", "L6", "L7")]
    assert after.splitlines()[1].startswith("#" + " " * 8)  # aligned under the comment text
