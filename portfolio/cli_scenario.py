"""``portfolio scenario ...``: budget scenarios from TOML files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from portfolio.db.engine import default_database_url
from portfolio.errors import PortfolioError
from portfolio.formatting import yi_text
from portfolio.services.workspace import Workspace

app = typer.Typer(help="Budget scenarios: caps, cuts, priorities; solve, store, compare.")

DbOption = Annotated[str | None, typer.Option("--db", help="Database URL.")]


def _open(db: str | None) -> Workspace:
    workspace = Workspace(db or default_database_url())
    workspace.ensure_ready()
    return workspace


def _fail(exc: Exception) -> typer.Exit:
    typer.echo(f"error: {exc}", err=True)
    return typer.Exit(code=1)


def _read(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _fail(PortfolioError(f"cannot read {file}: {exc}")) from exc


def print_result(result: dict[str, Any]) -> None:
    """A planner's summary: status, objectives, delays and why, caps that bound; a run in
    quarters or months also names its periods and what each cap allowed and used."""
    periods = result.get("periods")  # absent in a yearly run
    typer.echo(
        f"情景 scenario: {result['scenario']}  状态 status: {result['status']}  "
        f"({result['solve_seconds']} s, years {result['horizon'][0]}-{result['horizon'][1]},"
        f" as of {result['as_of']}" + (f", periods: {periods}s)" if periods else ")")
    )
    for level in result["objectives"]:
        typer.echo(
            f"  {level['name']}: {level['value']} (bound {level['bound']}, {level['status']})"
        )
    projects = result["projects"]
    delayed = [p for p in projects if p["funded"] and (p["delay_years"] or 0) > 0]
    unfunded = [p for p in projects if not p["funded"]]
    typer.echo(
        f"  {len(projects)} projects: {len(delayed)} delayed, {len(unfunded)} not funded; "
        f"{len(result['not_scheduled'])} not scheduled (unknown money or years, or "
        "counted in another plan)"
    )
    if periods:
        for cap in result["caps"]:
            scope = " ".join(part for part in (cap["kind"], cap["key"]) if part)
            typer.echo(
                f"  cap {cap['period']} {scope}: used {yi_text(cap['used'])} of "
                f"{yi_text(cap['cap'])} 亿元" + (" (full)" if cap["binding"] else "")
            )
        for project in delayed:
            typer.echo(
                f"  {project['name']}: {project['start_period']} … {project['end_period']} "
                f"(+{project['delay_periods']} {periods}s)"
            )
    # Results stored before projects had settings carry no "settings".
    stored = [
        p for p in projects if any(s["from"] == "project" for s in p.get("settings", {}).values())
    ]
    if stored:
        names = "、".join(p["name"] for p in stored[:5]) + ("等" if len(stored) > 5 else "")
        typer.echo(
            f"  {len(stored)} 个项目按项目设置 / use their stored settings "
            f"(portfolio project-settings ID): {names}"
        )
    explanations = result["explanations"]
    if explanations["infeasible"]:
        typer.echo("  " + explanations["infeasible"]["message"])
    for delay in explanations["delays"]:
        typer.echo("  - " + delay["message"])
    for value in explanations["marginal"]:
        typer.echo("  + " + value["message"])
    for line in explanations.get("uncapped_what_if", []):
        typer.echo("  + " + line["message"])


@app.command("run")
def run(
    file: Annotated[Path, typer.Argument(help="Scenario file (.toml).")],
    db: DbOption = None,
    out: Annotated[Path | None, typer.Option(help="Write the result JSON here.")] = None,
    time_limit: Annotated[
        float | None, typer.Option(help="Seconds for the solver (default: the file's).")
    ] = None,
) -> None:
    """Check, solve and store a scenario; print what slips and why."""
    text = _read(file)
    workspace = _open(db)
    try:
        result = workspace.run_scenario(text, file.name, time_limit=time_limit)
    except PortfolioError as exc:
        raise _fail(exc) from exc
    finally:
        workspace.close()
    if out is not None:
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print_result(result)
    if result["status"] in ("infeasible", "timed_out", "invalid"):
        raise typer.Exit(code=2)


@app.command("save")
def save(
    file: Annotated[Path, typer.Argument(help="Scenario file (.toml).")], db: DbOption = None
) -> None:
    """Check a scenario against the portfolio and store it without solving."""
    text = _read(file)
    workspace = _open(db)
    try:
        name = workspace.save_scenario(text, file.name)
    except PortfolioError as exc:
        raise _fail(exc) from exc
    finally:
        workspace.close()
    typer.echo(f"saved scenario “{name}”")


@app.command("list")
def list_(db: DbOption = None) -> None:
    """Stored scenarios with their last run."""
    workspace = _open(db)
    try:
        summaries = workspace.scenarios()
    finally:
        workspace.close()
    for s in summaries:
        typer.echo(f"{s.name}\truns: {s.runs}\tlast: {s.last_status or '-'} {s.last_ran_at or ''}")
    typer.echo(f"{len(summaries)} scenarios")


@app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="Scenario name.")],
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the last result JSON.")] = False,
) -> None:
    """A stored scenario and its last result."""
    workspace = _open(db)
    try:
        text, result = workspace.scenario(name)
    except PortfolioError as exc:
        raise _fail(exc) from exc
    finally:
        workspace.close()
    if json_out:
        typer.echo(json.dumps(result, ensure_ascii=False, indent=1))
        return
    typer.echo(text.rstrip())
    typer.echo("")
    if result is None:
        typer.echo("never run: portfolio scenario run FILE")
    else:
        print_result(result)


@app.command("compare")
def compare(
    names: Annotated[list[str], typer.Argument(help="Two or three scenario names.")],
    db: DbOption = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
) -> None:
    """Compare scenarios side by side: delays, funded, peak spend, projects that differ."""
    if not 2 <= len(names) <= 3:
        raise _fail(PortfolioError("compare two or three scenarios"))
    workspace = _open(db)
    try:
        comparison = workspace.compare_scenarios(names)
    except PortfolioError as exc:
        raise _fail(exc) from exc
    finally:
        workspace.close()
    if json_out:
        typer.echo(json.dumps(comparison, ensure_ascii=False, indent=1))
        return
    for name, s in comparison["scenarios"].items():
        typer.echo(
            f"{name}: {s['status']}, funded {s['funded']}, delayed {s['delayed']} "
            f"({s['total_delay_years']} project-years), peak {yi_text(s['peak_spend_wan'])}"
            f" 亿元 in {s['peak_year']}"
        )
    for row in comparison["projects_that_differ"]:
        cells = []
        for name in comparison["scenarios"]:
            cell = row.get(name)
            cells.append(
                "-"
                if cell is None
                else (
                    f"{cell['start_year']} (+{cell['delay_years']})" if cell["funded"] else "未安排"
                )
            )
        typer.echo(f"  {row['name']} (planned {row['planned']}): " + " | ".join(cells))
