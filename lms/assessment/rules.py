"""Pure rules of completion and of report deadlines; they never read or write the database."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from lms.formats import short_date

from .models import EVALUATION_MINIMUM, EVALUATION_OPEN_DAYS, CompletionRule, Report  # noqa: F401  (EVALUATION_MINIMUM: the rule other apps read)

NOT_EVERY_DAY = gettext_lazy("attended %(attended)s of %(total)s days (every day is required)")
NO_REPORT = gettext_lazy("no report submitted (due %(date)s)")
REPORT_WAITING = gettext_lazy("report awaiting the lecturer")
REPORT_RETURNED = gettext_lazy("report returned for revision")
REPORT_LATE = gettext_lazy("report first submitted after its deadline (%(date)s)")


def report_due_on(rule: CompletionRule, last_day: datetime.date) -> datetime.date:
    """The report is due a number of days after the session's last day, that day included."""
    return last_day + datetime.timedelta(days=rule.report_due_days)


def is_late(due_on: datetime.date, submitted_on: datetime.date) -> bool:
    """A report submitted on its due date is on time; the day after, it is late."""
    return submitted_on > due_on


def shortfalls(rule: CompletionRule | None, *, days_total: int, days_attended: int, last_day: datetime.date,
               report_status: str | None, report_late: bool, tests_by_day=None, best_test_by_day=None) -> list[str]:
    """Why a participant has not met the rule yet, as sentences; empty when they have.

    With no rule, nothing beyond today's plain rule (at least one day attended, which the session's
    completion checks itself) is asked.
    """
    if rule is None:
        return []
    reasons = []
    if rule.every_day_attended and days_attended < days_total:
        reasons.append(NOT_EVERY_DAY % {"attended": days_attended, "total": days_total})
    if rule.tests_required:
        reasons.extend(test_shortfalls(tests_by_day or {}, best_test_by_day or {}))
    if rule.report_required:
        due_on = report_due_on(rule, last_day)
        if report_status is None:
            reasons.append(NO_REPORT % {"date": short_date(due_on)})
        elif report_status == Report.Status.SUBMITTED:
            reasons.append(str(REPORT_WAITING))
        elif report_status == Report.Status.RETURNED:
            reasons.append(str(REPORT_RETURNED))
        if report_late and not rule.late_report_counts and report_status is not None:
            reasons.append(REPORT_LATE % {"date": short_date(due_on)})
    return reasons



# --- Understanding tests ---

SINGLE, MULTIPLE, SHORT_TEXT = "single_choice", "multiple_choice", "short_text"
TEST_NOT_PASSED = gettext_lazy("day %(day)s understanding test not passed")
TEST_AWAITING = gettext_lazy("day %(day)s understanding test awaiting marking")


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    points: int
    choices: tuple = ()  # (text, correct) pairs
    explanation: str = ""
    model_answer: str = ""

    @property
    def correct_choices(self):
        return {index for index, (_text, correct) in enumerate(self.choices) if correct}


def mark_choices(questions, answers) -> dict:
    """Points per question id: full points for exactly the correct choices, else 0; None for a
    free-text answer, which the lecturer marks. `answers` maps id to chosen indexes or text."""
    points = {}
    for question in questions:
        if question.kind == SHORT_TEXT:
            points[question.id] = None
        else:
            chosen = set(answers.get(question.id) or [])
            points[question.id] = question.points if chosen == question.correct_choices else 0
    return points


def test_result(points: dict, max_score: int, pass_mark: int):
    """(score, status): awaiting marking while any answer is unmarked; passed at the pass mark (%)
    or above, the mark compared in whole points so 60% of 7 needs 4.2, that is 5."""
    if any(value is None for value in points.values()):
        return None, "awaiting_marking"
    score = sum(points.values())
    return score, "passed" if score * 100 >= pass_mark * max_score else "failed"


def test_shortfalls(tests_by_day: dict, best_status_by_day: dict) -> list[str]:
    """Why the tests of the session's days are not all passed: `tests_by_day` names the days that
    have a test; `best_status_by_day` the best result so far on each."""
    reasons = []
    for day in sorted(tests_by_day):
        status = best_status_by_day.get(day)
        if status == "awaiting_marking":
            reasons.append(TEST_AWAITING % {"day": day})
        elif status != "passed":
            reasons.append(TEST_NOT_PASSED % {"day": day})
    return reasons


# --- Course evaluations: the course's own questions ---

@dataclass(frozen=True)
class EvaluationQuestion:
    id: str  # the StreamField block's id: it survives rewording
    kind: str  # "rating" (1–5) or "text"
    question: str


EVALUATION_NOT_OPEN = gettext_lazy("The evaluation opens on %(date)s.")
EVALUATION_CLOSED = gettext_lazy("The evaluation closed on %(date)s.")


def evaluation_closes_on(opens_on: datetime.date) -> datetime.date:
    """The last day an evaluation takes answers: EVALUATION_OPEN_DAYS after it opens (the session's last day)."""
    return opens_on + datetime.timedelta(days=EVALUATION_OPEN_DAYS)


def evaluation_refusal(opens_on: datetime.date | None, today: datetime.date):
    """Why an evaluation takes no answer today, or None when it does."""
    if opens_on is None or today < opens_on:
        return EVALUATION_NOT_OPEN % {"date": short_date(opens_on) if opens_on else "—"}
    if today > evaluation_closes_on(opens_on):
        return EVALUATION_CLOSED % {"date": short_date(evaluation_closes_on(opens_on))}
    return None


RATING_NEEDED = gettext_lazy("Choose a rating from 1 to 5 for “%(question)s”.")


def evaluation_answers(questions: list[EvaluationQuestion], given: dict) -> list[dict]:
    """The answers to keep, in the questions' order: every rating from 1 to 5; texts trimmed, a
    blank one kept as "" (it still counts as someone asked, for the five-answer minimum). Anything
    given for a question that is not asked is dropped."""
    kept = []
    for question in questions:
        value = given.get(question.id)
        if question.kind == "rating":
            if type(value) is not int or not 1 <= value <= 5:  # bool is an int subclass: True is no rating
                raise ValueError(RATING_NEEDED % {"question": question.question})
        else:
            value = (value or "").strip()
        kept.append({"id": question.id, "kind": question.kind, "question": question.question, "value": value})
    return kept


def summarise_answers(questions: list[EvaluationQuestion], answered, minimum: int) -> tuple[list[dict], list[dict]]:
    """The course's own questions summarised: ratings (average and spread, as the standard ratings
    are) and the texts given to each text question.

    `answered` is (session, answers) pairs in the order they were given. A question's answers from
    a session count only when that session has at least `minimum` answers to it: a question added
    late, with few answers in one session, would otherwise give them away, alone or by subtracting
    the session's summary from a total over several. Questions asked today come first in their
    order; a question since removed is shown in the wording it was last answered in."""
    wording = {question.id: (question.kind, question.question) for question in questions}
    asked_now = set(wording)
    by_session = {}
    for session, answers in answered:
        for answer in answers:
            if answer["id"] not in asked_now:
                wording[answer["id"]] = (answer["kind"], answer["question"])  # the latest wording wins
            by_session.setdefault((answer["id"], session), []).append(answer["value"])
    values = {question_id: [] for question_id in wording}
    for (question_id, _session), given in by_session.items():
        if len(given) >= minimum:
            values[question_id].extend(given)
    ratings, texts = [], []
    for question_id, (kind, question) in wording.items():
        given = values[question_id]
        if kind == "rating":
            if given:
                ratings.append({
                    "name": question_id, "label": question, "average": sum(given) / len(given), "answers": len(given),
                    "spread": [(rating, given.count(rating), round(100 * given.count(rating) / len(given))) for rating in range(5, 0, -1)],
                })
        elif written := [text for text in given if text]:
            texts.append({"question": question, "texts": written})
    return ratings, texts
