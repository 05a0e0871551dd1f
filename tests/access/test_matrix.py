"""Every address × every role: who may open each page, and every write refused to the wrong person
changes nothing. The expected answer for each role is spelled out, so a change of rule shows here.

Fieldwork has its own table in tests/fieldwork/test_views.py; the Wagtail pages and the admin in
tests/curriculum/test_pages.py and tests/lms/test_accounts.py.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import get_resolver

from fieldwork.models import EligibilityPolicy
from lms.assessment.models import EvaluationReceipt, EvaluationResponse, Report, ReportSubmission, TestAttempt
from lms.audit.models import AuditEntry
from lms.certificates.models import Certificate, ExperienceProof, IssuanceBatch, TrainingHistoryProof
from lms.directory.models import StaffImport
from lms.organisations.models import Membership, Organisation
from lms.outbox.models import Message
from lms.training.models import Attendance, Enrolment, OutsideCourse, TrainingRecord, TrainingSession
from ojt.models import IndividualOjt, MinimumHoursPolicy, OjtEvaluation, OjtEvaluationReceipt, OjtProgramme, OjtSession
from skillpath.models import AbilityRating, Reflection, TrainingPlan
from tests.conftest import give_totp, passed_totp

from .conftest import roles

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "supporter", "colleague", "coordinator", "supervisor", "director", "other_director", "clerk",
         "institute", "editor", "lecturer", "host", "prefecture"]
EVERYONE = set(ROLES) - {"anonymous"}
CENTRE_STAFF = {"supporter", "colleague", "coordinator", "supervisor", "director", "other_director", "clerk"}
# The institute's staff; its textbook committee (the editor) reads only course evaluations here.
INSTITUTE = {"institute"}
# Who reads the supporter's records: the supporter, the managers of their centre, the institute.
SUPPORTERS_READERS = {"supporter", "supervisor", "director"} | INSTITUTE
CENTRE_COORDINATORS = {"coordinator", "supervisor", "director"}
# The directory: the institute, the prefecture's office (reading only) and the centres' managers.
DIRECTORY_READERS = INSTITUTE | {"prefecture", "supervisor", "director", "other_director"}
CENTRE_READERS = INSTITUTE | {"prefecture", "supervisor", "director"}
STAFFING = INSTITUTE | {"director"}
IMPORTERS = INSTITUTE | {"director", "other_director"}

# (address, who gets 200, what the others get). Anonymous visitors are sent to sign in unless public.
PAGES = [
    ("/", EVERYONE, None),
    ("/sessions/", EVERYONE, None),
    ("/sessions/feed.ics", EVERYONE, None),
    # Verification is public: the verifier page, the revocation list, the issuer's profile and keys.
    ("/verify/", EVERYONE, None),
    ("/verify/status/1/", EVERYONE, None),
    ("/verify/issuer/", EVERYONE, None),
    ("/verify/keys.json", EVERYONE, None),
    ("/sessions/new/", INSTITUTE, 403),
    ("/sessions/{session}/", EVERYONE, None),
    ("/sessions/{draft}/", INSTITUTE, 403),
    ("/sessions/{session}/edit/", INSTITUTE, 403),
    ("/sessions/enrolments/{reported_place}/withdraw/", INSTITUTE, 403),
    # A session's reports: its participants their own, its lecturer and the institute all of them.
    ("/sessions/{reported}/report/", INSTITUTE | {"lecturer", "supporter", "colleague"}, 403),
    ("/sessions/{session}/report/", INSTITUTE, 403),  # the supporter only applied: they took no part
    # One report: its writer, its markers, and those who read the writer's handbook.
    ("/sessions/{reported}/report/{report}/", SUPPORTERS_READERS | {"lecturer"}, 403),
    ("/sessions/{reported}/report/{report}/files/{first}/", SUPPORTERS_READERS | {"lecturer"}, 403),
    # Understanding tests: answers are seen by the person and those who teach the session, nobody else.
    ("/sessions/{reported}/tests/", INSTITUTE | {"lecturer", "supporter", "colleague"}, 403),
    # The supporter's answer waits for marking: they are sent back to the list with the reason.
    ("/sessions/{reported}/tests/{test}/", {"colleague"}, {"supporter": 302, "*": 403}),
    # An attempt: its writer, those who teach the session, and those who read the writer's handbook (which lists it).
    ("/sessions/{reported}/tests/attempts/{attempt}/", SUPPORTERS_READERS | {"lecturer"}, 403),
    # Course evaluations: answered by participants; read (from five answers) by those who teach and the institute.
    ("/sessions/{reported}/evaluation/", {"supporter", "colleague"}, 403),
    ("/sessions/{reported}/evaluation/summary/", INSTITUTE | {"lecturer", "editor"}, 403),
    ("/sessions/evaluations/{reported_code}/", INSTITUTE | {"editor"}, 403),
    ("/sessions/evaluations/lecturers/{lecturer_user}/", INSTITUTE | {"lecturer"}, 403),
    ("/handbook/", EVERYONE, None),
    ("/handbook/handbook.pdf", EVERYONE, None),
    ("/handbook/handbook.csv", EVERYONE, None),
    ("/handbook/{supporter}/", SUPPORTERS_READERS, 403),
    ("/handbook/{supporter}/handbook.pdf", SUPPORTERS_READERS, 403),
    ("/handbook/{supporter}/handbook.csv", SUPPORTERS_READERS, 403),
    ("/training/{record}/", SUPPORTERS_READERS, 403),
    ("/training/{external}/", SUPPORTERS_READERS, 403),
    ("/training/{external}/evidence/", SUPPORTERS_READERS, 403),
    ("/training/external/new/", CENTRE_STAFF, 403),
    ("/training/external/", {"supervisor", "director", "other_director"}, 403),
    # The shared catalogue of outside courses: everyone who records or oversees training.
    ("/training/outside-courses/", CENTRE_STAFF | INSTITUTE | {"prefecture"}, 403),
    ("/plans/", EVERYONE, None),
    ("/plans/path/", EVERYONE, None),
    ("/plans/path/{supporter}/", SUPPORTERS_READERS, 403),
    ("/plans/{plan}/", SUPPORTERS_READERS, 403),
    ("/plans/{plan}/evaluate/", {"supporter"}, 403),
    ("/plans/{plan}/ratings/", SUPPORTERS_READERS, 403),
    # The institute and a prefecture's office keep no ledger: /ojt/ takes them to the reports.
    ("/ojt/", CENTRE_STAFF, {"institute": 302, "prefecture": 302, "*": 403}),
    ("/ojt/individual/new/", CENTRE_STAFF, 403),
    ("/ojt/sessions/{ojt_session}/", {"supporter", "coordinator", "supervisor", "director"} | INSTITUTE, 403),
    # An OJT session's evaluation: answered by its attendees, read by those who run the centre's OJT
    # (the supervisor also facilitates this one) and the institute.
    ("/ojt/sessions/{ojt_session}/evaluation/", {"supporter"}, 403),
    ("/ojt/sessions/{ojt_session}/evaluation/summary/", CENTRE_COORDINATORS | INSTITUTE, 403),
    ("/ojt/centre/{centre}/2026/evaluations/", CENTRE_COORDINATORS | INSTITUTE, 403),
    ("/ojt/centre/{centre}/sessions/new/", CENTRE_COORDINATORS, 403),
    ("/ojt/centre/{centre}/2026/", CENTRE_COORDINATORS | INSTITUTE, 403),
    ("/ojt/centre/{centre}/2026/table/", CENTRE_COORDINATORS | INSTITUTE, 403),
    ("/certificates/", EVERYONE, None),
    # Someone who may not see a certificate is not told it exists.
    ("/certificates/{certificate}/", SUPPORTERS_READERS, 404),
    ("/certificates/{certificate}/certificate.pdf", SUPPORTERS_READERS, 404),
    ("/certificates/batches/{batch}/", INSTITUTE, 403),
    ("/certificates/proofs/{history_series}/{history_proof}/revoke/", INSTITUTE, 403),
    ("/verify/status/history/1/", EVERYONE, None),
    ("/fieldwork/", EVERYONE - {"lecturer", "prefecture", "editor"}, 403),
    ("/directory/organisations/", DIRECTORY_READERS, 403),
    ("/directory/organisations/new/", INSTITUTE, 403),
    ("/directory/organisations/{centre}/", CENTRE_READERS, 403),
    ("/directory/organisations/{centre}/edit/", INSTITUTE, 403),
    ("/directory/people/", DIRECTORY_READERS, 403),
    ("/directory/people/new/", STAFFING | {"other_director"}, 403),
    ("/directory/people/export.csv", DIRECTORY_READERS, 403),
    ("/directory/people/{supporter}/", CENTRE_READERS | {"supporter"}, 403),
    ("/directory/people/{supporter}/edit/", STAFFING, 403),
    ("/directory/people/{supporter}/jobs/new/", STAFFING, 403),
    ("/directory/jobs/{membership}/transfer/", STAFFING, 403),
    ("/directory/imports/new/", IMPORTERS, 403),
    ("/directory/imports/template.csv", IMPORTERS, 403),
    ("/directory/imports/{staff_import}/", {"director"} | INSTITUTE, 403),
    ("/policies/", INSTITUTE, 403),
    ("/history/", INSTITUTE, 403),
    ("/history/?kind=training.enrolment&action=applied", INSTITUTE, 403),
    # An entry's object: the institute is taken to its page.
    ("/history/objects/{certificate_ct}/{certificate}/", set(), {"institute": 302, "*": 403}),
    # Oversight reports: the "Reports" entry takes a prefecture's office and a centre's managers to their own level.
    ("/reports/", INSTITUTE, {"prefecture": 302, "supervisor": 302, "director": 302, "other_director": 302, "*": 403}),
    ("/reports/people/", INSTITUTE, 403),
    ("/reports/research/", INSTITUTE, 403),
    ("/reports/prefectures/{prefecture_code}/", INSTITUTE | {"prefecture"}, 403),
    ("/reports/prefectures/{prefecture_code}/people/", INSTITUTE | {"prefecture"}, 403),
    ("/reports/centres/{centre}/", CENTRE_READERS, 403),
    ("/reports/centres/{centre}/people/", CENTRE_READERS, 403),
    ("/policies/{minimum_hours}/new/", INSTITUTE, 403),
    ("/policies/{eligibility}/{future_policy}/", INSTITUTE, 403),
]
PUBLIC = {"/", "/sessions/feed.ics", "/verify/", "/verify/status/1/", "/verify/status/history/1/", "/verify/issuer/", "/verify/keys.json"}

# (address, form data, who may do it, one of them who does it here): everyone else is refused and
# nothing in the database changes; the one who may does change it, so a row cannot pass by posting
# a form that would fail for anyone. None: the success is tested with the app (it needs days held,
# a file, or a plan at another step).
NEW_SESSION = {
    "subject": "{subject}", "title": "新しい回", "organiser": "{institute_org}", "capacity": "50",
    "applications_open_on": "2026-11-20", "applications_close_on": "2026-12-20",
    "days-TOTAL_FORMS": "1", "days-INITIAL_FORMS": "0", "days-MIN_NUM_FORMS": "1", "days-MAX_NUM_FORMS": "1000",
    "days-0-date": "2027-02-01", "days-0-starts_at": "10:00", "days-0-ends_at": "16:00", "days-0-hours": "5",
}
OJT_SESSION = {"date": "2026-11-01", "hours": "1", "kind": "supervision_group", "theme": "expertise", "title": "x", "attendees": "{colleague}"}
PROGRAMME_ITEM = {"month": "5", "kind": "supervision_group", "theme": "expertise", "title": "x", "planned_hours": "1"}
WRITES = [
    ("/sessions/new/", NEW_SESSION, INSTITUTE, "institute"),
    ("/sessions/{session}/edit/", "edit_session", INSTITUTE, "institute"),
    ("/sessions/{draft}/publish/", {}, INSTITUTE, "institute"),
    ("/sessions/{session}/apply/", {}, CENTRE_STAFF - {"supporter"}, "colleague"),
    ("/sessions/{session}/nominate/", {"person": "{colleague}"}, {"director"} | INSTITUTE, "director"),
    ("/sessions/{session}/attendance/", {"present": "{enrolment}:1"}, INSTITUTE, None),
    ("/sessions/{session}/complete/", {"complete": "{enrolment}"}, INSTITUTE, None),
    ("/sessions/{reported}/report/", {"text": "本文"}, {"colleague"}, "colleague"),
    ("/sessions/{reported}/report/{report}/decide/", {"decision": "accept"}, INSTITUTE | {"lecturer"}, "lecturer"),
    ("/sessions/{reported}/tests/{test}/", {"q-q1": "0", "q-q2": "0", "q-q3": "答え"}, {"colleague"}, "colleague"),
    ("/sessions/{reported}/tests/attempts/{attempt}/", {"points-q3": "1"}, INSTITUTE | {"lecturer"}, "lecturer"),
    ("/sessions/{reported}/evaluation/", {"content": "5", "method": "4", "lecturer": "5", "usefulness": "3"}, {"supporter", "colleague"}, "colleague"),
    ("/sessions/enrolments/{enrolment}/cancel/", {"confirmed": "yes"}, {"supporter", "supervisor", "director"} | INSTITUTE, "supporter"),
    # After the first day only the institute records that a participant stopped.
    ("/sessions/enrolments/{reported_place}/withdraw/", {"reason": "体調不良", "confirmed": "yes"}, INSTITUTE, "institute"),
    ("/sessions/enrolments/{enrolment}/approve/", {}, {"director"}, "director"),
    ("/sessions/enrolments/{enrolment}/decline/", {"reason": "x"}, {"director"}, "director"),
    ("/training/{record}/", {"learned": "x", "apply_at_work": "y"}, {"supporter"}, "supporter"),
    ("/training/external/new/", {"title": "x"}, CENTRE_STAFF, None),
    ("/training/external/{external}/verify/", {}, {"supervisor", "director"}, "supervisor"),
    ("/training/outside-courses/", {"title": "家計相談の実際", "kind": "related_body", "provider": "協会"}, CENTRE_STAFF | INSTITUTE | {"prefecture"}, "colleague"),
    ("/training/outside-courses/{outside_course}/recognise/", {"recognised": "1"}, INSTITUTE, "institute"),
    ("/training/external/{external}/reject/", {"reason": "x"}, {"supervisor", "director"}, "supervisor"),
    ("/plans/new/", {"fiscal_year": "2026"}, CENTRE_STAFF - {"supporter"}, "colleague"),
    ("/plans/{plan}/edit/", {"goals": "x"}, set(), None),
    ("/plans/{plan}/submit/", {}, set(), None),
    ("/plans/{plan}/return/", {"comment": "x"}, {"supervisor", "director"}, "supervisor"),
    ("/plans/{plan}/approve/", {}, {"supervisor", "director"}, "director"),
    ("/plans/{plan}/start/", {}, set(), None),
    ("/plans/{plan}/close/", {}, set(), None),
    ("/plans/{plan}/evaluate/", {"self_evaluation": "x"}, set(), None),
    ("/plans/{plan}/ratings/", {"moment": "start", "ability_{ability}": "2"}, {"supporter", "supervisor", "director"}, "supporter"),
    ("/ojt/individual/new/", {"date": "2026-11-01", "hours": "1", "is_supervision": "on", "description": "x"}, CENTRE_STAFF, "colleague"),
    ("/ojt/individual/{individual}/decide/", {"decision": "approve"}, {"supervisor", "director"}, "supervisor"),
    ("/ojt/sessions/{ojt_session}/confirm/", {}, {"supervisor", "director"}, "supervisor"),
    ("/ojt/sessions/{ojt_session}/evaluation/", {"content": "5", "method": "4", "lecturer": "5", "usefulness": "3"}, {"supporter"}, "supporter"),
    ("/ojt/centre/{centre}/sessions/new/", OJT_SESSION, CENTRE_COORDINATORS, "coordinator"),
    ("/ojt/centre/{centre}/2026/", PROGRAMME_ITEM, CENTRE_COORDINATORS, "coordinator"),
    ("/certificates/{certificate}/revoke/", {"reason": "x", "confirmed": "yes"}, INSTITUTE, "institute"),
    ("/certificates/proofs/{history_series}/{history_proof}/revoke/", {"reason": "x", "confirmed": "yes"}, INSTITUTE, "institute"),
    ("/reports/refresh/", {"year": "2026"}, INSTITUTE, "institute"),
    ("/certificates/records/{uncertified}/issue/", {}, INSTITUTE, "institute"),
    ("/certificates/sessions/{finished}/issue/", {}, INSTITUTE, "institute"),
    ("/certificates/history/{supporter}/", {}, INSTITUTE, "institute"),
    ("/certificates/experience/{supporter}/", {}, INSTITUTE, "institute"),
    ("/directory/organisations/new/", {"kind": "centre", "name": "新設センター", "prefecture": "40"}, INSTITUTE, "institute"),
    ("/directory/organisations/{centre}/edit/", {"kind": "centre", "name": "改名したセンター", "prefecture": "40"}, INSTITUTE, "institute"),
    ("/directory/organisations/{centre}/close/", {"on": "2026-12-01", "confirmed": "yes"}, INSTITUTE, "institute"),
    ("/directory/organisations/{closed}/reopen/", {}, INSTITUTE, "institute"),
    ("/directory/people/new/", {"email": "new@example.jp", "last_name": "新", "first_name": "人", "centre": "{centre}", "job": "clerical", "started_on": "2026-12-01"}, STAFFING, "director"),
    ("/directory/people/{supporter}/edit/", {"email": "supporter@example.jp", "last_name": "改", "first_name": "名"}, STAFFING, "director"),
    ("/directory/people/{supporter}/jobs/new/", {"centre": "{centre}", "job": "clerical", "started_on": "2026-12-01"}, STAFFING, "director"),
    ("/directory/people/{supporter}/leave/", {"last_day": "2026-11-30", "confirmed": "yes"}, STAFFING, "director"),
    ("/directory/people/{leaver}/reactivate/", {}, STAFFING, "director"),
    ("/directory/people/{supporter}/invite/", {}, STAFFING, "director"),
    ("/directory/jobs/{membership}/end/", {"ended_on": "2026-11-30", "confirmed": "yes"}, STAFFING, "director"),
    ("/directory/jobs/{membership}/transfer/", {"centre": "{other_centre}", "job": "supporter_individual", "on": "2026-12-01"}, INSTITUTE, "institute"),
    ("/directory/imports/new/", {}, IMPORTERS, None),
    ("/directory/imports/{staff_import}/confirm/", {}, {"director"}, "director"),
    ("/policies/{minimum_hours}/new/", {"effective_from": "2026-12-01", "ojt_hours": "40", "offjt_hours": "40", "offjt_day_hours": "8", "fieldwork_day_hours": "8"}, INSTITUTE, "institute"),
    ("/policies/{eligibility}/{future_policy}/", {"effective_from": "2027-10-01", "open_to": "common", "min_experience_years": "1"}, INSTITUTE, "institute"),
]


def signed_in(user):
    client = Client()
    if user is not None:
        from lms.organisations.access import access_for

        client.force_login(user)
        user.__dict__.pop("_lms_access", None)
        if access_for(user).works_at_institute:
            give_totp(user)
            passed_totp(client, user)
    return client


def fill(template, scene):
    ids = {key: value.pk if hasattr(value, "pk") else value for key, value in scene.items() if hasattr(value, "pk") or isinstance(value, str)}
    return template.format(**ids)


def snapshot():
    """Everything a write in this table could change."""
    return (
        list(TrainingSession.objects.order_by("pk").values_list("status", "capacity", "title")),
        list(Enrolment.objects.order_by("pk").values_list("person_id", "status")),
        list(TrainingRecord.objects.order_by("pk").values_list("status", "title")),
        Reflection.objects.count(), AbilityRating.objects.count(),
        list(TrainingPlan.objects.order_by("pk").values_list("person_id", "status", "goals")),
        list(OjtSession.objects.order_by("pk").values_list("status", "title")), OjtEvaluation.objects.count(), OjtEvaluationReceipt.objects.count(),
        list(IndividualOjt.objects.order_by("pk").values_list("status")), OjtProgramme.objects.count(),
        list(Certificate.objects.order_by("pk").values_list("revoked_on", "serial")),
        list(TrainingHistoryProof.objects.order_by("pk").values_list("revoked_on", flat=True)),
        ExperienceProof.objects.count(),
        list(Attendance.objects.order_by("pk").values_list("enrolment_id", "day_id", "present")), IssuanceBatch.objects.count(),
        list(Organisation.objects.order_by("pk").values_list("name", "closed_on")),
        list(Membership.objects.order_by("pk").values_list("user_id", "job", "ended_on")),
        list(get_user_model().objects.order_by("pk").values_list("is_active", "last_name")),
        list(StaffImport.objects.order_by("pk").values_list("status")), Message.objects.count(), AuditEntry.objects.count(),
        list(MinimumHoursPolicy.objects.order_by("pk").values_list("effective_from", "ojt_hours")),
        list(EligibilityPolicy.objects.order_by("pk").values_list("effective_from", "open_to")),
        list(OutsideCourse.objects.order_by("pk").values_list("title", "recognised")),
        list(Report.objects.order_by("pk").values_list("status", flat=True)), ReportSubmission.objects.count(),
        list(TestAttempt.objects.order_by("pk").values_list("status", "score")),
        EvaluationResponse.objects.count(), EvaluationReceipt.objects.count(),
    )


def test_the_table_lists_every_address_of_these_apps():
    """A new address must be added here (or to the fieldwork table) with its roles."""
    listed = {re.sub(r"\{\w+\}|2026", "<>", path) for path, *_ in PAGES + WRITES}
    missing = []
    for pattern in _patterns(get_resolver(), ""):
        normalised = re.sub(r"<[^>]+>", "<>", pattern)
        prefixes = ("sessions/", "handbook/", "training/", "plans/", "ojt/", "certificates/", "directory/", "policies/", "reports/", "history/")
        if normalised.startswith(prefixes) and "/" + normalised not in listed:
            missing.append(pattern)
    assert missing == []


def _patterns(resolver, prefix):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern).lstrip("^").rstrip("$")
        if hasattr(entry, "url_patterns"):
            yield from _patterns(entry, route)
        else:
            yield route


@pytest.mark.parametrize(("path", "allowed", "refused_status"), PAGES, ids=[page[0] for page in PAGES])
def test_who_may_open_each_page(world, scene, path, allowed, refused_status):
    url = fill(path, scene)
    people = roles(world, scene)
    answers = {role: signed_in(people[role]).get(url).status_code for role in ROLES}
    refused = refused_status if isinstance(refused_status, dict) else {"*": refused_status}
    expected = {role: 200 if role in allowed else refused.get(role, refused["*"]) for role in ROLES}
    expected["anonymous"] = 200 if path in PUBLIC else 302
    assert answers == expected


@pytest.mark.parametrize(("path", "data", "allowed", "actor"), WRITES, ids=[write[0] for write in WRITES])
def test_every_write_refused_to_the_wrong_person_changes_nothing(world, scene, path, data, allowed, actor):
    from tests.training.test_session_views import edit_form_data

    url = fill(path, scene)
    if data == "edit_session":
        data = edit_form_data(scene["session"], capacity="90")
    data = {fill(key, scene): fill(str(value), scene) for key, value in data.items()}
    people = roles(world, scene)
    before = snapshot()
    for role in sorted(set(ROLES) - allowed):
        response = signed_in(people[role]).post(url, data)
        # Refused outright, or sent back to the page with the reason (never a 500, never a change).
        assert response.status_code in (302, 403) or (response.status_code == 200 and role != "anonymous"), (role, response.status_code)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert snapshot() == before, role
    if actor is not None:
        assert actor in allowed
        response = signed_in(people[actor]).post(url, data)
        assert response.status_code in (200, 302), response.status_code
        assert snapshot() != before, f"{actor} may do this, but nothing changed"


@pytest.mark.parametrize("role", ROLES)
def test_the_navigation_offers_only_pages_the_person_may_open(world, scene, role):
    client = signed_in(roles(world, scene)[role])
    home = client.get("/").content.decode()
    nav = re.search(r'<nav class="main-nav".*?</nav>', home, re.S).group(0)
    handbook = client.get("/handbook/").content.decode() if role != "anonymous" else ""
    handbook = handbook[handbook.find("<main"):]
    links = set(re.findall(r'href="(/[^"#]*)"', nav + handbook))
    refused = {link: client.get(link).status_code for link in links if client.get(link).status_code in (403, 404)}
    assert refused == {}


@pytest.mark.parametrize("role", sorted(DIRECTORY_READERS))
def test_the_directory_links_only_what_the_reader_may_open(world, scene, role):
    """From the lists to each organisation and person, and from those pages on: no link answers 403 or 404."""
    # The supervisor also lectures for the institute (as in the demo): their page lists a job there.
    Membership.objects.create(user=world.supervisor, organisation=world.institute, job="lecturer", started_on="2024-04-01")
    client = signed_in(roles(world, scene)[role])
    seen, waiting, refused = set(), ["/directory/organisations/", "/directory/people/"], {}
    while waiting:
        url = waiting.pop()
        if url in seen:
            continue
        seen.add(url)
        page = client.get(url).content.decode()
        main = page[page.find("<main"):page.find("</main>")]
        for link in set(re.findall(r'href="(/directory/(?:organisations|people)/\d+/)"', main)) - seen:
            status = client.get(link).status_code
            if status in (403, 404):
                refused[link] = (url, status)
            else:
                waiting.append(link)
    assert refused == {} and len(seen) > 2


def test_the_refusal_page_speaks_of_what_was_asked_for(world, scene):
    page = signed_in(world.supporter).get(f"/directory/organisations/{world.centre.pk}/").content.decode()
    assert "このページを開くことも" in page and "研修記録" not in page
