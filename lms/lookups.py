"""`field__any_of=[…]`: membership in a long list of values as one parameter.

Django's `__in` writes one placeholder a value; with the ten thousand holders a broad search
finds, PostgreSQL spent 30 ms planning the statement. `= ANY(%s)` passes the list as one array.
Other databases get `IN`, as `__in` would write it.
"""

from django.db.models import Field, ForeignObject, Lookup


@Field.register_lookup
@ForeignObject.register_lookup  # a relation keeps lookups of its own
class AnyOf(Lookup):
    lookup_name = "any_of"
    prepare_rhs = False

    def get_prep_lookup(self):
        if self.rhs is None or isinstance(self.rhs, (str, bytes)) or hasattr(self.rhs, "resolve_expression"):
            # A queryset belongs in __in (a subquery); None usually means "everyone" to the caller.
            raise ValueError(f"__any_of takes a list of values, not {type(self.rhs).__name__}.")
        return [self.lhs.output_field.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return "1 = 0", []
        placeholders = ", ".join(["%s"] * len(self.rhs))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *self.rhs]

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]
