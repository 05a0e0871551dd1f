"""The organisation data a production site starts with."""

from django.core.management import call_command

from .models import Prefecture


def load_prefectures():
    """The 47 prefectures (fixtures/prefectures.json); loading again changes nothing."""
    call_command("loaddata", "fixtures/prefectures.json", verbosity=0)
    return Prefecture.objects.count()
