"""A scenario's mistakes: every one at once, each with where it stands and what to write.

A problem names the key it stands at (``caps.county.晋江.2023``, ``overrides[1]``), says what
is wrong (a message of the catalog, in either language), may suggest what to write instead
(the closest known names, or an amount with its unit) and, once the scenario's text is
known, the line of the file it stands on. The 情景 form puts the same problems next to the
rows they concern.

tomllib gives no positions, so :func:`key_lines` reads the lines of the keys from the text:
the headers (``[caps.county."晋江市"]``, ``[[overrides]]``) and the ``key = value`` lines under
them. A problem at a key no line writes (``objectives[1]`` inside one array) stands at the
line of the nearest key that contains it.

>>> text = 'name = "x"\\n[caps.county."晋江"]\\n2023 = "1亿"\\n[[overrides]]\\nproject = "甲"\\n'
>>> lines = key_lines(text)
>>> lines["caps.county.晋江.2023"], lines["overrides[0]"], lines["overrides[0].project"]
(3, 4, 5)
>>> line_of("overrides[0].must_fund", lines)
4
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import ntr, tr


@dataclass(frozen=True)
class ScenarioProblem:
    """One mistake of a scenario: its key, what is wrong (a message of the catalog, written in
    Chinese with ``{name}`` fields, and the values of its fields), the names or amounts it
    suggests instead, and its line in the file (``None`` when not known)."""

    key: str
    said: str
    values: tuple[tuple[str, object], ...] = ()
    suggestions: tuple[str, ...] = ()
    line: int | None = None

    def what(self, lang: Language = Language.ZH) -> str:
        """What is wrong, in one language."""
        return tr(lang, self.said, **dict(self.values))

    def message(self, lang: Language = Language.ZH) -> str:
        """What is wrong, with the suggestions, in one language."""
        if not self.suggestions:
            return self.what(lang)
        names = tr(lang, "或").join(f"“{s}”" for s in self.suggestions)
        return self.what(lang) + tr(lang, "（是否要写{names}？）", names=names)

    def where(self, lang: Language = Language.ZH) -> str:
        """``第12行 caps.county.晋江.2023`` / ``line 12, caps.county.晋江.2023``."""
        if self.line is None:
            return self.key
        if not self.key:
            return tr(lang, "第{line}行", line=self.line)
        return tr(lang, "第{line}行 {key}", line=self.line, key=self.key)

    def text(self, lang: Language = Language.ZH) -> str:
        """Where and what, as the command line prints it."""
        where = self.where(lang)
        if not where:
            return self.message(lang)
        return tr(lang, "{where}：{message}", where=where, message=self.message(lang))


class ScenarioError(PortfolioError):
    """A scenario that cannot be run, with every problem, its key and (given the text) its
    line. ``str()`` lists them in Chinese; :meth:`report` in either language."""

    def __init__(
        self, source: str, problems: Iterable[ScenarioProblem], text: str | None = None
    ) -> None:
        listed = tuple(problems)
        if text is not None:
            listed = with_lines(listed, text)
        self.source = source
        self.problems: tuple[ScenarioProblem, ...] = tuple(
            sorted(listed, key=lambda p: (p.line is None, p.line or 0))
        )
        super().__init__(self.report(Language.ZH))

    def by_key(self, lang: Language = Language.ZH) -> list[tuple[str, str]]:
        """``(key, message)`` of every problem, in file order."""
        return [(p.key, p.message(lang)) for p in self.problems]

    def report(self, lang: Language = Language.ZH) -> str:
        """The source and every problem, one a line."""
        count = len(self.problems)
        head = ntr(lang, "{source}：情景有 {n} 处错误", "{source}：情景有 {n} 处错误", count,
                   source=self.source)  # fmt: skip
        return "\n".join([head, *(f"  {p.text(lang)}" for p in self.problems)])


@dataclass
class ProblemList:
    """Collects a scenario's problems while it is read and built."""

    problems: list[ScenarioProblem] = field(default_factory=list)

    def refuse(
        self, key: str, said: str, suggestions: Sequence[str] = (), /, **values: object
    ) -> None:
        """Record a problem at ``key``: ``said`` is a message of the catalog (extraction finds
        it as ``refuse``'s second argument), ``values`` fill its fields."""
        self.problems.append(ScenarioProblem(key, said, tuple(values.items()), tuple(suggestions)))

    def __bool__(self) -> bool:
        return bool(self.problems)


# ---------------------------------------------------------------------------------------
# Lines of keys

_BARE = re.compile(r"[A-Za-z0-9_\-\u3000-\u9fff\uff00-\uffef]+")
_TOML_LINE = re.compile(r"at line (\d+)")


def _key_parts(text: str) -> tuple[list[str], str] | None:
    """A dotted key at the start of ``text`` (bare or quoted parts) and what follows it."""
    parts: list[str] = []
    rest = text.lstrip()
    while True:
        if rest.startswith('"'):
            end = rest.find('"', 1)
            while end > 0 and rest[end - 1] == "\\":
                end = rest.find('"', end + 1)
            if end < 0:
                return None
            parts.append(rest[1:end])
            rest = rest[end + 1 :]
        elif rest.startswith("'"):
            end = rest.find("'", 1)
            if end < 0:
                return None
            parts.append(rest[1:end])
            rest = rest[end + 1 :]
        else:
            match = _BARE.match(rest)
            if match is None:
                return None
            parts.append(match.group(0))
            rest = rest[match.end() :]
        rest = rest.lstrip()
        if not rest.startswith("."):
            return parts, rest
        rest = rest[1:].lstrip()


def _open_brackets(value: str) -> int:
    """How many ``[`` and ``{`` a value leaves open (strings and comments skipped)."""
    depth, quote, i = 0, "", 0
    while i < len(value):
        char = value[i]
        if quote:
            if char == "\\" and quote == '"':
                i += 1
            elif char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            break
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        i += 1
    return depth


def key_lines(text: str) -> dict[str, int]:
    """Every key the text writes (``caps.total.2024``, ``overrides[1].project``) → its line
    (1-based). Tables of an array count from 0 as the problems name them."""
    lines: dict[str, int] = {}
    arrays: dict[str, int] = {}  # array of tables → how many so far
    table = ""
    depth = 0  # brackets a multi-line value leaves open
    in_string = ""  # the quotes of a multi-line string being skipped
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if in_string:
            if in_string in stripped:
                in_string = ""
            continue
        if depth > 0:
            depth += _open_brackets(stripped)
            continue
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[["):
            found = _key_parts(stripped[2:])
            if found is not None:
                name = ".".join(found[0])
                index = arrays.get(name, 0)
                arrays[name] = index + 1
                table = f"{name}[{index}]"
                lines.setdefault(table, number)
            continue
        if stripped.startswith("["):
            found = _key_parts(stripped[1:])
            if found is not None:
                table = _in_arrays(".".join(found[0]), arrays)
                lines.setdefault(table, number)
            continue
        found = _key_parts(stripped)
        if found is None or not found[1].startswith("="):
            continue
        key = ".".join(([table] if table else []) + found[0])
        lines.setdefault(key, number)
        value = found[1][1:].strip()
        for quotes in ('"""', "'''"):
            if value.startswith(quotes) and value.count(quotes) == 1:
                in_string = quotes
        depth = _open_brackets(value) if not in_string else 0
    return lines


def _in_arrays(name: str, arrays: dict[str, int]) -> str:
    """``overrides.x`` under the latest ``[[overrides]]`` is ``overrides[2].x``."""
    for array, count in sorted(arrays.items(), key=lambda item: -len(item[0])):
        if name == array or name.startswith(array + "."):
            return f"{array}[{count - 1}]" + name[len(array) :]
    return name


def line_of(key: str, lines: dict[str, int]) -> int | None:
    """The line of ``key``, or of the nearest key that contains it."""
    while key:
        if key in lines:
            return lines[key]
        cut = max(key.rfind("."), key.rfind("["))
        if cut <= 0:
            break
        key = key[:cut]
    return lines.get(key)


def with_lines(problems: Sequence[ScenarioProblem], text: str) -> tuple[ScenarioProblem, ...]:
    """The problems with their lines in ``text`` (a line already known is kept)."""
    lines = key_lines(text)
    return tuple(
        p if p.line is not None else replace(p, line=line_of(p.key, lines)) for p in problems
    )


def toml_error_line(message: str) -> int | None:
    """The line tomllib names in its message (``... (at line 3, column 5)``)."""
    match = _TOML_LINE.search(message)
    return int(match.group(1)) if match else None
