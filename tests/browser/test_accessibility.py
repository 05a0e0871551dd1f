"""Every main page of every role, on a desktop (1280 px) and a phone (390 px), through axe-core
(WCAG 2.1 A and AA): no serious or critical violation, and on the phone no page wider than the
window. The demo data gives each role something on each page."""

import pytest
from allauth.mfa.models import Authenticator
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from curriculum.models import MaterialPage, Subject, UnderstandingTestPage
from fieldwork.models import Placement
from lms import clock
from lms.assessment.models import Report, TestAttempt
from lms.certificates.models import Certificate, ExperienceProof
from lms.organisations.models import Organisation
from lms.training.models import TrainingSession
from ojt import selectors as ojt_selectors
from ojt.models import MinimumHoursPolicy, OjtSession
from skillpath.models import TrainingPlan
from tests.conftest import give_totp, passed_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
WIDTHS = (1280, 390)
# Text inside an SVG shrinks with the drawing: measure it as drawn (font size × the drawing's scale).
MIN_CHART_TEXT_PX = 10
CHART_TEXT_SIZES = """() => Array.from(document.querySelectorAll('main svg[viewBox] text')).map((text) => {
  const svg = text.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return [parseFloat(getComputedStyle(text).fontSize) * scale, text.textContent.slice(0, 30)];
})"""


# A table cell squeezed past reading: a number broken over lines, or text of three characters or more
# down to about one character a line (a name read downwards, 「OJ/T」). Counted from the lines the
# browser laid the cell's text out on.
SQUEEZED_CELLS = """() => Array.from(document.querySelectorAll('main td, main th')).flatMap((cell) => {
  const text = cell.innerText.trim();
  if (!text || cell.querySelector('input, select, textarea, svg, button')) return [];
  const tops = [];
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const range = document.createRange();
    range.selectNodeContents(walker.currentNode);
    for (const rect of range.getClientRects()) if (rect.width > 1) tops.push(rect.top);
  }
  tops.sort((a, b) => a - b);
  let lines = 0, last = -Infinity;
  for (const top of tops) if (top - last > 4) { lines += 1; last = top; }
  const characters = [...text.replace(/\\s/g, '')].length;
  const number = /^[\\d,.%+\\-−]+$/.test(text);
  return (number && lines > 1) || (characters >= 3 && lines * 2 > characters) ? [[text.slice(0, 24), lines]] : [];
})"""
# Pages of wide tables, also checked on a large desktop screen.
WIDE_TABLES = {"admin@example.jp": ["/reports/", "/reports/people/?figure=staff", "/reports/research/", "/reports/prefectures/40/"],
               "kita.supporter1@example.jp": ["/handbook/"]}


def pages_by_role():
    """{email (None for anonymous): [paths]} over the demo data."""
    user = get_user_model().objects.get
    supporter, supervisor, director = user(email="kita.supporter1@example.jp"), user(email="kita.supervisor@example.jp"), user(email="kita.director@example.jp")
    centre = Organisation.objects.get(memberships__user=supporter, kind=Organisation.Kind.CENTRE)
    plan = TrainingPlan.objects.filter(person=supporter).order_by("-fiscal_year").first()
    draft = TrainingPlan.objects.filter(status__in=TrainingPlan.EDITABLE).first()
    session = TrainingSession.objects.filter(status=TrainingSession.Status.PUBLISHED).first()
    certificate = Certificate.objects.filter(holder=supporter).first() or Certificate.objects.first()
    placement = Placement.objects.filter(person=director).first()
    subject = Subject.objects.get(code="poverty-support").get_absolute_url()
    material = MaterialPage.objects.live().first()
    year = plan.fiscal_year
    # The session held a fortnight ago: a day-3 test, reports and evaluations (lms/assessment/demo.py).
    held = TrainingSession.objects.get(title__endswith="第1回（北九州会場）")
    test = UnderstandingTestPage.objects.live().get(day=3)
    returned = Report.objects.get(enrolment__session=held, enrolment__person__email="fuku.supporter5@example.jp")
    waiting = TestAttempt.objects.get(enrolment__session=held, status=TestAttempt.Status.AWAITING_MARKING)
    evaluated = TrainingSession.objects.filter(evaluations__isnull=False).distinct().get()
    # The centre's OJT: a case review evaluated by its attendees, and a supervision session still to evaluate.
    ojt_evaluated = OjtSession.objects.filter(centre=centre, evaluations__isnull=False).distinct().order_by("-date").first()
    ojt_to_evaluate = ojt_selectors.sessions_to_evaluate(supporter, clock.today())[0]
    assessed = {
        "fuku.supporter5@example.jp": [f"/sessions/{held.pk}/", f"/sessions/{held.pk}/tests/", f"/sessions/{held.pk}/report/",
                                       f"/sessions/{held.pk}/evaluation/", returned.get_absolute_url()],
        "nerima.supporter4@example.jp": [f"/sessions/{held.pk}/tests/{test.pk}/"],
    }
    return assessed | {
        None: ["/", "/curriculum/", subject, "/accounts/login/", f"/verify/{certificate.code}/", "/verify/",
               f"/verify/{ExperienceProof.objects.get().code}/"],
        supporter.email: ["/", material.url, "/sessions/", f"/sessions/{session.pk}/", "/plans/", f"/plans/{plan.pk}/", "/plans/path/", "/handbook/",
                          "/ojt/", "/certificates/", f"/certificates/{certificate.pk}/", "/fieldwork/", "/training/outside-courses/",
                          "/training/external/new/", f"/ojt/sessions/{ojt_to_evaluate.pk}/evaluation/"],
        draft.person.email: [f"/plans/{draft.pk}/edit/"],
        supervisor.email: ["/plans/", f"/ojt/centre/{centre.pk}/{year}/", f"/ojt/centre/{centre.pk}/{year}/table/", "/training/external/",
                           f"/reports/centres/{centre.pk}/", f"/ojt/centre/{centre.pk}/{ojt_evaluated.fiscal_year}/evaluations/",
                           f"/ojt/sessions/{ojt_evaluated.pk}/evaluation/summary/"],
        director.email: ["/fieldwork/", f"/fieldwork/placements/{placement.pk}/" if placement else "/fieldwork/"],
        "host@example.jp": ["/fieldwork/"],
        # Lecturers and editors: their pages on the site, and the Wagtail dashboard where they write and review.
        "lecturer1@example.jp": ["/", subject, material.url, "/sessions/", f"/sessions/{session.pk}/", "/admin/", f"/sessions/{held.pk}/report/",
                                 returned.get_absolute_url(), f"/sessions/{held.pk}/tests/", waiting.get_absolute_url(),
                                 f"/sessions/{evaluated.pk}/evaluation/summary/"],
        "editor@example.jp": ["/", "/curriculum/", material.url, "/admin/"],
        "admin@example.jp": ["/reports/", "/reports/prefectures/40/", "/certificates/", f"/sessions/{session.pk}/", "/directory/people/",
                             "/policies/", "/policies/completion/new/", f"/sessions/evaluations/poverty-support/?year={year - 1}", f"/sessions/{session.pk}/edit/", f"/policies/minimum-hours/{MinimumHoursPolicy.objects.first().pk}/", "/plans/path/"],
    }


def signed_in_context(browser, live_server, email, width):
    context = browser.new_context(viewport={"width": width, "height": 900 if width > 500 else 844}, locale="ja-JP", timezone_id="Asia/Tokyo")
    if email is not None:
        person = get_user_model().objects.get(email=email)
        client = Client()
        client.force_login(person)
        if person.is_superuser or person.is_staff:  # institute accounts and admin users pass TOTP: record the code step as passed
            if not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists():
                give_totp(person)
            passed_totp(client, person)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context


def test_main_pages_pass_axe_and_fit_a_phone(browser, live_server, settings, tmp_path):
    settings.INSTITUTE_SIGNING_KEY_FILE = str(tmp_path / "key.pem")  # the verifier signs and checks with its own keys
    call_command("seed_demo", verbosity=0)
    axe = Axe()
    problems = []

    def check(page, where, width):
        results = axe.run(page, options=WCAG)
        for violation in results.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"{where}: {violation['id']} ({violation['impact']}) {targets}")
        problems.extend(f"{where}: squeezed cell {text!r} on {lines} lines" for text, lines in page.evaluate(SQUEEZED_CELLS))
        if width < 500:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                problems.append(f"{where}: {scroll} px wide")
            problems.extend(f"{where}: chart text {size:.1f} px: {text}" for size, text in page.evaluate(CHART_TEXT_SIZES) if size < MIN_CHART_TEXT_PX)

    for email, paths in pages_by_role().items():
        for width in WIDTHS:
            context = signed_in_context(browser, live_server, email, width)
            page = context.new_page()
            for path in paths:
                response = page.goto(f"{live_server.url}{path}")
                where = f"{email or 'anonymous'} {path} @{width}"
                if response.status != 200:
                    problems.append(f"{where}: HTTP {response.status}")
                    continue
                check(page, where, width)
            context.close()
    for email, paths in WIDE_TABLES.items():
        context = signed_in_context(browser, live_server, email, 1920)
        page = context.new_page()
        for path in paths:
            page.goto(f"{live_server.url}{path}")
            problems.extend(f"{email} {path} @1920: squeezed cell {text!r} on {lines} lines" for text, lines in page.evaluate(SQUEEZED_CELLS))
        context.close()
    # The verifier's answer, reached by posting: a pasted address and the credential's JSON.
    certificate = Certificate.objects.filter(revoked_on__isnull=True).first()
    for width in WIDTHS:
        context = signed_in_context(browser, live_server, None, width)
        page = context.new_page()
        for presented in (certificate.verification_url(), page.request.get(
            f"{live_server.url}/verify/{certificate.code}/", headers={"Accept": "application/ld+json"},
        ).text()):
            page.goto(f"{live_server.url}/verify/")
            page.get_by_label("デジタル修了証（JSON または JWT）または確認用アドレス").fill(presented)
            page.get_by_role("button", name="確認する").click()
            if "確認の方法" not in page.content():
                problems.append(f"verifier @{width}: no verdict for {presented[:30]}")
            check(page, f"verifier answer @{width}", width)
        context.close()
    assert problems == [], "\n".join(problems)
