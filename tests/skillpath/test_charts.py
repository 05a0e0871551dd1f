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
        references=[Reference(50, "年間の最低時間: 50時間")],
    )
    svg = str(figure.svg)
    assert ">時間</text>" in svg and ">（年度途中）</text>" in svg
    assert "fill-opacity" not in svg  # the running year's bars keep full contrast (WCAG 1.4.11); its label says it is running
    assert "<title>年間の最低時間: 50時間</title>" in svg and 'stroke-dasharray="5 3"' in svg
    assert [tick for tick in re.findall(r'text-anchor="end">(\d+)</text>', svg)] == ["0", "20", "40", "60"]
    # The same numbers as a table, for screen readers and anyone who cannot tell the bars apart.
    assert figure.rows == [("2025年度", [52, 54]), ("2026年度（年度途中）", [12, None])]


def test_titles_and_labels_are_escaped():
    figure = level_chart(title="<script>", categories=["<b>"], series=[Series("<i>", [1])])
    assert "<script>" not in str(figure.svg) and "&lt;script&gt;" in str(figure.svg) and "<b>" not in str(figure.svg)


def test_ten_years_of_labels_never_run_into_each_other_and_stay_inside_the_drawing():
    years = [f"{year}年度" for year in range(2016, 2027)]
    for figure, room in ((bar_chart(title="t", categories=years, unit="時間", current=10, progress_label="（年度途中）",
                                    series=[Series("Off-JT", [40] * 11)]), 4),
                         (level_chart(title="t", categories=years, current=10, progress_label="（年度途中）",
                                      series=[Series("本人", [2] * 11)]), 3)):
        svg = str(figure.svg)
        labels = re.findall(r'<text x="([\d.]+)" y="[\d.]+" font-size="(\d+)" text-anchor="middle">(\d{4}年度)</text>', svg)
        assert len(labels) <= room and labels[-1][2] == "2026年度"  # thinned, counting back from the running year
        width = float(re.search(r'viewBox="0 0 (\d+)', svg).group(1))
        for x, size, _label in labels:
            half = (4 * 0.6 + 2) * int(size) / 2  # four digits and 年度
            assert float(x) - half > 0 and float(x) + half < width  # no label cut at an edge
        assert len(figure.rows) == 11  # the table keeps every year


def test_raters_who_differ_are_drawn_on_their_levels():
    svg = str(level_chart(title="t", categories=["2025年度", "2026年度"], series=[Series("本人", [3, 2]), Series("上司", [2, 2])]).svg)
    self_y = [float(y) for y in re.findall(r'<circle cx="[\d.]+" cy="([\d.]+)"', svg)]
    supervisor_y = [float(y) + 3.5 for y in re.findall(r'<rect x="[\d.]+" y="([\d.]+)" width="7"', svg)]
    gridline = {int(level): float(y) - 4 for y, level in re.findall(r'<text x="[\d.]+" y="([\d.]+)" font-size="11" text-anchor="end">(\d)</text>', svg)}
    assert (self_y[0], supervisor_y[0]) == (gridline[3], gridline[2])  # 2025: each on its own level
    assert self_y[1] < gridline[2] < supervisor_y[1]  # 2026: both at 2, drawn either side of it
