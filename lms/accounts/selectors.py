"""Finding people by what a user types."""

from django.contrib.auth import get_user_model
from django.db.models import Q


def people_matching(text):
    """People whose name, reading (kana) or email contains `text`, as a subquery of ids.

    A search box's text is looked for in the people table alone, never OR-ed across a join with
    a larger table, so the database reads the country's staff once rather than testing each row of
    the table being searched.
    """
    if text.isascii():
        fields, lookup = ("last_name", "first_name", "family_name_kana", "given_name_kana", "email"), "icontains"
    else:
        # Kanji and kana have no case, and emails are ASCII: a plain LIKE spares the database an
        # UPPER() of each column on every row of the country's people (most of such a search's time).
        fields, lookup = ("last_name", "first_name", "family_name_kana", "given_name_kana"), "contains"
    matches = Q()
    for field in fields:
        matches |= Q(**{f"{field}__{lookup}": text})
    return get_user_model().objects.filter(matches).values("pk")
