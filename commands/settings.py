"""``portfolio project-settings``: show and set how scenarios treat a project by default."""

from __future__ import annotations

import dataclasses
import json
from typing import Annotated

import typer

from commands.options import DbOption, LangOption, fail, fail_with
from portfolio.db.engine import default_database_url
from portfolio.errors import PortfolioError
from portfolio.exports.model import Language
from portfolio.formatting import office_time
from portfolio.i18n import tr
from portfolio.project_settings import ProjectSettings, StoredSettings, UnknownProjectError
from portfolio.services.workspace import Workspace

NO_LIMIT = "none"


def _yes(flag: bool, lang: Language) -> str:
    return tr(lang, "是") if flag else tr(lang, "否")


def settings_lines(
    project_id: int, name: str, stored: StoredSettings, lang: Language = Language.ZH
) -> list[str]:
    """The settings as the command prints them, in ``lang``: the values, then their version
    and who saved them last (for settings ever saved)."""
    settings = stored.settings
    delay = tr(lang, "按情景") if settings.max_delay is None else str(settings.max_delay)
    saved = (
        []
        if stored.version == 0
        else [
            "  "
            + tr(
                lang,
                "第 {version} 版，{by} {at} 保存",
                version=stored.version,
                by=stored.updated_by or tr(lang, "他人"),
                at=office_time(stored.updated_at),
            )
        ]
    )
    return [
        tr(lang, "项目 {id} {name}", id=project_id, name=name),
        "  " + tr(lang, "优先级：{value}", value=settings.priority),
        "  " + tr(lang, "必须安排：{value}", value=_yes(settings.must_fund, lang)),
        "  " + tr(lang, "已开工锁定：{value}", value=_yes(settings.locked, lang)),
        "  " + tr(lang, "排除：{value}", value=_yes(settings.excluded, lang)),
        "  " + tr(lang, "最大延期（年）：{value}", value=delay),
        *saved,
    ]


def _max_delay(text: str) -> int | None:
    if text.strip().lower() == NO_LIMIT:
        return None
    try:
        return int(text)
    except ValueError:
        raise typer.BadParameter(
            f"“{text}” is not a whole number of years (or {NO_LIMIT})", param_hint="--max-delay"
        ) from None


def project_settings(
    project_id: Annotated[int, typer.Argument(metavar="ID", help="The project's id.")],
    priority: Annotated[
        int | None, typer.Option(help="Weight of its delay in the objective (1 and up).")
    ] = None,
    must_fund: Annotated[
        bool | None, typer.Option("--must-fund/--no-must-fund", help="Must be funded.")
    ] = None,
    locked: Annotated[
        bool | None,
        typer.Option("--locked/--no-locked", help="Keeps its planned years (already started)."),
    ] = None,
    excluded: Annotated[
        bool | None, typer.Option("--excluded/--no-excluded", help="Left out of scenarios.")
    ] = None,
    max_delay: Annotated[
        str | None,
        typer.Option(
            metavar="N", help=f"Years it may slip at most; {NO_LIMIT}: the scenario's limit."
        ),
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Back to the defaults (before other options).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the settings as JSON.")] = False,
    db: DbOption = None,
    lang: LangOption = Language.ZH,
) -> None:
    """Show a project's scenario settings, or set them: every scenario starts from them, and a
    scenario file's [[overrides]] still win."""
    changes: dict[str, object] = {
        name: value
        for name, value in (
            ("priority", priority),
            ("must_fund", must_fund),
            ("locked", locked),
            ("excluded", excluded),
        )
        if value is not None
    }
    if max_delay is not None:
        changes["max_delay"] = _max_delay(max_delay)
    workspace = Workspace(db or default_database_url())
    try:
        workspace.ensure_ready()
        # One write: the defaults (with --reset) or the stored settings, changed as asked.
        stored = workspace.stored_project_settings(project_id)
        if reset or changes:
            base = ProjectSettings() if reset else stored.settings
            changed = dataclasses.replace(base, **changes)  # type: ignore[arg-type]
            stored = workspace.save_project_settings(project_id, changed, based_on=stored.version)
        name = next(v.name for v in workspace.projects() if v.id == project_id)
    except UnknownProjectError as exc:
        raise fail(tr(lang, "没有编号为 {id} 的项目", id=exc.project_id), lang) from exc
    except PortfolioError as exc:
        raise fail_with(exc, lang) from exc
    finally:
        workspace.close()
    if as_json:
        saved_at = stored.updated_at
        body = (
            {"id": project_id, "name": name}
            | dataclasses.asdict(stored.settings)
            | {
                "version": stored.version,
                "updated_by": stored.updated_by,
                "updated_at": None if saved_at is None else saved_at.isoformat(timespec="seconds"),
            }
        )
        typer.echo(json.dumps(body, ensure_ascii=False, indent=2))
    else:
        typer.echo("\n".join(settings_lines(project_id, name, stored, lang)))


def register(app: typer.Typer) -> None:
    app.command("project-settings")(project_settings)
