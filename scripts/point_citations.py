"""Point every citation of the rule base and of the peers' reference at their homes in docs/.

usage: python scripts/point_citations.py [--check] [--list]

The code cites the rule base as ``science.md §7 L6`` and the peers' formulas and test values as
``anchors.md §2.6`` (or ``reference/anchors.md``); both files lived outside the repository. Their
homes are now ``docs/science.md`` and ``docs/anchors.md``, and this script rewrites every
citation in src/, tests/, bench/, scripts/, docs/ and the top-level Markdown files to that form:

1. ``science.md`` → ``docs/science.md``; ``anchors.md`` and ``reference/anchors.md`` →
   ``docs/anchors.md`` (a name already under ``docs/`` is left alone, so a second run changes
   nothing);
2. a Python line the longer name pushes past the 100-column limit is re-wrapped where it broke:
   a comment or docstring line carries its last words onto the next line of the same comment or
   docstring, a one-line string literal inside brackets is split into two adjacent literals;
   ruff format then lays out the files it touched;
3. the cog-generated parts of docs/ are regenerated, since metric docstrings and rule sources
   are copied there.

``--check`` changes nothing and exits 1 when a citation still needs pointing. ``--list`` prints
every citation with the IDs it names (the inventory ``tests/test_citations.py`` checks against
the anchors of the two documents). Re-run it after merging a branch that adds citations.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_COLUMNS = 100  # ruff line-length (pyproject.toml)
TREES = ("src", "tests", "bench", "scripts", "docs")
TOP_LEVEL = ("README.md", "DEVELOPERS.md")
SUFFIXES = {".py", ".md", ".yml", ".yaml", ".toml", ".txt", ".ini"}
# The two homes themselves, and the two files that quote the bare forms on purpose.
SKIP = {
    "docs/science.md",
    "docs/anchors.md",
    "scripts/point_citations.py",
    "tests/test_citations.py",
}
COG_DOCS = ("docs/cli.md", "docs/settings.md", "docs/metrics.md", "docs/readiness.md")
DOCS = {"science": "docs/science.md", "anchors": "docs/anchors.md"}

# A bare name (not already under docs/, not a Markdown link target), with or without the
# reference/ folder it came from.
BARE = re.compile(r"(?<![\w/.-])(?<!\]\()(?:reference/)?(science|anchors)\.md\b")
POINTED = re.compile(r"(?<![\w/.-])docs/(science|anchors)\.md\b")
# A citation's IDs run from the document's name to the next file name or the end of the line.
NEXT_FILE = re.compile(r"[\w./-]+\.(?:md|py|php|cpp|ts|csv|yml|txt|fit|tcx|gpx)\b")
DASH = "[–-]"
SECTION_RANGE = re.compile(rf"§(\d+){DASH}§(\d+)\b")
SUBSECTION_RANGE = re.compile(rf"§(\d+)\.(\d+){DASH}§(\d+)\.(\d+)\b")
SECTION = re.compile(r"§(\d+)([a-z])?(?:\.(\d+))?(?:\s*#(\d+)|\s+row\s+(\d+))?")
RULE_RANGE = re.compile(rf"(?<![\w-])([ALHMNOPRS])(\d{{1,2}}){DASH}\1?(\d{{1,2}})(?!\w)")
RULE = re.compile(r"(?<![\w-])([ALHMNOPRS])(\d{1,2})(?!\w)")


@dataclass(frozen=True)
class Citation:
    """One citation: where it is, which document it names, the anchor IDs it points at."""

    path: str
    line: int
    doc: str  # "science" or "anchors"
    ids: tuple[str, ...]
    text: str


def anchor_ids(doc: str, tail: str) -> tuple[str, ...]:
    """The anchor IDs a citation's tail names, in order: ``§7 L6, L7`` → ``s7 L6 L7``.

    Sections become ``s<n>[<letter>][-<sub>]`` (``§6a`` → ``s6a``, ``§11.8`` → ``s11-8``,
    ``§1 #7`` → ``s1-7``, ``§8a row 3`` → ``s8a-3``); rule IDs of the rule base stay as they are
    (``L6``). Ranges (``S1–S4``, ``§7–§11``, ``§2.6–§2.9``) name every member.
    """
    ids: list[str] = []
    rest = tail
    for match in SUBSECTION_RANGE.finditer(rest):
        major, low, major_to, high = (int(g) for g in match.groups())
        if major == major_to:
            ids += [f"s{major}-{n}" for n in range(low, high + 1)]
    rest = SUBSECTION_RANGE.sub(" ", rest)
    for match in SECTION_RANGE.finditer(rest):
        ids += [f"s{n}" for n in range(int(match[1]), int(match[2]) + 1)]
    rest = SECTION_RANGE.sub(" ", rest)
    for match in SECTION.finditer(rest):
        number, letter, sub, seed_row, matrix_row = match.groups()
        base = f"s{number}{letter or ''}"
        row = sub or seed_row or matrix_row
        ids.append(f"{base}-{row}" if row else base)
    rest = SECTION.sub(" ", rest)
    if doc == "science":
        for match in RULE_RANGE.finditer(rest):
            ids += [f"{match[1]}{n}" for n in range(int(match[2]), int(match[3]) + 1)]
        rest = RULE_RANGE.sub(" ", rest)
        ids += [f"{m[1]}{m[2]}" for m in RULE.finditer(rest)]
    return tuple(dict.fromkeys(ids))


def citations_in(text: str, path: str = "<text>") -> Iterator[Citation]:
    """Every pointed citation (``docs/science.md …``, ``docs/anchors.md …``) in ``text``."""
    for number, line in enumerate(text.splitlines(), 1):
        for match in POINTED.finditer(line):
            tail = line[match.end() :]
            stop = NEXT_FILE.search(tail)
            tail = tail[: stop.start()] if stop else tail
            yield Citation(path, number, match[1], anchor_ids(match[1], tail), line.strip())


def bare_in(text: str) -> Iterator[tuple[int, str]]:
    """Every citation still in the old form: (line number, line)."""
    for number, line in enumerate(text.splitlines(), 1):
        if BARE.search(line):
            yield number, line.strip()


def files(root: Path = ROOT) -> list[Path]:
    """The files whose citations are pointed and checked."""
    found = [root / name for name in TOP_LEVEL if (root / name).is_file()]
    for tree in TREES:
        found += [
            p
            for p in sorted((root / tree).rglob("*"))
            if p.is_file() and p.suffix in SUFFIXES and "__pycache__" not in p.parts
        ]
    return [p for p in found if p.relative_to(root).as_posix() not in SKIP]


def point(text: str) -> str:
    """``text`` with every bare citation pointed at docs/ (idempotent)."""
    return BARE.sub(lambda m: DOCS[m[1]], text)


# --- re-wrapping Python lines the longer names pushed past the limit -------------------------


def _width(line: str) -> int:
    return len(line)


# A citation stays on one line: never break before an ID or right after a document's name.
_ID_AHEAD = re.compile(r"(?:§|#\d|row \d|[ALHMNOPRS]\d{1,2}(?!\w))")
_NAME_BEHIND = re.compile(r"docs/(?:science|anchors)\.md`?$")


def _break_at(line: str, start: int, balanced: bool = False) -> int | None:
    """A space after column ``start`` where ``line`` may break so that its head fits, without
    separating a citation's IDs from its document: the last one, or (``balanced``, when the rest
    goes on a line of its own) the one nearest the middle of the text. None if there is none."""
    spaces = [
        k
        for k in range(start + 1, min(len(line), MAX_COLUMNS + 1))
        if line[k] == " "
        and not _ID_AHEAD.match(line, k + 1)
        and not _NAME_BEHIND.search(line[:k])
        and line[:k].strip()
    ]
    if not spaces:
        return None
    if not balanced:
        return spaces[-1]
    middle = (start + len(line)) / 2
    return min(spaces, key=lambda k: abs(k - middle))


def _tokens(source: str) -> list[tokenize.TokenInfo]:
    return list(tokenize.generate_tokens(io.StringIO(source).readline))


_RULE_LINE = re.compile(r"^(\s*#.*\S)\s+(-{3,})$")  # "# --- section --------"


def _wrap_comment(lines: list[str], i: int, tok: tokenize.TokenInfo) -> bool:
    line, col = lines[i], tok.start[1]
    rule = _RULE_LINE.match(line)
    if rule and _width(rule[1]) + 4 <= MAX_COLUMNS:  # a section rule: fewer dashes
        lines[i] = rule[1] + " " + "-" * (MAX_COLUMNS - _width(rule[1]) - 1)
        return True
    indent = len(line) - len(line.lstrip())
    whole_line = col == indent
    marker = re.match(r"#[:!]?", tok.string)[0]  # type: ignore[index]  # "#: " doc comments
    if whole_line:
        prefix = line[:col] + marker + " "
    else:
        prefix = " " * indent + "#" + " " * (col + 1 - indent)
    nxt = lines[i + 1] if i + 1 < len(lines) else ""
    continues = (
        nxt.startswith(prefix)
        and nxt[len(prefix) :].strip() != ""
        and not nxt[len(prefix)].isspace()
        and not (whole_line and re.match(r"[-*•]|\d+\.|---", nxt[len(prefix) :]))
    )
    cut = _break_at(line, col + 2, balanced=not continues)
    if cut is None:
        return False
    head, rest = line[:cut].rstrip(), line[cut + 1 :].strip()
    lines[i] = head
    if continues:
        lines[i + 1] = prefix + rest + " " + nxt[len(prefix) :].strip()
    else:
        lines.insert(i + 1, prefix + rest)
    return True


def _wrap_long_string(lines: list[str], i: int, tok: tokenize.TokenInfo) -> bool:
    line = lines[i]
    first = tok.start[0] - 1 == i
    begin = tok.start[1] + 3 if first else len(line) - len(line.lstrip())
    indent_of = tok.start[1] if first else len(line) - len(line.lstrip())
    prefix = " " * indent_of
    last = tok.end[0] - 1
    nxt = lines[i + 1] if i + 1 <= last else ""
    nxt_text = nxt.strip()
    joinable = bool(
        i + 1 <= last
        and nxt_text
        and not nxt_text.startswith(('"""', "'''"))
        and not re.match(r"[-*•|]|\d+\.\s|>>>", nxt_text)
        and len(nxt) - len(nxt.lstrip()) == indent_of
        and not line.rstrip().endswith(('"""', "'''"))
    )
    cut = _break_at(line, begin, balanced=not joinable)
    if cut is None:
        return False
    head, rest = line[:cut].rstrip(), line[cut + 1 :].lstrip()
    lines[i] = head
    if joinable:
        lines[i + 1] = prefix + rest + " " + nxt_text
    else:
        lines.insert(i + 1, prefix + rest)
    return True


def _wrap_short_string(lines: list[str], i: int, tok: tokenize.TokenInfo, depth: int) -> bool:
    prefix_letters = re.match(r"[A-Za-z]*", tok.string)[0]  # type: ignore[index]
    if "f" in prefix_letters.lower() or depth == 0:
        return False
    quote = tok.string[len(prefix_letters)]
    line, start, end = lines[i], tok.start[1], tok.end[1]
    cut = _break_at(line[:end], start + len(prefix_letters) + 1, balanced=True)
    if cut is None or cut >= end - 1:
        return False
    lines[i] = line[: cut + 1] + quote
    lines.insert(i + 1, " " * start + prefix_letters + quote + line[cut + 1 :])
    return True


def _wrap_once(source: str, already: set[str]) -> tuple[str, bool]:
    """Re-wrap the first over-long line that is not one of ``already``; False if none was."""
    lines = source.split("\n")
    toks = _tokens(source)
    depth_at: dict[tuple[int, int], int] = {}
    depth = 0
    for tok in toks:
        if tok.type == tokenize.OP and tok.string in "([{":
            depth += 1
        elif tok.type == tokenize.OP and tok.string in ")]}":
            depth -= 1
        depth_at[tok.start] = depth
    for i, line in enumerate(lines):
        if _width(line) <= MAX_COLUMNS or line in already or "# noqa" in line:
            continue
        row = i + 1
        done = False
        for tok in toks:
            if tok.type == tokenize.COMMENT and tok.start[0] == row and tok.start[1] < MAX_COLUMNS:
                done = _wrap_comment(lines, i, tok)
                break
            if tok.type == tokenize.STRING and tok.start[0] <= row <= tok.end[0]:
                on_line_start = tok.start[1] if tok.start[0] == row else 0
                on_line_end = tok.end[1] if tok.end[0] == row else len(line)
                if not on_line_start <= MAX_COLUMNS < on_line_end:
                    continue
                triple = tok.string.lstrip("rRbBuUfF")[:3] in ('"""', "'''")
                if tok.start[0] != tok.end[0] or triple:
                    done = _wrap_long_string(lines, i, tok)
                else:
                    done = _wrap_short_string(lines, i, tok, depth_at[tok.start])
                break
        if done:
            return "\n".join(lines), True
        already.add(line)  # code: ruff format splits it
    return source, False


def rewrap(source: str, before: str) -> str:
    """``source`` with every comment, docstring or string line over the limit that was not over
    it in ``before`` wrapped (a long line of code is left to ruff format)."""
    already = {line for line in before.split("\n") if _width(line) > MAX_COLUMNS}
    for _ in range(1000):
        source, changed = _wrap_once(source, already)
        if not changed:
            break
    return source


# --- the whole run -------------------------------------------------------------------------


def run(check: bool) -> int:
    """Point every citation; with ``check``, only report. 0 when nothing is (left) to do."""
    changed: list[Path] = []
    for path in files():
        text = path.read_text()
        new = point(text)
        if new == text:
            continue
        rel = path.relative_to(ROOT)
        if check:
            for number, line in bare_in(text):
                print(f"{rel}:{number}: not pointed at docs/: {line}")
            changed.append(path)
            continue
        if path.suffix == ".py":
            new = rewrap(new, text)
        path.write_text(new)
        changed.append(path)
        print(f"pointed {rel}")
    if check:
        return 1 if changed else 0
    python = [p for p in changed if p.suffix == ".py"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "scripts")])}
    if python:
        subprocess.run([sys.executable, "-m", "ruff", "format", *map(str, python)], check=True)
        lint = [sys.executable, "-m", "ruff", "check", "--select", "E501", *map(str, python)]
        if subprocess.run(lint, check=False).returncode:
            print("wrap the lines above by hand (code ruff format could not split)")
    if changed:
        cog = [sys.executable, "-m", "cogapp", "-I", "scripts", "-r", *COG_DOCS]
        subprocess.run(cog, check=True, cwd=ROOT, env=env)
    return 0


def listing() -> int:
    """Print every pointed citation with the IDs it names."""
    for path in files():
        rel = path.relative_to(ROOT).as_posix()
        for c in citations_in(path.read_text(), rel):
            print(f"{c.path}:{c.line}: {DOCS[c.doc]} {' '.join(c.ids) or '(whole document)'}")
    return 0


if __name__ == "__main__":
    if "--list" in sys.argv[1:]:
        sys.exit(listing())
    sys.exit(run(check="--check" in sys.argv[1:]))
