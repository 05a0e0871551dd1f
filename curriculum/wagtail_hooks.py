"""Lecturers write only under the subjects they are assigned to."""

from django.core.exceptions import PermissionDenied
from wagtail import hooks

from .models import MaterialPage, SubjectPage
from .services import can_write_under


def _subject_page_of(page):
    if isinstance(page, SubjectPage):
        return page
    parent = page.get_parent()
    return parent.specific if parent and isinstance(parent.specific, SubjectPage) else None


@hooks.register("before_create_page")
def only_assigned_subjects_on_create(request, parent_page, page_class):
    if page_class is MaterialPage and not can_write_under(request.user, _subject_page_of(parent_page.specific)):
        raise PermissionDenied


@hooks.register("before_edit_page")
def only_assigned_subjects_on_edit(request, page):
    specific = page.specific
    if isinstance(specific, MaterialPage) and not can_write_under(request.user, _subject_page_of(specific)):
        raise PermissionDenied
