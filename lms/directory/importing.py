"""Reading and checking a staff file: nothing here writes.

The file is read whole and every row checked before anything is written, so one bad row means
nothing is imported and every problem is listed with its line and column. What the rows would
change is worked out against the database in a fixed number of queries, whatever the file's size.
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from lms import clock
from lms.csv_export import FORMULA_TRIGGERS
from lms.formats import short_date
from lms.organisations.access import is_site_administrator
from lms.organisations.models import CENTRE_JOBS, Job, Membership, Organisation

# (field, Japanese header, English header, required)
COLUMNS = [
    ("email", "メールアドレス", "email", True),
    ("family_name", "姓", "family_name", True),
    ("given_name", "名", "given_name", True),
    ("family_name_kana", "姓カナ", "family_name_kana", False),
    ("given_name_kana", "名カナ", "given_name_kana", False),
    ("centre", "所属", "centre", True),
    ("job", "職種", "job", True),
    ("started_on", "着任日", "started_on", True),
    ("ended_on", "退任日", "ended_on", False),
]
JAPANESE_HEADERS = [japanese for _, japanese, _, _ in COLUMNS]
HEADER_TO_FIELD = {header: name for name, japanese, english, _ in COLUMNS for header in (japanese, english)}
FIELD_TO_HEADER = {name: japanese for name, japanese, _, _ in COLUMNS}
NAME_LENGTH = 150
# Dates outside these years are typing mistakes (and would overflow date arithmetic at 9999).
FIRST_YEAR, LAST_YEAR = 1950, 2100
EMAIL_LENGTH = 254
MAX_CELL = 1000

# Japanese eras with their first day (the last day is the day before the next era's first).
ERAS = [("令和", datetime.date(2019, 5, 1)), ("平成", datetime.date(1989, 1, 8)), ("昭和", datetime.date(1926, 12, 25))]
ERA_DATE = re.compile(r"^(令和|平成|昭和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日$")
WESTERN_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


class UnreadableFile(Exception):
    pass


def normalise_email(email):
    """The one form an address is stored and compared in: full-width letters folded, lower case."""
    return unicodedata.normalize("NFKC", email).strip().lower()


# The export writes a cell a spreadsheet would run as a formula with a leading apostrophe
# (lms.csv_export); reading such a file back takes it off again.
def _cell(text):
    text = text.strip()
    if text.startswith("'") and text[1:2] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def decode(data: bytes) -> str:
    """The file's text: UTF-8 (with or without a BOM) or Shift_JIS as Excel in Japan saves it (CP932)."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile(_("The file is neither UTF-8 nor Shift_JIS. Save it from Excel as \"CSV UTF-8\" or \"CSV\" and try again."))


def parse_date(text):
    """A date written as 2027-04-01, 2027/4/1 or 令和9年4月1日 (full-width digits too); None if it is none."""
    text = unicodedata.normalize("NFKC", text).strip().replace(" ", "")
    if match := WESTERN_DATE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := ERA_DATE.match(text):
        era, year_text, month, day = match.groups()
        era_start = dict(ERAS)[era]
        year = era_start.year - 1 + (1 if year_text == "元" else int(year_text))
        month, day = int(month), int(day)
    else:
        return None
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return None
    try:
        date = datetime.date(year, month, day)
    except ValueError:
        return None
    if match.re is ERA_DATE:
        # 令和元年4月1日 never existed: the era began on 1 May 2019.
        index = [name for name, _ in ERAS].index(era)
        era_end = ERAS[index - 1][1] if index > 0 else None
        if date < era_start or (era_end and date >= era_end):
            return None
    return date


def job_names():
    """Every way a job may be written: its code, and its name as the site shows it in Japanese and English."""
    names = {}
    for job in CENTRE_JOBS:
        names[job.value] = job
        for language in ("ja", "en"):
            with translation.override(language):
                names[str(job.label)] = job
    return names


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        where = _("line %(line)s") % {"line": self.line}
        if self.column:
            where += f"・{self.column}"
        return f"{where}: {self.message}"


@dataclass
class Change:
    """What one row does: to a person (new or existing) and to one of their jobs."""

    line: int
    email: str
    names: dict
    centre: Organisation
    job: str
    started_on: datetime.date
    ended_on: datetime.date | None
    user: object = None  # the existing person, if any
    membership: Membership | None = None  # the existing job, if any
    person_changes: dict = field(default_factory=dict)
    job_changes: dict = field(default_factory=dict)

    @property
    def outcome(self):
        if self.user is None:
            return "created"
        if self.person_changes or self.job_changes or self.membership is None:
            return "updated"
        return "unchanged"


@dataclass
class ImportPlan:
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def count(self, outcome):
        """People (not rows: a person with two jobs has two rows) whose rows come to `outcome`."""
        by_person = {}
        for change in self.changes:
            by_person.setdefault(change.email, set()).add(change.outcome)
        ranked = ["created", "updated", "unchanged"]
        return sum(1 for outcomes in by_person.values() if min(outcomes, key=ranked.index) == outcome)

    @property
    def created(self):
        return self.count("created")

    @property
    def updated(self):
        return self.count("updated")

    @property
    def unchanged(self):
        return self.count("unchanged")


def read_rows(data: bytes):
    """(rows, errors): each row a dict of field → text with its line number under "line"."""
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if not header or not any(cell.strip() for cell in header):
        return [], [RowError(1, "", _("The file is empty."))]
    fields = [HEADER_TO_FIELD.get(unicodedata.normalize("NFKC", cell).strip()) for cell in header]
    errors = []
    for cell, name in zip(header, fields):
        if name is None and cell.strip():
            errors.append(RowError(1, cell.strip(), _("This column is not one the import knows; the columns are: %(columns)s.") % {"columns": "、".join(JAPANESE_HEADERS)}))
    for name, japanese, english, required in COLUMNS:
        if required and name not in fields:
            errors.append(RowError(1, japanese, _("The column \"%(japanese)s\" (%(english)s) is missing.") % {"japanese": japanese, "english": english}))
        if fields.count(name) > 1:
            errors.append(RowError(1, japanese, _("The column \"%(japanese)s\" appears twice.") % {"japanese": japanese}))
    if errors:
        return [], errors
    rows = []
    line = reader.line_num
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error:
            return [], [RowError(line + 1, "", _("This row cannot be read: a cell is far too long or a quotation mark is not closed."))]
        if any(cell.strip() for cell in cells):
            row = {name: _cell(cell) for name, cell in zip(fields, cells) if name}
            row["line"] = line + 1
            if len(cells) > len(fields):
                errors.append(RowError(line + 1, "", _("This row has more cells than the header has columns.")))
            if any("\x00" in cell or len(cell) > MAX_CELL for cell in cells):
                errors.append(RowError(line + 1, "", _("This row has a cell that is too long or holds a control character.")))
            rows.append(row)
        line = reader.line_num
    if not rows and not errors:
        errors.append(RowError(1, "", _("The file has a header but no rows.")))
    return rows, errors


def _within_reach(jobs, allowed, today):
    """Whether a person with `jobs` (their memberships) belongs to the importer's centres: works only
    there, or last worked there (the rule of access.may_manage_person, on loaded rows)."""
    ongoing = [job for job in jobs if job.ended_on is None or job.ended_on >= today]  # now and to come
    if ongoing:
        return all(job.organisation_id in allowed for job in ongoing)
    if not jobs:
        return False
    last = max(jobs, key=lambda job: (job.ended_on is None, job.ended_on or job.started_on, job.started_on))
    return last.organisation_id in allowed


def plan_import(rows, centres, *, institute=True):
    """Check every row against the database and work out what it would change.

    `centres` are the centres the importer may import into (a queryset); a centre that exists
    but is not among them is refused by name, as is one closed by then. Unless `institute`, a row
    may not name someone who already has an account and belongs elsewhere: only the institute
    gives them a job here (or the new centre would read their records).
    """
    plan = ImportPlan()
    everyone = {str(centre.pk): centre for centre in Organisation.objects.centres()}
    allowed = set(centres.values_list("pk", flat=True))
    by_name = {}
    for centre in everyone.values():
        by_name.setdefault(centre.name, []).append(centre)
    jobs = job_names()
    emails = {normalise_email(row.get("email", "")) for row in rows}
    User = get_user_model()
    users = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
    memberships, jobs_of = {}, {}
    for membership in Membership.objects.filter(user__in=users.values()):
        memberships[(membership.user_id, membership.organisation_id, membership.job, membership.started_on)] = membership
        jobs_of.setdefault(membership.user_id, []).append(membership)
    first_line, seen = {}, {}
    today = clock.today()
    elsewhere = set() if institute else {
        user.pk for user in users.values() if is_site_administrator(user) or not _within_reach(jobs_of.get(user.pk, []), allowed, today)
    }

    for row in rows:
        line = row["line"]
        errors = []

        def fail(name, message, errors=errors, line=line):
            errors.append(RowError(line, FIELD_TO_HEADER[name], message))

        email = normalise_email(row.get("email", ""))
        if not email:
            fail("email", _("The email address is empty."))
        elif len(email) > EMAIL_LENGTH:
            fail("email", _("At most %(count)s characters.") % {"count": EMAIL_LENGTH})
        else:
            try:
                validate_email(email)
            except ValidationError:
                fail("email", _("\"%(value)s\" is not an email address.") % {"value": email})
            else:
                first_line.setdefault(email, line)
        names = {}
        for name, user_field in (("family_name", "last_name"), ("given_name", "first_name"),
                                 ("family_name_kana", "family_name_kana"), ("given_name_kana", "given_name_kana")):
            value = row.get(name, "")
            if name in ("family_name", "given_name") and not value:
                fail(name, _("This cell is empty."))
            elif len(value) > NAME_LENGTH:
                fail(name, _("At most %(count)s characters.") % {"count": NAME_LENGTH})
            names[user_field] = value
        centre_text = unicodedata.normalize("NFKC", row.get("centre", "")).strip()
        found = everyone.get(centre_text) if centre_text.isdigit() else None
        candidates = [found] if found else by_name.get(row.get("centre", ""), [])
        centre = None
        if not centre_text:
            fail("centre", _("This cell is empty."))
        elif not candidates:
            fail("centre", _("No centre is called \"%(value)s\" (give its name as the site shows it, or its number).") % {"value": row.get("centre", "")})
        else:
            centre = candidates[0]
            if centre.is_closed(today):
                fail("centre", _("%(centre)s is closed.") % {"centre": centre.name})
            elif centre.pk not in allowed:
                fail("centre", _("You cannot import staff into %(centre)s.") % {"centre": centre.name})
        job = jobs.get(unicodedata.normalize("NFKC", row.get("job", "")).strip()) or jobs.get(row.get("job", ""))
        if not row.get("job"):
            fail("job", _("This cell is empty."))
        elif job is None:
            fail("job", _("\"%(value)s\" is not a centre job; the jobs are: %(jobs)s.") % {
                "value": row.get("job", ""), "jobs": "、".join(str(job.label) for job in Job if job in CENTRE_JOBS)})
        dates = {}
        for name in ("started_on", "ended_on"):
            text = row.get(name, "")
            if not text:
                if name == "started_on":
                    fail(name, _("This cell is empty."))
                dates[name] = None
                continue
            dates[name] = parse_date(text)
            if dates[name] is None:
                fail(name, _("\"%(value)s\" is not a date that exists (write 2027-04-01 or 令和9年4月1日).") % {"value": text})
        if dates.get("started_on") and dates.get("ended_on") and dates["ended_on"] < dates["started_on"]:
            fail("ended_on", _("The end date is before the start date."))
        if centre is not None and centre.closed_on is not None and dates.get("started_on") and not errors:
            last_possible = centre.closed_on - datetime.timedelta(days=1)
            if dates["started_on"] > last_possible or dates.get("ended_on") is None or dates["ended_on"] > last_possible:
                fail("ended_on", _("%(centre)s closes on %(date)s: a job there must end by the day before.") % {
                    "centre": centre.name, "date": short_date(centre.closed_on)})
        if not errors and email in seen:
            # Another row for the same address gives the same person another job; it must name
            # them the same way, and not repeat a job an earlier row gave.
            other = seen[email][0]
            repeated = next((row for row in seen[email] if (row.centre.pk, row.job, row.started_on) == (centre.pk, job.value, dates["started_on"])), None)
            if other.names != names:
                fail("email", _("This email address is already on line %(line)s with another name; rows for one person give one name.") % {"line": other.line})
            elif repeated is not None:
                fail("email", _("Line %(line)s already gives this person this job from this date.") % {"line": repeated.line})
        if errors:
            plan.errors.extend(errors)
            continue
        change = Change(line=line, email=email, names=names, centre=centre, job=job.value,
                        started_on=dates["started_on"], ended_on=dates["ended_on"], user=users.get(email))
        if change.user is not None:
            # Blank kana in the file leaves the kana on record alone.
            change.person_changes = {
                key: (getattr(change.user, key), value) for key, value in names.items()
                if value and getattr(change.user, key) != value
            }
            change.membership = memberships.get((change.user.pk, centre.pk, change.job, change.started_on))
        if change.user is not None and change.user.pk in elsewhere and (change.membership is None or change.person_changes):
            # Giving a job here, or renaming, someone who also works elsewhere is the institute's;
            # a row for a job they already hold here, as the centre's own export gives it, is not.
            plan.errors.append(RowError(line, FIELD_TO_HEADER["email"], _(
                "%(email)s already has an account with another organisation; only the institute can give them a job here."
            ) % {"email": email}))
            continue
        if change.user is not None and change.membership is not None and change.membership.ended_on != change.ended_on:
            if not institute and change.membership.ended_on is not None and (change.ended_on is None or change.ended_on > change.membership.ended_on):
                plan.errors.append(RowError(line, FIELD_TO_HEADER["ended_on"], _(
                    "This job ends on %(date)s; only the institute can extend it."
                ) % {"date": short_date(change.membership.ended_on)}))
                continue
            if change.membership.ended_on is not None and change.membership.ended_on < today:
                # A job that is over stays over (re-opening it would give the old centre the
                # person's records back).
                plan.errors.append(RowError(line, FIELD_TO_HEADER["ended_on"], _(
                    "This job ended on %(date)s; it stays as it was. Give a new job instead."
                ) % {"date": short_date(change.membership.ended_on)}))
                continue
            change.job_changes = {"ended_on": (change.membership.ended_on, change.ended_on)}
        plan.changes.append(change)
        seen.setdefault(email, []).append(change)
    return plan
