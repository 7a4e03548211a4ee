"""Saves based on what a person saw: a stored thing carries a version, and a save based on an
older version than the stored one is refused, naming who changed it and when, so that
nobody's work is overwritten silently."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.formatting import office_time
from portfolio.i18n import tr


def settings_of(project_id: int, name: str, lang: Language) -> str:
    """How a project's settings are named in a refusal."""
    return tr(lang, "项目 {id}“{name}”的设置", id=project_id, name=name)


def scenario_named(name: str, lang: Language) -> str:
    """How a scenario is named in a refusal."""
    return tr(lang, "情景“{name}”", name=name)


class StaleVersionError(PortfolioError):
    """Someone saved a thing after the version the save was based on; nothing was stored.

    ``what`` names the thing in a language (:func:`settings_of`, :func:`scenario_named`),
    ``by`` and ``at`` say who saved the stored version and when."""

    def __init__(
        self,
        what: Callable[[Language], str],
        based_on: int,
        stored: int,
        by: str,
        at: dt.datetime | None,
    ) -> None:
        self.what, self.based_on, self.stored, self.by, self.at = what, based_on, stored, by, at
        super().__init__(self.message(Language.EN))

    def message(self, lang: Language) -> str:
        """The refusal in the reader's language."""
        return tr(
            lang,
            "{what}在您打开之后已被{by}于{at}保存（现为第{stored}版）；您的修改未保存。"
            "请重新打开查看后再保存。",
            what=self.what(lang),
            by=self.by or tr(lang, "他人"),
            at=office_time(self.at),
            stored=self.stored,
        )


def check_version(
    what: Callable[[Language], str],
    based_on: int | None,
    stored: int,
    by: str,
    at: dt.datetime | None,
) -> None:
    """Refuse a save based on ``based_on`` when ``stored`` is another version (``None``: the
    caller read and writes in one transaction, nothing to compare)."""
    if based_on is not None and based_on != stored:
        raise StaleVersionError(what, based_on, stored, by, at)
