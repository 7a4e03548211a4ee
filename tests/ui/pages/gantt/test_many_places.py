"""The 甘特图 of a hundred places: a first visit opens one city, a row per place, on a screen."""

from __future__ import annotations

from collections import Counter

from portfolio.exports.model import ScheduleExport
from ui.pages.gantt.groups import PLACE_META
from ui.pages.gantt.layout import MAX_DEFAULT_PLACES, chart_of
from ui.pages.gantt.views import SCHEDULE_META, gantt_bars

SCREEN_PX = 1000


def test_the_default_chart_of_a_hundred_places_fits_a_screen(
    hundred_places: ScheduleExport,
) -> None:
    bars = gantt_bars(hundred_places)
    assert len({bar.group for bar in bars}) == 100 > MAX_DEFAULT_PLACES
    chart = chart_of(hundred_places, None, None, [], pick_city=True)
    assert chart.figure.layout.height <= SCREEN_PX
    # It opens on the city with most bars, says so, and offers that city's places.
    busiest = max(Counter(bar.city for bar in bars).items(), key=lambda item: item[1])[0]
    assert chart.city == busiest and busiest in chart.note
    assert chart.counties == sorted(p for p, c in hundred_places.city_of.items() if c == busiest)
    assert len(chart.cities) == 9
    # One closed row per place of the city; no project's bar until a row is opened.
    (rows,) = [trace for trace in chart.figure.data if trace.meta == PLACE_META]
    assert len(rows.y) == len(chart.counties)
    assert all(label.startswith("▸ ") for label in rows.y)
    assert not any(trace.y for trace in chart.figure.data if trace.meta == SCHEDULE_META)


def test_a_hundred_places_asked_for_all_would_be_taller_than_a_screen(
    hundred_places: ScheduleExport,
) -> None:
    """Why a first visit picks a city: all hundred rows, even closed, overflow a screen."""
    everything = chart_of(hundred_places, None, None, [], pick_city=False)
    assert everything.city is None and not everything.note
    assert everything.figure.layout.height > SCREEN_PX


def test_an_opened_place_of_the_default_chart_shows_its_projects(
    hundred_places: ScheduleExport,
) -> None:
    first = chart_of(hundred_places, None, None, [], pick_city=True)
    place = first.counties[0]
    opened = chart_of(hundred_places, first.city, None, [place])
    shown = [label for t in opened.figure.data if t.meta == SCHEDULE_META for label in t.y]
    own = gantt_bars(hundred_places, county=place)
    assert shown and len(shown) == len(own)
    assert all(label.startswith(f"{place}｜") for label in shown)
