"""Lecturers write only under the subjects they are assigned to; editors set subject hours.

Wagtail's page permissions are per tree, and lecturers need "add" and "change" on the whole
curriculum to reach their own subjects; these hooks narrow every way of writing a page (create,
edit and revert, copy, move, delete, bulk actions) to the subjects assigned to the lecturer.
Editors and superusers write anywhere.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.components import Component
from wagtail.models import Page
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from lms.http import id_param
from lms.organisations.access import access_for

from .models import Subject
from .selectors import lecturer_desk, subject_page_of
from .services import can_write_under, may_read_document


@hooks.register("before_serve_document")
def documents_follow_the_pages_that_use_them(document, request):
    """Course documents are served only through this site (WAGTAILDOCS_SERVE_METHOD), after this check."""
    if may_read_document(request.user, document):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied


def _require_assigned(request, page):
    if page is None or not can_write_under(request.user, subject_page_of(page)):
        raise PermissionDenied


@hooks.register("before_create_page")
def only_assigned_subjects_on_create(request, parent_page, page_class):
    _require_assigned(request, parent_page)


@hooks.register("before_edit_page")
def only_assigned_subjects_on_edit(request, page):
    _require_assigned(request, page)


@hooks.register("before_delete_page")
def only_assigned_subjects_on_delete(request, page):
    _require_assigned(request, page)


@hooks.register("before_move_page")
def only_assigned_subjects_on_move(request, page, destination):
    _require_assigned(request, page)
    _require_assigned(request, destination)


@hooks.register("before_copy_page")
def only_assigned_subjects_on_copy(request, page):
    _require_assigned(request, page)
    if request.method == "POST":
        destination_id = id_param(request.POST.get("new_parent_page")) if request.POST.get("new_parent_page") else page.get_parent().pk
        destination = Page.objects.filter(pk=destination_id).first() if destination_id is not None else None
        _require_assigned(request, destination)


@hooks.register("before_bulk_action")
def only_editors_act_on_many_pages(request, action_type, objects, action_class_instance):
    if action_type == "page" and not access_for(request.user).is_editor:
        raise PermissionDenied


class ChangeOnly(ModelPermissionPolicy):
    """Subjects are edited here, never added or deleted (that is the data file's job), whoever asks."""

    def user_has_permission(self, user, action):
        return action not in ("add", "delete") and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class SubjectHoursViewSet(SnippetViewSet):
    """The institute's editors set each subject's hours and days, and say where the figures come
    from (the guideline, or the institute); everything else about a subject comes from the data file."""

    model = Subject
    icon = "time"
    menu_label = _("Subject hours")
    add_to_admin_menu = True
    copy_view_enabled = False
    inspect_view_enabled = False
    list_display = ["name", "tier", "standard_hours", "days", "hours_source"]
    list_filter = ["tier", "hours_source"]
    panels = [FieldPanel("standard_hours"), FieldPanel("days"), FieldPanel("hours_source"), FieldPanel("hours_source_note")]


register_permission_policy(Subject, ChangeOnly(Subject))
register_snippet(SubjectHoursViewSet)


class LecturerDeskPanel(Component):
    """The lecturer's first screen: their subjects, each material's review state, and what waits on them."""

    name = "lecturer_desk"
    template_name = "curriculum/admin/lecturer_desk.html"
    order = 50  # above Wagtail's own panels

    def __init__(self, desk):
        self.desk = desk

    def get_context_data(self, parent_context):
        waiting = sum(material.waiting_on_lecturer for subject in self.desk for material in subject.materials)
        return {"desk": self.desk, "waiting": waiting}


@hooks.register("construct_homepage_panels")
def add_lecturer_desk(request, panels):
    if desk := lecturer_desk(request.user):
        panels.append(LecturerDeskPanel(desk))
