"""What is wrong with a progress report's workbook: every problem at once, at its cell.

A problem names the file, sheet, row and column it stands at (:class:`Location`), says
what is wrong (a message of the catalog, written in Chinese with ``{name}`` fields, and the
values of its fields) and may suggest what to write instead (the closest known names). The
command line prints them in the reader's language; the upload page lists them in a table.

>>> log = ActualsProblemLog()
>>> log.refuse(Location("进度.xlsx", "实际完成情况", 5, "年份"), "“{text}”不是年份", text="明年")
>>> print(ActualsImportError("进度.xlsx", log.problems, total=len(log)).message(Language.ZH))
无法导入 进度.xlsx：共 1 处问题
  进度.xlsx，工作表 实际完成情况，第 5 行，列 年份：“明年”不是年份
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from portfolio.errors import ImportFileError, Location, PortfolioError
from portfolio.exports.model import Language
from portfolio.i18n import DETAIL, N_, ntr, tr

# A planner reads the first screenful; beyond it the same mistakes repeat down the file.
MAX_LISTED = 200


@dataclass(frozen=True)
class ActualsProblem:
    """One thing wrong with a report's file, and where: ``said`` is a catalog message whose
    ``{name}`` fields ``values`` fill; ``suggestions`` are names the reader may have meant."""

    location: Location
    said: str
    values: tuple[tuple[str, object], ...] = ()
    suggestions: tuple[str, ...] = ()

    def message(self, lang: Language = Language.ZH) -> str:
        """What is wrong, with the suggestions, in one language."""
        text = tr(lang, self.said, **dict(self.values))
        if not self.suggestions:
            return text
        names = tr(lang, "或").join(f"“{name}”" for name in self.suggestions)
        return text + tr(lang, "（是否要写{names}？）", names=names)

    def where(self, lang: Language = Language.ZH) -> str:
        """File, sheet, row and column, as far as they are known."""
        return where_text(self.location, lang)

    def text(self, lang: Language = Language.ZH) -> str:
        """Where and what, on one line."""
        return tr(lang, "{where}：{message}", where=self.where(lang), message=self.message(lang))


def where_text(location: Location, lang: Language) -> str:
    """``进度.xlsx，工作表 实际完成情况，第 5 行，列 年份`` (in English, ``Location``'s words)."""
    parts = [location.file]
    if location.sheet is not None:
        parts.append(tr(lang, "工作表 {sheet}", sheet=location.sheet))
    if location.row is not None:
        parts.append(tr(lang, "第 {row} 行", row=location.row))
    if location.column is not None:
        parts.append(tr(lang, "列 {column}", column=location.column))
    return tr(lang, "，").join(parts)


class ActualsImportError(PortfolioError):
    """A progress report that cannot be imported, with every problem found in it (the first
    ``MAX_LISTED``; ``total`` counts them all). Nothing was stored. ``str()`` says it in
    Chinese; :meth:`message` in either language."""

    def __init__(
        self, file: str, problems: Iterable[ActualsProblem], *, total: int | None = None
    ) -> None:
        listed = tuple(problems)
        if not listed:
            raise ValueError("an ActualsImportError needs at least one problem")
        self.file = file
        self.problems: tuple[ActualsProblem, ...] = listed[:MAX_LISTED]
        self.total: int = max(total or 0, len(listed))
        super().__init__(self.message(Language.ZH))

    def message(self, lang: Language = Language.ZH) -> str:
        """The file and every problem listed, one a line."""
        head = ntr(
            lang,
            "无法导入 {file}：共 {n} 处问题",
            "无法导入 {file}：共 {n} 处问题",
            self.total,
            file=self.file,
        )
        lines = [head, *(f"  {problem.text(lang)}" for problem in self.problems)]
        if self.total > len(self.problems):
            more = self.total - len(self.problems)
            lines.append("  " + ntr(lang, "……另有 {n} 处", "……另有 {n} 处", more))
        return "\n".join(lines)

    def rows(self, lang: Language = Language.ZH) -> list[tuple[str, str, str, str, str]]:
        """``(file, sheet, row, column, why)`` of each listed problem, for a table."""
        return [
            (
                p.location.file,
                p.location.sheet or "",
                "" if p.location.row is None else str(p.location.row),
                p.location.column or "",
                p.message(lang),
            )
            for p in self.problems
        ]


class ActualsProblemLog:
    """Collects problems while a report is read and checked; raises them together."""

    def __init__(self) -> None:
        self.problems: list[ActualsProblem] = []
        self._total = 0

    def refuse(
        self,
        location: Location,
        said: str,
        suggestions: Sequence[str] = (),
        /,
        **values: object,
    ) -> None:
        """Record a problem at ``location``: ``said`` is a catalog message (extraction finds
        it as ``refuse``'s second argument), ``values`` fill its fields."""
        self._total += 1
        if len(self.problems) < MAX_LISTED:
            self.problems.append(
                ActualsProblem(location, said, tuple(values.items()), tuple(suggestions))
            )

    def take(self, error: ImportFileError, file: str) -> None:
        """The problems of a file that could not be opened, named ``file`` (the shared
        reader says them in English: they are passed on as the message's detail)."""
        for problem in error.problems:
            where = replace(problem.location, file=file)
            self.refuse(where, N_("无法读取：{detail}"), **{DETAIL: problem.message})
        self._total += error.total - len(error.problems)

    def __len__(self) -> int:
        return self._total

    def raise_if_any(self, file: str) -> None:
        """Raise an :class:`ActualsImportError` with everything recorded, if anything was."""
        if self.problems:
            raise ActualsImportError(file, self.problems, total=self._total)
