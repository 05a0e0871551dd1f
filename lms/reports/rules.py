"""Pure rules of the oversight reports: the report's day, standings, renewals, demand, regions.

They never touch the database; services.py feeds them and tests hold them to the guideline.
"""

import datetime
import hashlib
import hmac
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.fiscal import fiscal_year, fiscal_year_end, fiscal_year_start

from .models import Standing

# The eight regions (地方区分) by JIS prefecture code, for the demand table and the tile grid.
REGIONS = [
    ("hokkaido", _("Hokkaido"), range(1, 2)),
    ("tohoku", _("Tohoku"), range(2, 8)),
    ("kanto", _("Kanto"), range(8, 15)),
    ("chubu", _("Chubu"), range(15, 24)),
    ("kinki", _("Kinki"), range(24, 31)),
    ("chugoku", _("Chugoku"), range(31, 36)),
    ("shikoku", _("Shikoku"), range(36, 40)),
    ("kyushu", _("Kyushu and Okinawa"), range(40, 48)),
]

# Research data publishes no count of fewer people than this, nor an average or median of fewer
# (docs/decisions/0005): with a handful of people a count or an average points at someone.
SMALLEST_PUBLISHED_GROUP = 5

# Research counts that add up to the staff count, person by person: each person is in exactly one.
RESEARCH_PARTITIONS = (
    ("ojt_met", "ojt_on_pace", "ojt_behind"),
    ("offjt_met", "offjt_on_pace", "offjt_behind"),
    ("plan_none", "plan_draft", "plan_submitted", "plan_approved"),
)


def _small(count):
    return count is not None and 0 < count < SMALLEST_PUBLISHED_GROUP


def research_suppressed(staff, counts):
    """Which of a centre's research counts are withheld (a set of keys): none published may be a
    count of 1 to 4 people, nor give one away with the staff count.

    - The staff count itself, when it is 1 to 4 (and then every count of the row).
    - A count of 1 to 4; a count whose complement (staff − count) is 1 to 4.
    - In a group that adds up to the staff count, a second cell when one alone is withheld, and
      more, smallest first, until what is withheld adds up to none or to five or more.
    """
    if _small(staff):
        return {"staff", *counts}
    withheld = {key for key, count in counts.items() if _small(count) or _small(staff - count)}
    for group in RESEARCH_PARTITIONS:
        members = [key for key in group if key in counts]
        while True:
            hidden = [key for key in members if key in withheld]
            shown = sorted((key for key in members if key not in withheld), key=lambda key: (counts[key], members.index(key)))
            total = sum(counts[key] for key in hidden)
            if not shown or (len(hidden) != 1 and not _small(total)):
                break
            withheld.add(shown[0])
    return withheld


def research_places(centres_by_prefecture):
    """How each prefecture is named in the research data: the prefecture where it has at least five
    centres in the table, else its region where the region has, else nothing (a prefecture or
    region of one or two centres would name them). {prefecture code: "prefecture" | "region" | ""}."""
    by_region = {}
    for code, count in centres_by_prefecture.items():
        region = region_of(code)[0]
        by_region[region] = by_region.get(region, 0) + count
    places = {}
    for code, count in centres_by_prefecture.items():
        if count >= SMALLEST_PUBLISHED_GROUP:
            places[code] = "prefecture"
        elif by_region[region_of(code)[0]] >= SMALLEST_PUBLISHED_GROUP:
            places[code] = "region"
        else:
            places[code] = ""
    return places

# A recount asked for and not finished within this long is taken to have failed: it may be asked again.
REFRESH_GIVEN_UP_AFTER = datetime.timedelta(minutes=30)


def pseudonym(centre_id, secret=None):
    """A stable number for a centre in published data that does not reveal which centre it is.

    Keyed by RESEARCH_PSEUDONYM_KEY (its own setting, so rotating SECRET_KEY does not renumber the
    centres of published data)."""
    key = (secret or settings.RESEARCH_PSEUDONYM_KEY).encode()
    return "C" + hmac.new(key, f"centre:{centre_id}".encode(), hashlib.sha256).hexdigest()[:10].upper()


def region_of(prefecture_code):
    for key, label, codes in REGIONS:
        if prefecture_code in codes:
            return key, label
    raise ValueError(f"not a prefecture code: {prefecture_code}")


def report_day(year, today):
    """The day a fiscal year's figures describe: today while it runs, its last day once it is over."""
    return min(today, fiscal_year_end(year))


def refresh_waiting(requested_at, finished_at, now):
    """Whether a recount already asked for is still to come (so asking again would only repeat it)."""
    if requested_at is None or (finished_at is not None and finished_at > requested_at):
        return False
    return now - requested_at < REFRESH_GIVEN_UP_AFTER


def is_final(year, today):
    """Whether the year is over, so its figures are final (who did not meet the minimums)."""
    return today > fiscal_year_end(year)


def reportable_years(today, first_year):
    """The fiscal years a report may be asked for, newest first: from the first records to the current year."""
    return list(range(fiscal_year(today), first_year - 1, -1))


def standing(hours, minimum, expected):
    """Met the minimum; or on pace (at least what someone on pace would have by now); or behind.

    After the year's end `expected` equals the minimum, so nobody is "on pace": the final figures
    are met or not met.
    """
    hours = Decimal(hours)
    if hours >= Decimal(minimum):
        return Standing.MET
    if hours >= Decimal(expected):
        return Standing.ON_PACE
    return Standing.BEHIND


class Renewal:
    """Where one completion stands against its renewal deadline, seen in fiscal `year` on `day`."""

    NONE, DUE, OVERDUE, LAPSED = "none", "due", "overdue", "lapsed"


def renewal_state(terms, year, day):
    """Due: the deadline falls in `year` and has not passed on `day`. Overdue: it has passed and the
    refresher may still be taken. Lapsed: it has passed and the full course must be taken again."""
    if terms is None:
        return Renewal.NONE
    if terms.deadline < day:
        return Renewal.OVERDUE if terms.policy.after_lapse == "refresher" else Renewal.LAPSED
    if fiscal_year(terms.deadline) == year:
        return Renewal.DUE
    return Renewal.NONE


class Need:
    """Why someone will need a compulsory subject in the next fiscal year."""

    NEW, RENEWAL, LAPSED = "new", "renewal", "lapsed"
    LABELS = {NEW: _("Never completed"), RENEWAL: _("Renewal falls due"), LAPSED: _("Overdue or lapsed")}


def need_next_year(terms, year):
    """What a person in post will need of a subject in fiscal year `year + 1`, or None.

    `terms` are the renewal terms of their latest completion (None if they never completed it, or
    "permanent" when it never expires). Returns (need, course) where course is "full" or "refresher".
    """
    if terms == "never":
        return Need.NEW, "full"
    if terms is None:
        return None
    next_start = fiscal_year_start(year + 1)
    if terms.deadline < next_start:
        course = "refresher" if terms.policy.after_lapse == "refresher" else "full"
        return Need.LAPSED, course
    if fiscal_year(terms.deadline) == year + 1:
        return Need.RENEWAL, "refresher"
    return None


def pace_series(minimum, year, joined_on, expected_by):
    """What someone on pace would have at the end of each month of the year (April first)."""
    ends = [month_end(year, index) for index in range(12)]
    return [float(expected_by(minimum, year, day, joined_on)) for day in ends]


def month_end(year, index):
    """The last day of the `index`th month (0 = April) of fiscal `year`."""
    month = (3 + index) % 12 + 1
    calendar_year = year if month >= 4 else year + 1
    first_of_next = datetime.date(calendar_year + (month == 12), month % 12 + 1, 1)
    return first_of_next - datetime.timedelta(days=1)


def month_index(day, year):
    """0 for April … 11 for March of fiscal `year`."""
    return (day.year - year) * 12 + day.month - 4


def share(part, whole):
    return round(100 * part / whole) if whole else None
