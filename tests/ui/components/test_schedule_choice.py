"""The schedule a page draws: the scenario dropdown, places and shareable query strings."""

from __future__ import annotations

from collections.abc import Iterator

import flask
import pytest

from portfolio.exports.model import ScheduleExport
from portfolio.services.exports import schedule_export
from portfolio.services.workspace import Workspace
from ui.components.schedule_choice import (
    PLAN_VALUE,
    place_options,
    scenario_name,
    scenario_options,
    search_for,
)


@pytest.fixture(scope="module")
def plan(loaded_url: str) -> Iterator[ScheduleExport]:
    workspace = Workspace(loaded_url)
    yield schedule_export(workspace)
    workspace.close()


def test_places_and_url_helpers(plan: ScheduleExport) -> None:
    cities, per_city = place_options(plan)
    assert "泉州市" in cities and "晋江市" in per_city["泉州市"]
    assert scenario_options(["情景甲"])[0]["value"] == PLAN_VALUE
    assert scenario_name(PLAN_VALUE) is None and scenario_name("情景甲") == "情景甲"
    assert search_for(county="晋江市", scenario=None) == "?county=%E6%99%8B%E6%B1%9F%E5%B8%82"
    assert search_for(county=None, scenario=PLAN_VALUE) == ""


def test_in_english_the_plan_is_named_in_english() -> None:
    with flask.Flask(__name__).test_request_context("/gantt?lang=en"):
        options = scenario_options(["2023年压减20%"])
    assert [option["label"] for option in options] == ["Plan (as written)", "2023年压减20%"]
