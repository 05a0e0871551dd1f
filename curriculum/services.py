"""Writes for the curriculum content: who may edit which subject's pages in the Wagtail admin."""

from django.contrib.auth.models import Group

from lms.organisations.access import access_for
from lms.organisations.models import Job, Membership

LECTURERS_GROUP = "Lecturers"
EDITORS_GROUP = "Editors"


def sync_content_groups(user):
    """Keep a person's Wagtail groups in step with their current lecturer and editor memberships."""
    jobs = set(Membership.objects.current().filter(user=user).values_list("job", flat=True))
    for name, job in ((LECTURERS_GROUP, Job.LECTURER), (EDITORS_GROUP, Job.INSTITUTE_EDITOR)):
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        if job in jobs:
            user.groups.add(group)
        else:
            user.groups.remove(group)


def can_write_under(user, subject_page):
    """Editors write anywhere in the curriculum; a lecturer only under subjects assigned to them."""
    if access_for(user).is_editor:
        return True
    return subject_page is not None and subject_page.lecturers.filter(pk=user.pk).exists()


def may_read_document(user, document):
    """A course document (slides, a PDF) follows the pages that use it (Wagtail's reference index):
    anyone may read one used by a live public material, anyone signed in one used by a live
    staff-only material; otherwise only who may write the pages that use it, its uploader and the
    editors. Document ids are sequential: without this every upload would be public."""
    from wagtail.models import ReferenceIndex

    from .models import MaterialPage
    from .selectors import subject_page_of

    if access_for(user).is_editor or (user.is_authenticated and document.uploaded_by_user_id == user.pk):
        return True
    for page, _references in ReferenceIndex.get_references_to(document).group_by_source_object():
        page = getattr(page, "specific", page)
        if isinstance(page, MaterialPage) and page.live and (page.audience == MaterialPage.Audience.PUBLIC or user.is_authenticated):
            return True
        if user.is_authenticated and hasattr(page, "get_parent") and can_write_under(user, subject_page_of(page)):
            return True
    return False
