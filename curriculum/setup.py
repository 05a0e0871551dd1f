"""What a production site needs in Wagtail before anyone signs in: the curriculum pages under the
site's root, the lecturers' and editors' groups with their rights, and the review workflow.
Every function is idempotent; `manage.py setup_site` calls them, and so does `seed_demo`."""

from urllib.parse import urlsplit

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

from .loader import load_curriculum
from .models import CurriculumIndexPage, Subject, SubjectPage
from .services import EDITORS_GROUP, LECTURERS_GROUP, sync_content_groups


def _permission(app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def content_groups(index):
    """The lecturers' and editors' groups, with their rights under the curriculum index (idempotent)."""
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
    # The editors keep each subject's hours and their source (Subject hours in the admin).
    editors.permissions.add(_permission("curriculum", "change_subject"), _permission("curriculum", "view_subject"))
    # People who became lecturers or editors before the groups existed.
    for user in get_user_model().objects.filter(memberships__job__in=["lecturer", "institute_editor"]).distinct():
        sync_content_groups(user)
    return lecturers, editors


def review_workflow(index, editors):
    """Material pages under the curriculum are published after the editors approve them."""
    workflow, _ = Workflow.objects.get_or_create(name="教材レビュー")
    task = GroupApprovalTask.objects.filter(name="編集委員会の承認").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="編集委員会の承認")
    task.groups.set([editors])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    # Wagtail's migrations create an English "Moderators approval" workflow on the site root. The
    # curriculum uses the one above; the default is named in Japanese, so the reports and history
    # screens editors read stay Japanese.
    Workflow.objects.filter(name="Moderators approval").update(name="既定の承認（Wagtail 標準）")
    GroupApprovalTask.objects.filter(name="Moderators approval").update(name="管理者の承認（Wagtail 標準）")


def ensure_curriculum_pages():
    """The index under the site's root page and one page per subject (idempotent)."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        # A database emptied without Wagtail's initial pages (e.g. between transactional tests).
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        site = Site.objects.create(hostname="localhost", port=80, root_page=root, is_default_site=True, site_name=settings.WAGTAIL_SITE_NAME)
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


def name_the_site():
    """The default Wagtail site answers at SITE_URL's host under the site's name, not "localhost"."""
    address = urlsplit(settings.SITE_URL)
    site = Site.objects.get(is_default_site=True)
    site.site_name = settings.WAGTAIL_SITE_NAME
    site.hostname = address.hostname or "localhost"
    site.port = address.port or (443 if address.scheme == "https" else 80)
    site.save()
    return site


def set_up_curriculum():
    """The curriculum data, its pages, the content groups and the review workflow."""
    load_curriculum()
    index = ensure_curriculum_pages()
    name_the_site()
    _lecturers, editors = content_groups(index)
    review_workflow(index, editors)
    return index
