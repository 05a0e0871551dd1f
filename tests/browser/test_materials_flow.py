"""A lecturer writes and submits a material; an editor approves it; staff find and read it; visitors cannot."""

import pytest
from playwright.sync_api import expect

from curriculum import setup
from curriculum.loader import load_curriculum
from curriculum.models import MaterialPage, SubjectPage
from lms.organisations.models import Job
from tests import factories
from tests.conftest import give_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def click_hidden(page, selector):
    # Wagtail keeps secondary actions in a dropdown; click them as the menu would.
    page.wait_for_selector(selector, state="attached")
    page.eval_on_selector(selector, "button => button.click()")


def test_material_publication_flow(page, live_server, browser_login):
    load_curriculum()
    institute = factories.InstituteFactory()
    centre = factories.CentreFactory()
    lecturer = factories.person(institute, Job.LECTURER, email="m.lecturer@example.jp")
    editor = factories.person(institute, Job.INSTITUTE_EDITOR, email="m.editor@example.jp")
    staff = factories.person(centre, Job.SUPPORTER_INDIVIDUAL, email="m.staff@example.jp")
    index = setup.ensure_curriculum_pages()
    _lecturers, editors = setup.content_groups(index)
    setup.review_workflow(index, editors)
    subject_page = SubjectPage.objects.get(subject__code="poverty-support")
    subject_page.lecturers.add(lecturer)

    browser_login(page, lecturer, totp=give_totp(lecturer))  # entering the Wagtail admin needs TOTP
    page.goto(f"{live_server.url}/admin/pages/add/curriculum/materialpage/{subject_page.pk}/")
    page.fill("#id_title", "家計の見立てワークシート")
    page.fill("#id_summary", "家計簿から暮らしの見立てを立てる職員向けの演習です。")
    page.fill("#id_edition", "2026年度版")
    page.select_option("#id_audience", "staff")
    # Wagtail copies the title into the (required) slug 100 ms after the title field loses focus;
    # a person never submits that fast, but Playwright does, and the page would come back invalid.
    expect(page.locator("#id_slug")).to_have_value("家計の見立てワークシート")
    click_hidden(page, "button[name=action-submit]")
    page.wait_for_url(lambda url: "/add/" not in url)
    material = MaterialPage.objects.get(title="家計の見立てワークシート")
    assert not material.live and material.current_workflow_state is not None
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button").last.click()

    browser_login(page, editor, totp=give_totp(editor))
    page.goto(f"{live_server.url}/admin/pages/{material.pk}/edit/")
    click_hidden(page, "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])")
    page.wait_for_url(lambda url: "/edit/" not in url)
    material.refresh_from_db()
    assert material.live
    page.goto(f"{live_server.url}/accounts/logout/")
    page.get_by_role("button").last.click()

    page.goto(f"{live_server.url}/curriculum/poverty-support/{material.slug}/")
    assert "/accounts/login/" in page.url  # visitors are sent to sign in

    browser_login(page, staff)
    page.goto(f"{live_server.url}/curriculum/")
    page.fill("#curriculum-q", "家計簿")
    page.get_by_role("button", name="検索").click()
    page.get_by_role("link", name="家計の見立てワークシート").click()
    assert "家計簿から暮らしの見立てを立てる" in page.content()
