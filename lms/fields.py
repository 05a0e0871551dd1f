"""Model fields shared by the apps."""

from decimal import Decimal

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

ONE_DECIMAL_PLACE = Decimal("0.1")


class LimitedTextField(models.TextField):
    """Free text with a limit that fits what it is for, stated on the form and enforced everywhere.

    A TextField's max_length only reaches the form widget; here it is also a model validator, so
    services that call full_clean() refuse a 100,000-character reflection as forms do.
    """

    def __init__(self, *args, max_length, **kwargs):
        super().__init__(*args, max_length=max_length, **kwargs)

    @cached_property
    def validators(self):
        return [*super().validators, MaxLengthValidator(self.max_length)]

    def formfield(self, **kwargs):
        field = super().formfield(**kwargs)
        limit = format_lazy(_("Up to {count} characters."), count=self.max_length)
        field.help_text = format_lazy("{} {}", field.help_text, limit) if field.help_text else limit
        return field


class HoursSum(models.Sum):
    """A sum of hours with one decimal place on every database.

    PostgreSQL returns numeric(…,1) sums as 40.0, SQLite returns floats that Django turns into 40:
    the handbook, the ledgers and the charts must show the same figure wherever they run.
    """

    def __init__(self, expression, **extra):
        super().__init__(expression, output_field=models.DecimalField(max_digits=9, decimal_places=1), **extra)

    def get_db_converters(self, connection):
        return [*super().get_db_converters(connection), self._one_decimal_place]

    @staticmethod
    def _one_decimal_place(value, expression, connection):
        return None if value is None else Decimal(value).quantize(ONE_DECIMAL_PLACE)


def length_refusal(model, field_name, value):
    """Why `value` does not fit `model.field_name` (too long), or None."""
    limit = model._meta.get_field(field_name).max_length
    if value and limit and len(value) > limit:
        return _("Keep it to %(limit)s characters (this has %(count)s).") % {"limit": limit, "count": len(value)}
    return None


def plain_number(value):
    """40.0 as "40" and 1.5 as "1.5", never "4E+1" (Decimal.normalize alone gives that)."""
    return format(Decimal(value).normalize(), "f")
