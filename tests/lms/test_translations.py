"""Every message people read has its Japanese: the site's catalogue is complete, and the hand-kept
supplement for Wagtail's and Django's own strings only holds strings those packages still use."""

from pathlib import Path

import polib
import wagtail
from django.conf import settings
from django.utils import translation

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_the_sites_catalogue_has_no_untranslated_or_fuzzy_message():
    catalogue = polib.pofile(str(LOCALE / "ja" / "LC_MESSAGES" / "django.po"))
    assert [entry.msgid for entry in catalogue if not entry.obsolete and (not entry.translated() or entry.fuzzy)] == []


def test_the_wagtail_supplement_holds_only_strings_wagtail_still_has():
    """After a Wagtail upgrade a renamed string would silently fall back to English: this catches it."""
    english = set()
    for path in Path(wagtail.__file__).parent.rglob("locale/en/LC_MESSAGES/django*.po"):
        english |= {entry.msgid for entry in polib.pofile(str(path))}
    for name in ("django.po", "djangojs.po"):
        supplement = polib.pofile(str(LOCALE / "wagtail" / "ja" / "LC_MESSAGES" / name))
        assert all(entry.translated() for entry in supplement)
        stale = [entry.msgid for entry in supplement if entry.msgid not in english and entry.msgid != ":"]
        assert stale == [], name


def test_wagtail_and_django_strings_read_japanese():
    with translation.override("ja"):
        assert translation.gettext("Search all pages…") == "すべてのページを検索…"
        assert translation.gettext("Compare") == "比較"
        assert translation.gettext(":") == "："  # Django's label suffix after a Japanese label
    with translation.override("en"):
        assert translation.gettext("Compare") == "Compare"
