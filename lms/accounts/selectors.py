"""Finding people by what a user types."""

from django.contrib.auth import get_user_model
from django.db.models import Q


def people_matching(text):
    """People whose name, reading (kana) or email contains `text`, as a subquery of ids.

    A search box's text is looked for in the people table alone, never OR-ed across a join with
    a larger table, so the database reads the country's staff once rather than testing each row of
    the table being searched.
    """
    if not text.isascii():
        # Kanji and kana have no case: a plain LIKE spares the database an UPPER() of five columns
        # on every row of the country's people (the most of such a search's time).
        names = Q(last_name__contains=text) | Q(first_name__contains=text) | Q(family_name_kana__contains=text) | Q(given_name_kana__contains=text)
        return get_user_model().objects.filter(names).values("pk")
    return get_user_model().objects.filter(
        Q(last_name__icontains=text) | Q(first_name__icontains=text) | Q(email__icontains=text)
        | Q(family_name_kana__icontains=text) | Q(given_name_kana__icontains=text)
    ).values("pk")
