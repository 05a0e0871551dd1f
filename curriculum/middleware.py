"""The admin's views of an understanding test hold its answers (revisions, comparisons, history,
previews), so only the editors and the subject's own lecturers open them. Wagtail's page
permissions are granted on the whole curriculum, and its hooks guard edits, not these views."""

import re

from django.core.exceptions import PermissionDenied

from .models import UnderstandingTestPage
from .selectors import subject_page_of
from .services import can_write_under

ADMIN_PAGE_VIEW = re.compile(r"^/admin/(?:pages|workflow/preview)/(\d+)/")


class TestAnswersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        match = ADMIN_PAGE_VIEW.match(request.path_info)
        if match and request.user.is_authenticated:
            test = UnderstandingTestPage.objects.filter(pk=int(match.group(1))).first()
            if test is not None and not can_write_under(request.user, subject_page_of(test)):
                raise PermissionDenied
        return self.get_response(request)
