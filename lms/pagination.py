"""One way to page a list: fifty rows, the page number from ?page=, other filters kept in the links."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


def page_of(request, queryset, size=PAGE_SIZE):
    """The requested page of `queryset` (the last page for a number past the end, the first for junk)."""
    page = Paginator(queryset, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.query = query.urlencode()  # the filters, for the links to the other pages
    return page
