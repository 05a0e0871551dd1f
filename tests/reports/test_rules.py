"""The report rules on their own: the report's day, standings, renewals, next year's demand, regions."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from lms.reports import rules
from lms.reports.models import Standing
from ojt import rules as ojt_rules


def test_the_report_day_is_today_while_the_year_runs_and_31_march_once_it_is_over():
    assert rules.report_day(2026, datetime.date(2026, 11, 29)) == datetime.date(2026, 11, 29)
    assert rules.report_day(2026, datetime.date(2027, 3, 31)) == datetime.date(2027, 3, 31)
    assert rules.report_day(2026, datetime.date(2027, 4, 1)) == datetime.date(2027, 3, 31)
    assert not rules.is_final(2026, datetime.date(2027, 3, 31))
    assert rules.is_final(2026, datetime.date(2027, 4, 1))


@pytest.mark.parametrize(("hours", "expected", "standing"), [
    ("50", "33.5", Standing.MET), ("49.5", "33.5", Standing.ON_PACE), ("33.5", "33.5", Standing.ON_PACE), ("33", "33.5", Standing.BEHIND),
])
def test_standing_against_the_minimum_and_the_pace(hours, expected, standing):
    assert rules.standing(Decimal(hours), Decimal("50"), Decimal(expected)) == standing


def test_after_the_year_nobody_is_on_pace_only_met_or_not():
    """On the year's last day the pace is the whole minimum, so 49.5 h is behind, not on pace."""
    expected = ojt_rules.expected_by(Decimal("50"), 2026, datetime.date(2027, 3, 31), None)
    assert expected == Decimal("50")
    assert rules.standing(Decimal("49.5"), Decimal("50"), expected) == Standing.BEHIND


def _terms(deadline, after_lapse="full_course"):
    return SimpleNamespace(deadline=deadline, policy=SimpleNamespace(after_lapse=after_lapse))


def test_renewal_state_due_overdue_and_lapsed():
    day = datetime.date(2026, 11, 29)
    assert rules.renewal_state(None, 2026, day) == rules.Renewal.NONE
    assert rules.renewal_state(_terms(datetime.date(2027, 3, 31)), 2026, day) == rules.Renewal.DUE
    assert rules.renewal_state(_terms(datetime.date(2027, 4, 1)), 2026, day) == rules.Renewal.NONE  # next year's
    assert rules.renewal_state(_terms(datetime.date(2026, 11, 28), "refresher"), 2026, day) == rules.Renewal.OVERDUE
    assert rules.renewal_state(_terms(datetime.date(2026, 11, 28)), 2026, day) == rules.Renewal.LAPSED
    # On the deadline itself it is still due, not overdue.
    assert rules.renewal_state(_terms(day), 2026, day) == rules.Renewal.DUE


def test_next_years_demand_by_reason_and_course():
    assert rules.need_next_year("never", 2026) == (rules.Need.NEW, "full")
    assert rules.need_next_year(None, 2026) is None  # never expires
    assert rules.need_next_year(_terms(datetime.date(2028, 3, 31)), 2026) == (rules.Need.RENEWAL, "refresher")
    assert rules.need_next_year(_terms(datetime.date(2027, 4, 1)), 2026) == (rules.Need.RENEWAL, "refresher")
    # Falling due by 31 March and not renewed: overdue by next year; the lapse policy says which course.
    assert rules.need_next_year(_terms(datetime.date(2027, 3, 31)), 2026) == (rules.Need.LAPSED, "full")
    assert rules.need_next_year(_terms(datetime.date(2027, 3, 31), "refresher"), 2026) == (rules.Need.LAPSED, "refresher")
    assert rules.need_next_year(_terms(datetime.date(2029, 3, 31)), 2026) is None


def test_month_ends_of_a_fiscal_year_include_29_february_in_a_leap_year():
    ends = [rules.month_end(2027, index) for index in range(12)]
    assert ends[0] == datetime.date(2027, 4, 30)
    assert ends[10] == datetime.date(2028, 2, 29)
    assert ends[11] == datetime.date(2028, 3, 31)
    assert rules.month_end(2026, 10) == datetime.date(2027, 2, 28)
    assert rules.month_index(datetime.date(2027, 3, 31), 2026) == 11
    assert rules.month_index(datetime.date(2026, 4, 1), 2026) == 0


def test_every_prefecture_is_in_exactly_one_region():
    regions = [rules.region_of(code)[0] for code in range(1, 48)]
    assert regions[0] == "hokkaido" and regions[12] == "kanto" and regions[46] == "kyushu"
    assert sum(len(codes) for _key, _label, codes in rules.REGIONS) == 47
    with pytest.raises(ValueError):
        rules.region_of(48)


def test_a_centres_pseudonym_is_stable_and_does_not_show_its_id():
    assert rules.pseudonym(42, secret="s") == rules.pseudonym(42, secret="s")
    assert rules.pseudonym(42, secret="s") != rules.pseudonym(43, secret="s")
    assert rules.pseudonym(42, secret="s") != rules.pseudonym(42, secret="other")


# --- Research data: no published count of 1 to 4 people, nor one a total gives away (docs/decisions/0005) ---

def _counts(**given):
    keys = ["ojt_met", "ojt_on_pace", "ojt_behind", "offjt_met", "offjt_on_pace", "offjt_behind", "plan_none", "plan_draft",
            "plan_submitted", "plan_approved", "missing_common", "supervisor_overdue"]
    return {key: given.get(key, 0) for key in keys}


def test_a_centre_of_one_to_four_staff_publishes_nothing_not_even_its_size():
    for staff in (1, 4):
        assert rules.research_suppressed(staff, _counts(ojt_met=staff, offjt_met=staff, plan_none=staff)) == {"staff", *_counts()}
    assert "staff" not in rules.research_suppressed(5, _counts(ojt_met=5, offjt_met=5, plan_none=5))


def test_a_count_of_one_to_four_and_a_count_four_short_of_the_staff_are_withheld():
    counts = _counts(ojt_met=10, offjt_met=10, plan_approved=10, supervisor_overdue=1, missing_common=7)
    withheld = rules.research_suppressed(10, counts)
    assert {"supervisor_overdue", "missing_common"} <= withheld  # 1 person; 10 − 7 = 3 people who did complete
    counts = _counts(ojt_met=10, offjt_met=10, plan_approved=10, supervisor_overdue=0, missing_common=5)
    assert not {"supervisor_overdue", "missing_common"} & rules.research_suppressed(10, counts)  # none and 5 may be shown


def test_a_group_that_adds_up_to_the_staff_loses_a_second_cell_so_the_first_cannot_be_worked_out():
    counts = _counts(ojt_met=5, ojt_on_pace=3, ojt_behind=5, offjt_met=13, plan_approved=13)
    withheld = rules.research_suppressed(13, counts)
    # 3 on pace is withheld; 5 met and 5 behind would give it away (13 − 5 − 5): the smaller, first, goes too.
    assert {key for key in withheld if key.startswith("ojt")} == {"ojt_on_pace", "ojt_met"}
    assert not {"offjt_met", "offjt_on_pace", "offjt_behind"} & withheld  # 13 / 0 / 0: nothing small
    counts = _counts(ojt_met=6, ojt_on_pace=3, ojt_behind=0, offjt_met=9, plan_approved=9)
    # 6 met is 3 short of the staff: it goes with the 3, and the 0 left says nothing.
    assert {key for key in rules.research_suppressed(9, counts) if key.startswith("ojt")} == {"ojt_on_pace", "ojt_met"}
    counts = _counts(ojt_met=5, ojt_on_pace=3, ojt_behind=2, offjt_met=10, plan_none=10)
    withheld = rules.research_suppressed(10, counts)
    assert {"ojt_on_pace", "ojt_behind"} <= withheld and "ojt_met" not in withheld  # the two hidden add up to 5


@pytest.mark.parametrize("staff", range(5, 13))
def test_no_group_leaves_a_small_number_to_be_read_by_subtraction(staff):
    import itertools

    for met, on_pace in itertools.product(range(staff + 1), repeat=2):
        if met + on_pace > staff:
            continue
        counts = _counts(ojt_met=met, ojt_on_pace=on_pace, ojt_behind=staff - met - on_pace, offjt_met=staff, plan_none=staff)
        withheld = rules.research_suppressed(staff, counts)
        shown = {key: counts[key] for key in ("ojt_met", "ojt_on_pace", "ojt_behind") if key not in withheld}
        assert all(not 0 < value < 5 for value in shown.values())
        hidden = staff - sum(shown.values())
        assert len(shown) == 3 or not 0 < hidden < 5, (counts, withheld)
        assert len(shown) != 2  # one hidden cell alone would be the staff less the others


def test_a_prefecture_of_fewer_than_five_centres_is_given_by_its_region_or_not_at_all():
    # Fukuoka (40) has six centres; Saga (41) two, in the same region (Kyushu); Tokyo (13) one, alone in Kanto.
    assert rules.research_places({40: 6, 41: 2, 13: 1}) == {40: "prefecture", 41: "region", 13: ""}
    assert rules.research_places({13: 2, 14: 3}) == {13: "region", 14: "region"}


def test_the_monthly_chart_names_its_four_lines_outside_the_drawing_and_marks_ojt_and_offjt_apart():
    import re

    from lms.reports import charts

    markup = str(charts.monthly_line({"ojt": [2, 4], "offjt": [2, 4], "ojt_pace": [4, 8], "offjt_pace": [4, 8]}, title="月ごと"))
    legend, drawing = markup.split("<svg xmlns", 1)
    assert legend.count("<li>") == 4  # a list that wraps on any screen, never cut at the drawing's edge
    assert len(re.findall(r"<circle ", drawing)) == 2 and len(re.findall(r'<rect x=', drawing)) == 2  # OJT circles, Off-JT squares
