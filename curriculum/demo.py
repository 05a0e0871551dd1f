"""The curriculum section in Wagtail: index, a page per subject, demo materials, groups and the review workflow."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import CurriculumIndexPage, MaterialPage, Subject, SubjectPage
from .services import EDITORS_GROUP, LECTURERS_GROUP, sync_content_groups

MATERIALS_DIR = Path(settings.BASE_DIR) / "fixtures" / "materials"
LECTURER_SUBJECTS = {
    "lecturer1@example.jp": ["poverty-support", "community-social-work"],
    "lecturer2@example.jp": ["community-life-support", "support-programme"],
    "kita.supervisor@example.jp": ["supervision"],
}


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _groups(index):
    lecturers, _ = Group.objects.get_or_create(name=LECTURERS_GROUP)
    editors, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    admin_access = _permission("wagtailadmin", "access_admin")
    root_collection = Collection.get_first_root_node() or Collection.add_root(name="Root")
    for group, page_perms in ((lecturers, ["add_page", "change_page"]), (editors, ["add_page", "change_page", "publish_page"])):
        group.permissions.add(admin_access)
        for codename in page_perms:
            GroupPagePermission.objects.get_or_create(group=group, page=index, permission=_permission("wagtailcore", codename))
        for app, codename in (("wagtaildocs", "add_document"), ("wagtaildocs", "choose_document"), ("wagtailimages", "add_image"), ("wagtailimages", "choose_image")):
            GroupCollectionPermission.objects.get_or_create(group=group, collection=root_collection, permission=_permission(app, codename))
    # People who became lecturers or editors before the groups existed.
    for user in get_user_model().objects.filter(memberships__job__in=["lecturer", "institute_editor"]).distinct():
        sync_content_groups(user)
    return lecturers, editors


def _workflow(index, editors):
    workflow, _ = Workflow.objects.get_or_create(name="教材レビュー")
    task = GroupApprovalTask.objects.filter(name="編集委員会の承認").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="編集委員会の承認")
    task.groups.set([editors])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})


def ensure_curriculum_pages():
    """The index under the site's root page and one page per subject (idempotent)."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        # A database emptied without Wagtail's initial pages (e.g. between transactional tests).
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        site = Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True, site_name="LMS")
    root = site.root_page
    index = CurriculumIndexPage.objects.first()
    if index is None:
        index = CurriculumIndexPage(
            title="カリキュラム", slug="curriculum",
            intro="<p>伴走型支援を担う職員のための研修体系です。共通・応用・指導者の三つのレベルと五つの研修領域から成り、職務に応じて必修科目が決まっています。</p>",
        )
        root.add_child(instance=index)
        index.save_revision().publish()
    for subject in Subject.objects.filter(page__isnull=True):
        page = SubjectPage(title=subject.name, slug=subject.code, subject=subject)
        index.add_child(instance=page)
        page.save_revision().publish()
    return index


def _materials(editor):
    User = get_user_model()
    for path in sorted(MATERIALS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        subject_page = SubjectPage.objects.get(subject__code=data["subject"])
        if MaterialPage.objects.filter(slug=data["slug"]).exists():
            continue
        page = MaterialPage(
            title=data["title"], slug=data["slug"], summary=data["summary"], edition=data["edition"],
            audience=data["audience"], body=json.dumps(data["body"], ensure_ascii=False),
            owner=User.objects.filter(email=data.get("lecturer_email")).first(),
        )
        subject_page.add_child(instance=page)
        page.save_revision(user=page.owner).publish(user=editor)
    for page in MaterialPage.objects.all():
        older = MaterialPage.objects.filter(slug=f"{page.slug}-2025").first()
        if older and page.previous_edition_id != older.pk:
            page.previous_edition = older
            page.save_revision().publish()


def seed(context):
    index = ensure_curriculum_pages()
    lecturers, editors = _groups(index)
    _workflow(index, editors)
    User = get_user_model()
    for email, codes in LECTURER_SUBJECTS.items():
        lecturer = User.objects.get(email=email)
        for page in SubjectPage.objects.filter(subject__code__in=codes):
            page.lecturers.add(lecturer)
    _materials(context["people"]["editor"])
