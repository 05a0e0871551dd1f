from django.utils.translation import get_language


class BilingualMixin:
    """Content stored in Japanese with an `<field>_en` twin; English shows the twin when set."""

    def tr(self, field):
        japanese = getattr(self, field)
        if (get_language() or "ja").startswith("en"):
            return getattr(self, f"{field}_en", "") or japanese
        return japanese
