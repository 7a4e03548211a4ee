"""Domain errors: what the software tells its users when their input cannot be used.

Every error about bad input names where the problem is (file, sheet, row, column), so that
a planner can open the file and fix it. An import reports all the problems it finds, not
only the first, up to a cap that keeps the message readable.

>>> where = Location("projects.xlsx", "附件1", 7, "总投资（亿元）")
>>> print(where)
projects.xlsx, sheet 附件1, row 7, column 总投资（亿元）
>>> print(ImportFileError([Problem(where, "“abc” is not an amount of money")]))
cannot import projects.xlsx: 1 problem
  projects.xlsx, sheet 附件1, row 7, column 总投资（亿元）: “abc” is not an amount of money
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

# Enough to show a planner what kind of mistakes a file has; beyond this a list is noise.
MAX_PROBLEMS = 50


class PortfolioError(Exception):
    """Base of the errors the portfolio package raises on purpose."""


@dataclass(frozen=True)
class Location:
    """A place in an input file. ``row`` is 1-based as Excel shows it (for text files, the
    line or record number); ``column`` is the column's header as written, or its letter."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.sheet is not None:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column {self.column}")
        return ", ".join(parts)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, and where."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}"


class ImportFileError(PortfolioError):
    """An input file that cannot be imported, with every problem found in it.

    ``problems`` holds at most ``MAX_PROBLEMS`` entries; ``total`` counts all that were
    found, so the message can say how many were left out.
    """

    def __init__(self, problems: Iterable[Problem], *, total: int | None = None) -> None:
        listed = tuple(problems)
        if not listed:
            raise ValueError("an ImportFileError needs at least one problem")
        self.problems: tuple[Problem, ...] = listed[:MAX_PROBLEMS]
        self.total: int = max(total if total is not None else 0, len(listed))
        super().__init__(str(self))

    def __str__(self) -> str:
        files = {problem.location.file for problem in self.problems}
        subject = f"cannot import {files.pop()}" if len(files) == 1 else "cannot import"
        plural = "problem" if self.total == 1 else "problems"
        lines = [f"{subject}: {self.total} {plural}"]
        lines.extend(f"  {problem}" for problem in self.problems)
        if self.total > len(self.problems):
            lines.append(f"  ... and {self.total - len(self.problems)} more")
        return "\n".join(lines)


class ProblemLog:
    """Collects problems while a file is read; raises them together at the end.

    Keeps the first ``MAX_PROBLEMS`` and counts the rest.
    """

    def __init__(self) -> None:
        self._problems: list[Problem] = []
        self._total = 0

    def add(self, location: Location, message: str) -> None:
        """Record a problem at ``location``."""
        self._total += 1
        if len(self._problems) < MAX_PROBLEMS:
            self._problems.append(Problem(location, message))

    def __len__(self) -> int:
        return self._total

    def raise_if_any(self) -> None:
        """Raise an ``ImportFileError`` with everything recorded, if anything was."""
        if self._problems:
            raise ImportFileError(self._problems, total=self._total)
