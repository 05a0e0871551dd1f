"""The skill path's charts: round gridlines, both raters visible when they agree, the unit and the running year."""

import re

import pytest

from skillpath.charts import Reference, Series, bar_chart, level_chart, nice_ticks


@pytest.mark.parametrize(("highest", "ticks"), [
    (62, [0, 20, 40, 60, 80]),  # the review saw 0/16/31/47/62
    (50, [0, 20, 40, 60]),
    (57.5, [0, 20, 40, 60]),
    (8, [0, 2, 4, 6, 8]),
    (0, [0, 0.5, 1]),  # an empty year still draws an axis
    (10, [0, 5, 10]),  # the hours chart's floor: no quarter hours
    (130, [0, 50, 100, 150]),
])
def test_gridlines_are_round_numbers_covering_the_highest_value(highest, ticks):
    assert nice_ticks(highest) == ticks


def test_equal_ratings_from_both_raters_stay_visible():
    figure = level_chart(title="1. 共感する力", categories=["2025年度", "2026年度"],
                         series=[Series("本人", [2, 3]), Series("上司", [2, 3])])
    svg = str(figure.svg)
    self_line, supervisor_line = re.findall(r'<polyline points="([^"]+)"[^>]*stroke="([^"]+)"([^/]*)/>', svg)
    assert self_line[0] != supervisor_line[0]  # drawn apart, not on top of each other
    assert "stroke-dasharray" not in self_line[2] and "stroke-dasharray" in supervisor_line[2]  # and told apart without colour
    assert "<circle" in svg and "<rect" in svg  # round markers for one rater, square for the other


def test_hours_chart_names_its_unit_marks_the_running_year_and_draws_the_minimum():
    figure = bar_chart(
        title="研修時間", categories=["2025年度", "2026年度"], unit="時間", current=1, progress_label="（年度途中）",
        series=[Series("Off-JT", [52, 12]), Series("OJT", [54, None])],
        references=[Reference(50, "50時間", "年間の最低時間: 50時間")],
    )
    svg = str(figure.svg)
    assert ">時間</text>" in svg and ">（年度途中）</text>" in svg
    assert svg.count('fill-opacity="0.55"') == 1  # only the running year's one bar is drawn lighter
    assert ">50時間</text>" in svg and 'stroke-dasharray="5 3"' in svg
    assert [tick for tick in re.findall(r'text-anchor="end">(\d+)</text>', svg)] == ["0", "20", "40", "60"]
    # The same numbers as a table, for screen readers and anyone who cannot tell the bars apart.
    assert figure.rows == [("2025年度", [52, 54]), ("2026年度", [12, None])]


def test_titles_and_labels_are_escaped():
    figure = level_chart(title="<script>", categories=["<b>"], series=[Series("<i>", [1])])
    assert "<script>" not in str(figure.svg) and "&lt;script&gt;" in str(figure.svg) and "<b>" not in str(figure.svg)
