"""The 甘特图 of many places: a row per place, opened by a click; moved and unfunded labelled."""

from __future__ import annotations

from dataclasses import replace

from tests.ui.pages.gantt.test_views import _export, _row
from ui.pages.gantt.groups import (
    MAX_OPEN_BARS,
    PLACE_META,
    ROW_PX,
    clicked_place,
    grouped_figure,
    place_rows,
    should_group,
    toggled,
)
from ui.pages.gantt.views import GHOST_META, SCHEDULE_META, gantt_bars, gantt_figure, moved_text

# 晋江市: one on time, one delayed a year, one not funded; 思明区: one on time.
ROWS = (
    _row(1, "准时项目", {"晋江市": {2021: 10}}),
    _row(2, "推迟项目", {"晋江市": {2022: 10}}, scheduled=(2022, 2024)),
    replace(_row(3, "未安排项目", {"晋江市": {}}), funded=False, start=None, end=None),
    _row(4, "厦门项目", {"思明区": {2021: 5}}),
)
BARS = gantt_bars(_export(*ROWS))


def test_a_place_row_sums_up_its_projects_and_what_moved() -> None:
    siming, jinjiang = place_rows(BARS)  # by city: 厦门市 before 泉州市
    assert (jinjiang.group, jinjiang.projects, jinjiang.delayed, jinjiang.unfunded) == (
        "晋江市",
        3,
        1,
        1,
    )
    assert (jinjiang.start, jinjiang.end) == (2021, 2024)
    assert jinjiang.label == "▸ 晋江市（3 个项目）"
    assert jinjiang.note == "1 个推迟 · 1 个未安排"
    assert siming.note == ""
    assert place_rows(BARS, ["晋江市"])[1].label == "▾ 晋江市（3 个项目）"


def test_closed_places_show_one_row_each_and_an_open_place_its_projects_under_it() -> None:
    closed = grouped_figure(BARS, {2021: 3})
    (places,) = [trace for trace in closed.data if trace.meta == PLACE_META]
    assert list(places.y) == ["▸ 思明区（1 个项目）", "▸ 晋江市（3 个项目）"]
    assert not [trace for trace in closed.data if trace.meta == SCHEDULE_META and len(trace.y)]

    opened = grouped_figure(BARS, {2021: 3}, ["晋江市"])
    order = list(opened.layout.yaxis.categoryarray)
    assert order[:2] == ["▸ 思明区（1 个项目）", "▾ 晋江市（3 个项目）"]
    assert [label.split("｜")[1] for label in order[2:]] == ["准时项目", "推迟项目", "未安排项目"]
    assert opened.layout.height == max(360, ROW_PX * 5 + 220)


def test_many_bars_of_several_places_are_grouped_one_place_never() -> None:
    many = [replace(BARS[0], label=f"项目{i}") for i in range(MAX_OPEN_BARS + 1)]
    assert not should_group(BARS)
    assert not should_group(many)  # one place: its projects, however many
    assert should_group([*many, BARS[-1]])


def test_a_click_on_a_place_row_opens_it_and_a_second_closes_it() -> None:
    click = {"points": [{"customdata": [None, "晋江市", PLACE_META]}]}
    assert clicked_place(click) == "晋江市"
    assert clicked_place({"points": [{"customdata": [1, "准时项目", "晋江市"]}]}) is None
    assert clicked_place(None) is None
    assert toggled([], "晋江市") == ["晋江市"]
    assert toggled(["思明区", "晋江市"], "晋江市") == ["思明区"]


def test_delayed_bars_say_by_how_much_and_unfunded_ones_say_so() -> None:
    figure = gantt_figure(BARS, {2021: 3})
    solid = {
        label: text
        for trace in figure.data
        if trace.meta == SCHEDULE_META
        for label, text in zip(trace.y, trace.text, strict=True)
    }
    assert solid == {
        "晋江市｜准时项目": "",
        "晋江市｜推迟项目": "推迟 1 年",
        "思明区｜厦门项目": "",
    }
    (ghost,) = [trace for trace in figure.data if trace.meta == GHOST_META]
    labelled = {y: text for y, text in zip(ghost.y, ghost.text, strict=True) if text}
    assert labelled == {"晋江市｜未安排项目": "未安排"}
    (delayed,) = [bar for bar in BARS if bar.name == "推迟项目"]
    assert moved_text(delayed) == "推迟 1 年"
