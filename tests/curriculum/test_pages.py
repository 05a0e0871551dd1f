import re

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Workflow

from curriculum.models import MaterialPage, SubjectPage
from curriculum.services import EDITORS_GROUP, LECTURERS_GROUP
from curriculum.setup import ensure_curriculum_pages
from lms.organisations.models import Job
from tests import factories

pytestmark = pytest.mark.django_db

# 図表 2-1 of seed 004, cell by cell: (domain row, tier column) → the subjects it names.
FIGURE_2_1 = {
    ("core", "common"): ["生活困窮者支援論"],
    ("core", "applied"): ["生活困窮者支援プログラム論"],
    ("core", "supervisor"): ["センター運営論", "スーパービジョン論"],
    ("life", "common"): ["地域生活支援論"],
    ("life", "applied"): [],
    ("life", "supervisor"): [],
    ("social_work", "common"): ["地域福祉援助論"],
    ("social_work", "applied"): ["認知療法", "SST", "エコロジカル・アプローチ法", "コミュニティワーク", "社会資源開発法", "地域福祉学習法"],
    ("social_work", "supervisor"): ["当事者主権の人材育成方法論"],
}


@pytest.fixture
def pages(curriculum):
    index = ensure_curriculum_pages()
    from curriculum import setup

    setup.content_groups(index)
    return index


def cell_texts(client):
    from html.parser import HTMLParser

    class Cells(HTMLParser):
        def __init__(self):
            super().__init__()
            self.cells, self.domain, self.tier, self.text = {}, None, None, []

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "tr" and "data-domain" in attrs:
                self.domain = attrs["data-domain"]
            if tag == "td" and "data-tier" in attrs:
                self.tier, self.text = attrs["data-tier"], []

        def handle_endtag(self, tag):
            if tag == "td" and self.tier:
                self.cells[(self.domain, self.tier)] = "".join(self.text)
                self.tier = None

        def handle_data(self, data):
            if self.tier:
                self.text.append(data)

    parser = Cells()
    parser.feed(client.get("/curriculum/").content.decode())
    return parser.cells


def test_grid_matches_figure_2_1_cell_by_cell(client, pages):
    cells = cell_texts(client)
    all_subject_names = [name for names in FIGURE_2_1.values() for name in names]
    for key, names in FIGURE_2_1.items():
        for name in names:
            assert name in cells[key], (key, name)
        for other in set(all_subject_names) - set(names):
            if not any(other in name for name in names):
                assert other not in cells[key], (key, other)
    # OJT attainment goals sit in the practice row for every tier; fieldwork starts with supervisors.
    for tier in ("common", "applied", "supervisor"):
        assert "到達目標" in cells[("practice", tier)] or "OJT" in cells[("practice", tier)]
    assert "体験・交流型研修" in cells[("fieldwork", "supervisor")]


def test_subject_page_shows_the_curriculum_data(client, pages):
    content = client.get("/curriculum/poverty-support/").content.decode()
    assert "生活困窮者支援論" in content and "18.0" in content
    assert "5年度目の末日まで" in content and "更新講座の受講で更新します" in content  # the renewal rule from the policy data
    assert "バズセッション" in content and "講義" in content  # programme methods
    assert "ミッションの保持と遂行力" in content and "当事者主権" in content  # units mapped to abilities


def material(subject_code, audience, title="教材", body_text="伴走の基本"):
    parent = SubjectPage.objects.get(subject__code=subject_code)
    page = MaterialPage(title=title, slug=f"m-{audience}-{subject_code}", edition="2026年度版", audience=audience,
                        body=[("paragraph", f"<p>{body_text}</p>")])
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_staff_only_material_is_hidden_from_anonymous_visitors_and_search(client, login, world, pages):
    page = material("poverty-support", "staff", title="職員向け演習シート", body_text="秘密の演習")
    response = client.get(page.url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert "職員向け演習シート" not in client.get("/curriculum/search/?q=演習").content.decode()
    assert "職員向け演習シート" not in client.get("/curriculum/poverty-support/").content.decode()
    staff_client = login(world.supporter)
    assert "秘密の演習" in staff_client.get(page.url).content.decode()
    assert "職員向け演習シート" in staff_client.get("/curriculum/search/?q=演習").content.decode()


def test_search_finds_japanese_words_inside_text(client, pages):
    material("community-life-support", "public", title="居場所の教材", body_text="家族会と地域の居場所づくり")
    assert "居場所の教材" in client.get("/curriculum/search/?q=家族会").content.decode()


def test_lecturer_edits_only_assigned_subjects(client, login, world, pages):
    own = material("poverty-support", "public")
    other = material("supervision", "public")
    SubjectPage.objects.get(subject__code="poverty-support").lecturers.add(world.lecturer)
    lecturer = login(world.lecturer)
    assert lecturer.get(f"/admin/pages/{own.pk}/edit/").status_code == 200
    assert lecturer.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403)
    other_parent = SubjectPage.objects.get(subject__code="supervision")
    assert lecturer.get(f"/admin/pages/add/curriculum/materialpage/{other_parent.pk}/").status_code in (302, 403)


def test_content_groups_follow_memberships(world, pages):
    assert world.lecturer.groups.filter(name=LECTURERS_GROUP).exists()
    assert world.editor.groups.filter(name=EDITORS_GROUP).exists()
    assert not world.supporter.groups.exists()
    person = factories.person(world.institute, Job.LECTURER)
    assert person.groups.filter(name=LECTURERS_GROUP).exists()
    person.memberships.all().delete()
    assert not person.groups.filter(name=LECTURERS_GROUP).exists()


def test_review_workflow_keeps_revisions_until_approved(world, pages):
    from curriculum import setup

    setup.review_workflow(pages, Group.objects.get(name=EDITORS_GROUP))
    parent = SubjectPage.objects.get(subject__code="poverty-support")
    page = MaterialPage(title="新しい教材", slug="new-material", edition="2026年度版", audience="public", live=False,
                        body=[("paragraph", "<p>初稿</p>")], owner=world.lecturer)
    parent.add_child(instance=page)
    first = page.save_revision(user=world.lecturer)
    workflow = page.get_workflow()
    assert isinstance(workflow, Workflow) and workflow.name == "教材レビュー"
    state = workflow.start(page, world.lecturer)
    page.refresh_from_db()
    assert not page.live
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, world.editor, "approve")
    page.refresh_from_db()
    assert page.live
    page.body = [("paragraph", "<p>第二稿</p>")]
    page.save_revision(user=world.lecturer)
    assert page.revisions.count() == 2
    first.publish()  # restoring an earlier revision is Wagtail's revert
    page.refresh_from_db()
    assert "初稿" in page.body_text


def test_lecturer_cannot_write_outside_assigned_subjects_by_any_admin_route(login, world, pages):
    """Saving a revision of another subject's page, copying or moving a material there: all refused."""
    from wagtail.models import Page

    own = material("poverty-support", "public")
    SubjectPage.objects.get(subject__code="poverty-support").lecturers.add(world.lecturer)
    other_subject = SubjectPage.objects.get(subject__code="supervision")
    other_lecturer = factories.person(world.institute, Job.LECTURER, email="other.lecturer@example.jp")
    other_subject.lecturers.add(other_lecturer)
    lecturer = login(world.lecturer)
    pages_before, revisions_before = Page.objects.count(), other_subject.revisions.count()

    # Wagtail answers a refusal with a redirect to the dashboard and a message, or with 403.
    response = lecturer.post(f"/admin/pages/{other_subject.pk}/edit/", {"title": "書き換え", "slug": other_subject.slug})
    assert response.status_code in (302, 403) and f"/{other_subject.pk}/" not in response.get("Location", "")
    response = lecturer.post(f"/admin/pages/{own.pk}/copy/", {
        "new_title": "写し", "new_slug": "copy-under-other", "new_parent_page": other_subject.pk,
    })
    assert response.status_code in (302, 403)
    assert lecturer.post(f"/admin/pages/{own.pk}/move/{other_subject.pk}/confirm/").status_code in (302, 403)

    assert Page.objects.count() == pages_before and other_subject.revisions.count() == revisions_before
    own.refresh_from_db()
    assert own.get_parent().pk == SubjectPage.objects.get(subject__code="poverty-support").pk
    # Within their own subject the lecturer still copies.
    response = lecturer.post(f"/admin/pages/{own.pk}/copy/", {
        "new_title": "自分の写し", "new_slug": "own-copy", "new_parent_page": own.get_parent().pk,
    })
    assert response.status_code == 302 and MaterialPage.objects.filter(slug="own-copy").exists()


def test_seed004_renewal_rule_is_written_with_its_years_and_the_day_timetable_is_not_called_an_annual_plan(client, pages):
    content = client.get("/curriculum/poverty-support/").content.decode()
    assert "修了した年度の翌年度から数えて5年度目の末日まで有効です" in content
    assert "N年度目" not in content
    assert "プログラム（時間割）" in content and "年間計画" not in content


def test_seed004_fieldwork_is_recommended_for_the_supervisor_tier_not_compulsory(client, pages):
    from curriculum.models import Subject
    from lms.organisations.models import Job

    fieldwork = Subject.objects.get(code="fieldwork")
    assert not fieldwork.is_required_for({Job.DIRECTOR, Job.SUPERVISOR})
    assert fieldwork.recommended_jobs == [Job.DIRECTOR, Job.SUPERVISOR]
    content = client.get("/curriculum/fieldwork/").content.decode()
    assert "必修ではありません" in content and "センター長" in content


def test_figure_2_1_the_life_domain_names_the_prefectural_social_welfare_training(client, login, world, pages):
    """図表 2-1's row for 生活関連 across every tier: the prefecture's 社会福祉行政職員研修 and related bodies' courses."""
    def row(response):
        return response.content.decode().split('class="outside-training" data-domain="life"')[1].split("</tr>")[0]

    public = row(client.get("/curriculum/"))
    assert "社会福祉行政職員研修" in public and "社会福祉関係団体等" in public and 'colspan="3"' in public
    assert "/training/outside-courses/" not in public  # the catalogue is for signed-in staff only
    assert "/training/outside-courses/?domain=" in row(login(world.supporter).get("/curriculum/"))


def test_seed004_hours_say_whether_the_guideline_gives_them(client, pages):
    """図表 2-4 gives 生活困窮者支援論's timetable; スーパービジョン論 has a syllabus only (図表 2-9), so its hours are the institute's."""
    from curriculum.models import Subject

    assert client.get("/curriculum/poverty-support/").content.decode().count("ガイドラインの数値：図表 2-4") == 1
    assert "研修所が設定：ガイドラインに時間割がないため" in client.get("/curriculum/centre-management/").content.decode()
    assert "研修所が設定" in client.get("/curriculum/supervision/").content.decode()
    assert Subject.objects.get(code="supervision").hours_source == Subject.HoursSource.INSTITUTE


def test_the_institute_editors_set_subject_hours_in_the_admin_and_lecturers_cannot(login, world, pages):
    from curriculum.models import Subject

    subject = Subject.objects.get(code="supervision")
    url = f"/admin/snippets/curriculum/subject/edit/{subject.pk}/"
    form = {"standard_hours": "13.5", "days": "2", "hours_source": "institute", "hours_source_note": "2024年度の委員会で決定"}
    lecturer = login(world.lecturer)
    assert lecturer.post(url, form).status_code in (302, 403)
    subject.refresh_from_db()
    assert subject.standard_hours == 12
    editor = login(world.editor)
    assert editor.get(url).status_code == 200
    assert editor.post(url, form).status_code == 302
    subject.refresh_from_db()
    assert (subject.standard_hours, subject.hours_source_note) == (13.5, "2024年度の委員会で決定")
    assert "2024年度の委員会で決定" in editor.get("/curriculum/supervision/").content.decode()
    # Editors change the hours only: adding or deleting subjects stays with the curriculum data.
    assert editor.get("/admin/snippets/curriculum/subject/add/").status_code in (302, 403)


def test_loading_the_curriculum_again_keeps_the_hours_the_institute_set(pages):
    from curriculum.loader import load_curriculum
    from curriculum.models import Subject

    Subject.objects.filter(code="supervision").update(standard_hours=7.5, hours_source_note="委員会で決定")
    load_curriculum()
    subject = Subject.objects.get(code="supervision")
    assert (subject.standard_hours, subject.hours_source_note) == (7.5, "委員会で決定")


def test_nobody_adds_or_deletes_subjects_in_the_admin(login, pages):
    from curriculum.models import Subject

    admin = factories.UserFactory(is_superuser=True, is_staff=True, email="root@example.jp")
    client = login(admin)
    subject = Subject.objects.get(code="supervision")
    assert client.get("/admin/snippets/curriculum/subject/add/").status_code in (302, 403)
    assert client.post(f"/admin/snippets/curriculum/subject/delete/{subject.pk}/").status_code in (302, 403)
    assert Subject.objects.filter(pk=subject.pk).exists()
    assert client.get(f"/admin/snippets/curriculum/subject/edit/{subject.pk}/").status_code == 200


def test_the_lecturers_dashboard_lists_their_subjects_and_where_each_material_stands(login, world, pages, django_assert_max_num_queries):
    from curriculum import setup

    setup.review_workflow(pages, Group.objects.get(name=EDITORS_GROUP))
    own = SubjectPage.objects.get(subject__code="poverty-support")
    own.lecturers.add(world.lecturer)
    published = material("poverty-support", "public", title="公開済みの教材")
    published.body = [("paragraph", "<p>改訂中</p>")]
    published.save_revision(user=world.lecturer)  # a change not yet sent to review
    in_review = MaterialPage(title="審査中の教材", slug="in-review", edition="2026年度版", audience="public", live=False, owner=world.lecturer)
    own.add_child(instance=in_review)
    in_review.save_revision(user=world.lecturer)
    in_review.get_workflow().start(in_review, world.lecturer)
    draft = MaterialPage(title="書きかけの教材", slug="draft", edition="2026年度版", audience="public", live=False, owner=world.lecturer)
    own.add_child(instance=draft)
    draft.save_revision(user=world.lecturer)
    sent_back = MaterialPage(title="差し戻された教材", slug="sent-back", edition="2026年度版", audience="public", live=False, owner=world.lecturer)
    own.add_child(instance=sent_back)
    sent_back.save_revision(user=world.lecturer)
    state = sent_back.get_workflow().start(sent_back, world.lecturer)
    state.current_task_state.task.specific.on_action(state.current_task_state, world.editor, "reject")
    material("supervision", "public", title="他の科目の教材")

    lecturer = login(world.lecturer)
    page = lecturer.get("/admin/").content.decode()
    assert "担当科目" in page and own.subject.name in page and "他の科目の教材" not in page
    assert f"/admin/pages/add/curriculum/materialpage/{own.pk}/" in page or f"/admin/pages/{own.pk}/add_subpage/" in page
    rows = {title: state for title, state in re.findall(r'>([^<]+)</a></td>\s*<td>[^<]*</td>\s*<td>(?:<strong>)?([^<]+)<', page)}
    assert rows == {"公開済みの教材": "公開中・変更は審査に未提出", "審査中の教材": "審査中：編集委員会の承認", "書きかけの教材": "下書き（審査に未提出）",
                    "差し戻された教材": "差し戻し（修正が必要）"}  # Wagtail still calls a sent-back workflow active
    assert "3 件の教材があなたの対応を待っています" in page
    assert set(list(rows)[:3]) == {"差し戻された教材", "書きかけの教材", "公開済みの教材"}  # what waits on the lecturer comes first
    # Wagtail's own words on the dashboard read Japanese too.
    assert "すべてのページを検索" in page and "Search all pages" not in page and ">Help<" not in page
    # The panel costs the same whatever the number of materials.
    with django_assert_max_num_queries(60) as baseline:
        lecturer.get("/admin/")
    for number in range(5):
        extra = MaterialPage(title=f"追加{number}", slug=f"extra-{number}", edition="2026年度版", audience="public", live=False)
        own.add_child(instance=extra)
        extra.save_revision(user=world.lecturer).publish()
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        lecturer.get("/admin/")


def test_an_editor_or_lecturer_without_subjects_gets_no_empty_panel(login, world, pages):
    assert "担当科目" not in login(world.editor).get("/admin/").content.decode()
