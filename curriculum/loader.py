"""Load the curriculum from fixtures/curriculum.json; running it again changes nothing."""

import json
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Ability, Domain, GridCell, ProgrammeSlot, RenewalPolicy, Subject, SubjectRequirement, SyllabusUnit, Tier

CURRICULUM_FILE = Path(settings.BASE_DIR) / "fixtures" / "curriculum.json"
# The common-tier core subject's five-year rule applies from the guideline's adoption.
DEFAULT_RENEWAL_EFFECTIVE_FROM = "2015-04-01"


def _bilingual(item, *fields):
    values = {}
    for field in fields:
        values[field] = item.get(field, "") or ""
        values[f"{field}_en"] = item.get(f"{field}_en", "") or ""
    return values


@transaction.atomic
def load_curriculum(path=CURRICULUM_FILE):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    tiers = {}
    for item in data["tiers"]:
        tiers[item["code"]], _ = Tier.objects.update_or_create(
            code=item["code"],
            defaults={"order": item["order"], **_bilingual(item, "name", "description", "ojt_goal")},
        )
    domains = {}
    for item in data["domains"]:
        domains[item["code"]], _ = Domain.objects.update_or_create(
            code=item["code"],
            defaults={"order": item["order"], "delivery": item["delivery"], **_bilingual(item, "name", "description", "outside_training")},
        )
    abilities = {}
    for item in data["abilities"]:
        abilities[item["number"]], _ = Ability.objects.update_or_create(
            number=item["number"],
            defaults={
                "required_for_all": item.get("required_for_all", False),
                "key_for_jobs": item.get("key_for_jobs", []),
                **_bilingual(item, "name", "description"),
            },
        )
    for item in data["grid"]:
        GridCell.objects.update_or_create(
            tier=tiers[item["tier"]], domain=domains[item["domain"]], defaults=_bilingual(item, "text"),
        )
    for order, item in enumerate(data["subjects"], start=1):
        _load_subject(item, order, tiers, domains, abilities)
    return {
        "tiers": len(tiers), "domains": len(domains), "abilities": len(abilities),
        "subjects": len(data["subjects"]),
    }


def _load_subject(item, order, tiers, domains, abilities):
    required_jobs = item.get("required_jobs", [])
    data = {
        "tier": tiers[item["tier"]],
        "domain": domains[item["domain"]],
        "group": item.get("group", ""),
        "order": order,
        "required_for_all": "all" in required_jobs,
        "optional": item.get("optional", False),
        "recommended_jobs": item.get("recommended_jobs", []),
        "capacity": item.get("capacity"),
        "capacity_max": item.get("capacity_max"),
        "min_experience_years": item.get("min_experience_years"),
        "cascade_required": item.get("cascade_required", False),
        **_bilingual(item, "name", "aim"),
    }
    # The hours are the data file's only until the institute's editors set them in the admin
    # (Subject hours): loading again must not undo their decision.
    hours = {
        "standard_hours": Decimal(str(item["standard_hours"])), "days": item.get("days") or 1,
        "hours_source": item.get("hours_source", Subject.HoursSource.INSTITUTE), "hours_source_note": item.get("hours_source_note", ""),
    }
    subject, _ = Subject.objects.update_or_create(code=item["code"], defaults=data, create_defaults={**data, **hours})
    jobs = {job for job in required_jobs if job != "all"}
    subject.requirements.exclude(job__in=jobs).delete()
    for job in jobs:
        SubjectRequirement.objects.get_or_create(subject=subject, job=job)

    unit_orders = []
    for unit_item in item.get("syllabus", []):
        unit, _ = SyllabusUnit.objects.update_or_create(
            subject=subject, order=unit_item["order"], defaults=_bilingual(unit_item, "title", "content"),
        )
        unit.abilities.set([abilities[number] for number in unit_item.get("abilities", [])])
        unit_orders.append(unit.order)
    subject.units.exclude(order__in=unit_orders).delete()

    slot_keys = []
    for slot_item in item.get("programme", []):
        slot, _ = ProgrammeSlot.objects.update_or_create(
            subject=subject, day=slot_item["day"], starts_at=slot_item["start"],
            defaults={"ends_at": slot_item["end"], "method": slot_item["method"], **_bilingual(slot_item, "topic")},
        )
        slot_keys.append(slot.pk)
    subject.programme.exclude(pk__in=slot_keys).delete()

    if item.get("renewal_years"):
        RenewalPolicy.objects.get_or_create(
            subject=subject,
            effective_from=DEFAULT_RENEWAL_EFFECTIVE_FROM,
            defaults={
                "period_years": item["renewal_years"],
                "basis": RenewalPolicy.Basis.FISCAL_YEAR,
                "window_months": 12,
                "after_lapse": RenewalPolicy.AfterLapse.FULL_COURSE,
                "note": "既定: 修了した年度の翌年度から数えて5年度目の末日まで",
            },
        )
