"""Normalization of the unit and place cells of plan tables, without a database.

Cells come as the documents write them: several units or places in one cell, line-wrap
spaces inside names (``中国科学院海 西创新研究院``), trailing ``等``, notes in brackets. The
functions here turn them into names that the region table and the unit list know, and
they flag what they cannot read instead of dropping it. They also hold the rules that
link the same project in two plans and infer a start year from a completion year.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

from portfolio.cells import UNKNOWN_MARKS, WAN_PER_YI
from portfolio.regions import RegionTable

_SPACES = re.compile(r"\s+")
_BRACKETED = re.compile(r"\([^()]*\)")
_BRACKETED_TEXT = re.compile(r"\(([^()]*)\)")

UNIT_SEPARATORS = frozenset("、/,;")  # after NFKC: ， → ,  ； → ;  ／ → /
PLACE_SEPARATORS = UNIT_SEPARATORS
INCOMPLETE_MARKS = ("等单位", "等")
# Phrases that stand for every city concerned: the project belongs to the whole province.
PROVINCE_WIDE = frozenset({"各有关地市", "各地市", "各设区市", "各有关设区市", "全省"})
# A trailing bracket longer than this is a note (“市政府与清华大学共建”); shorter ones are
# place qualifiers that belong to the name (“中国皮革和制鞋工业研究院（晋江）”).
MAX_NAME_QUALIFIER = 4
# Marks of a project's status that do not change which project a name denotes.
STATUS_MARKS = ("(筹建)", "(策划)", "(规划)")
# Abbreviations planners write for long unit names; expanded before unit names are compared.
UNIT_ABBREVIATIONS = (
    ("中科院", "中国科学院"),
    ("国科大", "中国科学院大学"),
    ("物构所", "物质结构研究所"),
    ("师院", "师范学院"),
    ("师大", "师范大学"),
    ("管委会", "管理委员会"),
)
_CORE_PREFIXES = ("福建省", "福建", "中国")
_CORE_SUFFIXES = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "股份公司", "公司")

# Thresholds of difflib's ratio (2 * matches / total length), chosen on the plan tables:
UNIT_MATCH_THRESHOLD = 0.85  # a dropped or added character in a name of 6+ characters
UNIT_REPLACE_THRESHOLD = 0.92  # a changed character only in long names (泉州/漳州 differ)
UNIT_MATCH_MARGIN = 0.05  # the best candidate must beat the runner-up clearly
UNIT_MATCH_MIN_LENGTH = 6
NAME_LINK_THRESHOLD = 0.85  # two plans name the same project
NAME_SUPPORT_THRESHOLD = 0.5  # names related enough when unit, money and place agree

_ASCII_WORD = re.compile(r"[0-9A-Za-z]")
_BRACKETS = str.maketrans("【〔[{〈】〕]}〉", "((((()))))")
_DASHES = re.compile("[—–―‐‑‒−~〜]")
_QUOTES = re.compile("[“”„‟〝〞'‘’]")


def remove_wrap_spaces(text: str) -> str:
    """NFKC-normalize and drop the spaces that line wrapping left inside names.

    White space is kept (as one space) only between two ASCII letters or digits; Chinese
    names have no spaces, so any other space is a wrap artefact.

    >>> remove_wrap_spaces("中国科学院海 西创新研究院 (中国科学院 福建物质结构 研究所)")
    '中国科学院海西创新研究院(中国科学院福建物质结构研究所)'
    """
    text = unicodedata.normalize("NFKC", text).strip()
    parts = _SPACES.split(text)
    out = parts[0]
    for part in parts[1:]:
        if out and part and _ASCII_WORD.match(out[-1]) and _ASCII_WORD.match(part[0]):
            out += " "
        out += part
    return out


def normalize_name(text: str) -> str:
    """A key for comparing names: NFKC, no white space, one kind of bracket, dash and
    quote, ASCII in lower case.

    >>> normalize_name("福州大学—晋江 微电子研究院") == normalize_name("福州大学－晋江微电子研究院")
    True
    """
    text = _SPACES.sub("", unicodedata.normalize("NFKC", text)).translate(_BRACKETS)
    return _QUOTES.sub('"', _DASHES.sub("-", text)).casefold()


def _split_top_level(text: str, separators: frozenset[str]) -> list[str]:
    # Separators inside brackets belong to the name: 各县(市、区)科协 is one unit.
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(depth - 1, 0)
        if char in separators and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts]


def _strip_incomplete(part: str) -> tuple[str, bool]:
    for mark in INCOMPLETE_MARKS:
        if part.endswith(mark):
            return part[: -len(mark)].strip(), True
    return part, False


def _trailing_bracket(part: str) -> tuple[str, str] | None:
    """Split ``name(content)`` into name and content when the brackets close the part."""
    if not part.endswith(")"):
        return None
    depth = 0
    for index in range(len(part) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(part[index], 0)
        if depth == 0:
            return part[:index].strip(), part[index + 1 : -1].strip()
    return None


@dataclass(frozen=True)
class UnitsCell:
    """The units of a 项目单位 / 承担单位 cell. ``incomplete`` when the cell ends in 等."""

    names: tuple[str, ...]
    incomplete: bool = False
    notes: tuple[str, ...] = ()


def split_units(raw: str) -> UnitsCell:
    """Split a units cell on ``、 / ， , ; ；`` outside brackets.

    Wrap spaces are removed, a trailing ``等`` / ``等单位`` marks the list as incomplete, and
    a trailing bracket of more than four characters becomes a note rather than a unit.

    >>> split_units("华侨大学、泉州装备制造研究所等")
    UnitsCell(names=('华侨大学', '泉州装备制造研究所'), incomplete=True, notes=())
    >>> split_units("福州数据技术研究院有限公司（市政府与清华大学共建）").notes
    ('市政府与清华大学共建',)
    """
    text = remove_wrap_spaces(raw)
    if text in UNKNOWN_MARKS:
        return UnitsCell(())
    names: list[str] = []
    notes: list[str] = []
    incomplete = False
    for part in _split_top_level(text, UNIT_SEPARATORS):
        part, cut = _strip_incomplete(part)
        incomplete = incomplete or cut
        peeled: list[str] = []
        bracket = _trailing_bracket(part)
        while bracket and bracket[0] and len(bracket[1]) > MAX_NAME_QUALIFIER:
            part, note = bracket
            peeled.append(note)
            bracket = _trailing_bracket(part)
        notes.extend(reversed(peeled))
        if part:
            names.append(part)
    return UnitsCell(tuple(names), incomplete, tuple(notes))


@dataclass(frozen=True)
class PlacesCell:
    """The places of a 所在县（市、区）/ 所在地区 cell, resolved against the region table.

    ``regions`` holds canonical names (the plan's province for ``各有关地市``); ``unresolved``
    the parts not found in the table; ``ambiguous`` the parts several regions answer to
    outside the plan's city and province, each with the candidates' canonical names;
    ``unknown`` is set for ``-``.
    """

    regions: tuple[str, ...] = ()
    province_wide: bool = False
    incomplete: bool = False
    notes: tuple[str, ...] = ()
    unknown: bool = False
    unresolved: tuple[str, ...] = ()
    ambiguous: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass
class _Found:
    """What the parts of a cell resolved to so far."""

    regions: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)
    ambiguous: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)


def _resolve_tokens(
    tokens: list[str], regions: RegionTable, within: str | None, found: _Found
) -> None:
    """Greedy longest match over space-separated tokens: ``泉州 开发区`` is one place,
    ``沙县区 永安市`` two."""
    start = 0
    while start < len(tokens):
        for end in range(len(tokens), start, -1):
            written = "".join(tokens[start:end])
            candidates = regions.resolve(written, within)
            if len(candidates) == 1:
                found.regions.append(candidates[0].name)
            elif candidates:
                found.ambiguous.append((written, tuple(r.name for r in candidates)))
            else:
                continue
            start = end
            break
        else:
            found.unresolved.append(tokens[start])
            start += 1


@functools.lru_cache(maxsize=65536)  # 10,000s of rows name far fewer place cells
def resolve_places(raw: str, regions: RegionTable, within: str | None = None) -> PlacesCell:
    """Resolve a places cell of a plan of ``within`` (a region; the table's home province
    if not given) to canonical region names.

    Separators ``、 / ， , ; ；``; bracketed parts are notes (``翔安区 (规划)`` → note
    ``规划``); ``各有关地市`` means the plan's whole province; a trailing ``等`` marks the
    list as incomplete; ``-`` is unknown. A part with spaces is first tried without them (a
    wrap artefact), then split on them. A name several regions answer to is taken in the
    plan's city, else its province (:meth:`RegionTable.resolve`).

    >>> resolve_places("丰泽区、泉州 开发区等", RegionTable.default()).regions
    ('丰泽区', '泉州开发区')
    >>> resolve_places("鼓楼区", RegionTable.default(), within="南京市").regions
    ('南京市鼓楼区',)
    """
    text = unicodedata.normalize("NFKC", raw).strip()
    if _SPACES.sub("", text) in UNKNOWN_MARKS:
        return PlacesCell(unknown=True)
    notes = tuple(_SPACES.sub("", note) for note in _BRACKETED_TEXT.findall(text))
    text = _BRACKETED.sub(" ", text)
    found = _Found()
    incomplete = province_wide = False
    for part in _split_top_level(text, PLACE_SEPARATORS):
        part, cut = _strip_incomplete(part)
        incomplete = incomplete or cut
        if _SPACES.sub("", part) in PROVINCE_WIDE:
            province_wide = True
            found.regions.append(regions.province_of(within or "") or regions.province.name)
        elif part:
            _resolve_tokens(part.split(), regions, within, found)
    return PlacesCell(
        regions=tuple(dict.fromkeys(found.regions)),
        province_wide=province_wide,
        incomplete=incomplete,
        notes=tuple(note for note in notes if note),
        unresolved=tuple(found.unresolved),
        ambiguous=tuple(found.ambiguous),
    )


@functools.lru_cache(maxsize=65536)
def unit_key(name: str) -> str:
    """The key under which unit names are compared: :func:`normalize_name` with the
    common abbreviations (中科院, 师院, 管委会, ...) written out."""
    key = normalize_name(name)
    for short, full in UNIT_ABBREVIATIONS:
        key = key.replace(short, full)
    return key


def _unit_core(key: str) -> str:
    for prefix in _CORE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    for suffix in _CORE_SUFFIXES:
        if key.endswith(suffix):
            return key[: -len(suffix)]
    return key


def match_unit_name(name: str, known: Iterable[str]) -> str | None:
    """The known unit that a typo'd or shortened unit name stands for, or ``None``.

    Rules, in order, on :func:`unit_key` keys (the first known name wins among equals):

    1. the same key (wrap spaces, brackets, abbreviations such as 中科院 aside);
    2. the same core once a leading 福建省/福建/中国 and a trailing legal form (有限公司,
       股份有限公司, ...) are removed, if only one known unit has that core;
    3. difflib's ratio of at least ``UNIT_MATCH_THRESHOLD`` (0.85) for names of at least six
       characters, ``UNIT_REPLACE_THRESHOLD`` (0.92) when a character is changed rather
       than dropped or added (so 漳州市科技局 never becomes 泉州市科技局), and at least
       ``UNIT_MATCH_MARGIN`` above the next candidate.

    >>> match_unit_name("福建立亚新材有限公司", ["福建立亚新材料有限公司", "立邦投资有限公司"])
    '福建立亚新材料有限公司'
    >>> match_unit_name("漳州市科技局", ["泉州市科技局"]) is None
    True
    """
    return UnitMatcher(known).match(name)


class UnitMatcher:
    """Known unit names indexed for :func:`match_unit_name`'s rules; grows with :meth:`add`.

    Loading a table resolves each unit against every unit seen so far: the index keeps that
    from being quadratic in Python. rapidfuzz's ``fuzz.ratio`` (normalized Indel similarity,
    2·LCS/(m+n)) is an upper bound of difflib's ratio, so candidates below the floor there
    are below it in difflib too and need no exact score.
    """

    def __init__(self, known: Iterable[str] = ()) -> None:
        self._by_key: dict[str, str] = {}
        self._by_core: dict[str, list[str]] = {}
        self._keys: list[str] = []
        for name in known:
            self.add(name)

    def add(self, name: str) -> None:
        """Make ``name`` a known unit (the first name with a given key wins)."""
        key = unit_key(name)
        if not key or key in self._by_key:
            return
        self._by_key[key] = name
        self._by_core.setdefault(_unit_core(key), []).append(name)
        self._keys.append(key)

    def match(self, name: str) -> str | None:
        """The known unit ``name`` stands for, by the rules of :func:`match_unit_name`."""
        key = unit_key(name)
        if not key:
            return None
        if key in self._by_key:
            return self._by_key[key]
        core = _unit_core(key)
        same_core = self._by_core.get(core, [])
        if len(core) >= 2 and len(same_core) == 1:
            return same_core[0]
        if len(key) < UNIT_MATCH_MIN_LENGTH:
            return None
        # Scores below the threshold minus the margin change neither the best nor the
        # runner-up test, so only candidates above that floor are scored exactly.
        floor = UNIT_MATCH_THRESHOLD - UNIT_MATCH_MARGIN
        near = process.extract(
            key, self._keys, scorer=fuzz.ratio, score_cutoff=floor * 100, limit=None
        )
        # Best first by the upper bound: once the bound is no more than the runner-up's exact
        # score, no later candidate can change the decision (one tying with the runner-up
        # leaves its score as it is; one tying with the best too means best = runner-up,
        # which no margin lets through).
        scored: list[tuple[float, str]] = []
        for candidate, bound, _ in near:
            if len(scored) == 2 and bound / 100 <= scored[1][0] + 1e-9:
                break
            scored.append((SequenceMatcher(None, key, candidate).ratio(), candidate))
            scored.sort(key=lambda item: (-item[0], item[1]))
            del scored[2:]
        if not scored:
            return None
        best_ratio, best_key = scored[0]
        runner_up = scored[1][0] if len(scored) > 1 else 0.0
        opcodes = SequenceMatcher(None, key, best_key).get_opcodes()
        changed = any(op == "replace" for op, *_ in opcodes)
        threshold = UNIT_REPLACE_THRESHOLD if changed else UNIT_MATCH_THRESHOLD
        if best_ratio >= threshold and best_ratio - runner_up >= UNIT_MATCH_MARGIN:
            return self._by_key[best_key]
        return None


def infer_start_year(end_year: int, period_start: int) -> int:
    """Start year of a row that states only its completion year (计划完成时间).

    Rule: the project is taken to run from the first year of the plan period (2021 for the
    14th Five-Year Plan) to its completion year; a completion year before the period
    starts means a one-year project in that year. So the start is
    ``min(period_start, end_year)``.

    >>> infer_start_year(2023, 2021)
    2021
    >>> infer_start_year(2020, 2021)
    2020
    """
    return min(period_start, end_year)


def find_duplicate_names(names: Sequence[str]) -> list[tuple[int, ...]]:
    """Groups of positions in ``names`` whose names are equal after :func:`normalize_name`
    (NFKC, spaces removed, brackets unified); only groups of two or more, by first position.

    >>> find_duplicate_names(["硅基光调制器", "清源", "硅基光 调制器"])
    [(0, 2)]
    """
    groups: dict[str, list[int]] = {}
    for position, name in enumerate(names):
        groups.setdefault(normalize_name(name), []).append(position)
    return [tuple(group) for group in groups.values() if len(group) > 1]


def _ratio(a: str, b: str, floor: float) -> float:
    """difflib's ratio, or an upper bound of it below ``floor`` when that is all that counts."""
    matcher = SequenceMatcher(None, a, b)
    bound = matcher.real_quick_ratio()
    if bound >= floor:
        bound = matcher.quick_ratio()
        if bound >= floor:
            return matcher.ratio()
    return bound


@functools.lru_cache(maxsize=65536)
def _name_variants(name: str) -> frozenset[str]:
    """The full name, the name without brackets and each bracketed alias of 4+ characters:
    化学工程科学与技术创新实验室(清源创新实验室) is also 清源创新实验室."""
    key = normalize_name(name)
    for mark in STATUS_MARKS:
        key = key.replace(mark, "")
    if "(" not in key:  # most names: no bracket, no alias
        return frozenset((key,) if key else ())
    variants = {key, _BRACKETED.sub("", key)}
    variants.update(alias for alias in _BRACKETED_TEXT.findall(key) if len(alias) >= 4)
    return frozenset(variant for variant in variants if variant)


def names_match(a: str, b: str, *, floor: float = 0.0) -> float:
    """Similarity in [0, 1] of two project names from different plans: 1.0 when a variant
    of one (full name, name without brackets, bracketed alias) equals a variant of the
    other, else the best difflib ratio between variants.

    With ``floor``, a result below it may be an upper bound instead of the exact ratio
    (cheaper, for callers that only test against the floor).

    >>> names_match("清源创新实验室", "化学工程科学与技术 创新实验室 (清源创新实验室)")
    1.0
    """
    variants_a, variants_b = _name_variants(a), _name_variants(b)
    if not variants_a or not variants_b:
        return 0.0
    if variants_a & variants_b:
        return 1.0
    return max(_ratio(x, y, floor) for x in variants_a for y in variants_b)


def _name_candidates(names_a: Sequence[str], names_b: Sequence[str]) -> dict[int, set[int]]:
    """Pairs ``i → {j}`` whose names may match at :data:`NAME_SUPPORT_THRESHOLD` or more.

    rapidfuzz's ``fuzz.ratio`` of two variants is an upper bound of difflib's ratio (see
    :class:`UnitMatcher`), so a pair none of whose variants reaches the threshold there
    cannot reach it in :func:`names_match`: only the pairs left are scored exactly. Each
    variant of the shorter list is compared in C with every variant of the longer one,
    instead of every pair in Python (10,000 imported rows against a plan of 100 rows).
    """
    flat_a = [(i, v) for i, name in enumerate(names_a) for v in _name_variants(name)]
    flat_b = [(j, v) for j, name in enumerate(names_b) for v in _name_variants(name)]
    swapped = len(flat_a) < len(flat_b)
    outer, inner = (flat_a, flat_b) if swapped else (flat_b, flat_a)
    choices = [variant for _, variant in inner]
    cutoff = NAME_SUPPORT_THRESHOLD * 100 - 1e-6  # a float's rounding never drops a pair
    pairs: dict[int, set[int]] = {}
    for position, variant in outer:
        for _, _, k in process.extract(
            variant, choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
        ):
            other = inner[k][0]
            i, j = (position, other) if swapped else (other, position)
            pairs.setdefault(i, set()).add(j)
    return pairs


LinkRow = tuple[str, tuple[str, ...], tuple[str, ...], int | None]
"""A project as the linking rule sees it: name, units, canonical regions, investment 万元."""


def _places_agree(a: Sequence[str], b: Sequence[str], regions: RegionTable) -> bool | None:
    """``None`` when either side has no place; else whether a place of one lies in a
    place of the other (泉港区 lies in 泉州市)."""
    if not a or not b:
        return None
    return any(regions.covers(x, y) or regions.covers(y, x) for x in a for y in b)


def _yi(wan: int) -> str:
    return format((Decimal(wan) / WAN_PER_YI).normalize(), "f") + " 亿元"


@dataclass(frozen=True)
class LinkReason:
    """Why two rows are judged the same project: the rule and its evidence, in each language.

    ``zh`` and ``en`` say the same; neither holds `` / ``, so the two can be stored as one
    ``中文 / English`` message that a reader sees half of.
    """

    zh: str
    en: str

    def __str__(self) -> str:
        return f"{self.zh} / {self.en}"


def _sides(a: str, b: str) -> tuple[str, str]:
    """The two plans' values of one thing: (Chinese, English)."""
    return f"本规划 {a}，另一规划 {b}", f"{a} here, {b} in the other plan"


def link_candidates(
    city_rows: Sequence[LinkRow],
    province_rows: Sequence[LinkRow],
    *,
    regions: RegionTable | None = None,
) -> list[tuple[int, int, LinkReason]]:
    """Pairs ``(i, j, reason)`` of a city-plan row and a provincial-plan row judged to be
    the same project, in order of ``i`` then ``j``.

    A pair is linked when either

    - the names match (:func:`names_match` ≥ ``NAME_LINK_THRESHOLD``, 0.85) and the places
      do not contradict each other (one lies in the other, or one side has none); or
    - a unit is shared (:func:`unit_key`), the investment is the same and known, the places
      agree, and the names are related (≥ ``NAME_SUPPORT_THRESHOLD``, 0.5): 时空产业基地 and
      时空科创基地 of 福建省海上丝路时间中心运营有限公司, 7.8 亿元 each, in 丰泽区.

    The reason names the rule and the evidence, in Chinese and in English.
    """
    table = regions if regions is not None else RegionTable.default()
    links: list[tuple[int, int, LinkReason]] = []
    candidates = _name_candidates([row[0] for row in city_rows], [row[0] for row in province_rows])
    for i in sorted(candidates):
        name_a, units_a, places_a, money_a = city_rows[i]
        keys_a = {unit_key(unit): unit for unit in units_a}
        for j in sorted(candidates[i]):
            name_b, units_b, places_b, money_b = province_rows[j]
            score = names_match(name_a, name_b, floor=NAME_SUPPORT_THRESHOLD)
            if score < NAME_SUPPORT_THRESHOLD:
                continue
            places = _places_agree(places_a, places_b, table)
            place_zh, place_en = _sides("、".join(places_a) or "-", "、".join(places_b) or "-")
            money_zh, money_en = _sides(
                *(_yi(x) if x is not None else "-" for x in (money_a, money_b))
            )
            if score >= NAME_LINK_THRESHOLD and places is not False:
                same = score == 1.0
                reason = LinkReason(
                    f"{'名称相同' if same else '名称相近'}（{score:.2f}）；投资：{money_zh}；"
                    f"地点：{place_zh}",
                    f"{'same name' if same else 'similar name'} ({score:.2f}); investment: "
                    f"{money_en}; place: {place_en}",
                )
                links.append((i, j, reason))
                continue
            shared = [keys_a[unit_key(unit)] for unit in units_b if unit_key(unit) in keys_a]
            if shared and money_a is not None and money_a == money_b and places:
                reason = LinkReason(
                    f"单位、投资、地点相同：单位 {shared[0]}，投资 {_yi(money_a)}，"
                    f"地点：{place_zh}；名称相似度 {score:.2f}",
                    f"same unit {shared[0]}, same investment {_yi(money_a)}, place: {place_en}; "
                    f"name similarity {score:.2f}",
                )
                links.append((i, j, reason))
    return links
