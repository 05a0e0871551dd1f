"""One way to page a list: fifty rows, the page number from ?page=, other filters kept in the links."""

from django.core.paginator import Paginator

PAGE_SIZE = 50


class KnownCountPaginator(Paginator):
    """A paginator told the total (from a stored summary) instead of running COUNT(*) over the list."""

    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


def page_of(request, queryset, size=PAGE_SIZE, count=None):
    """The requested page of `queryset` (the last page for a number past the end, the first for junk).

    Pass `count` when it is already known, to spare the database a COUNT(*) of a national list.
    """
    paginator = Paginator(queryset, size) if count is None else KnownCountPaginator(queryset, size, count=count)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    page.query = query.urlencode()  # the filters, for the links to the other pages
    return page
