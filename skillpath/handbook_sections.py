from lms.handbook import HandbookEntry, register

from .selectors import handbook_records


@register
def offjt_entries(person):
    """Every Off-JT training (central, prefectural, related bodies') and its reflection."""
    for record in handbook_records(person):
        counted = record.status == record.Status.VERIFIED
        yield HandbookEntry(
            section="offjt",
            fiscal_year=record.fiscal_year,
            date=record.completed_on,
            title=record.title,
            detail=" / ".join(filter(None, [record.get_kind_display(), record.provider])),
            hours=record.hours if counted else None,
            status=record.get_status_display(),
            url=record.get_absolute_url(),
        )
        reflection = getattr(record, "reflection", None)
        if reflection is not None:
            yield HandbookEntry(
                section="reflection",
                fiscal_year=record.fiscal_year,
                date=reflection.written_at.date(),
                title=record.title,
                detail=reflection.learned[:120],
                url=record.get_absolute_url(),
            )
