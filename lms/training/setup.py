"""The starting catalogue of outside courses (図表 2-1), from the same data file as the curriculum."""

import json

from django.db import transaction

from curriculum.loader import CURRICULUM_FILE
from curriculum.models import Domain

from .models import OutsideCourse


@transaction.atomic
def load_outside_courses(path=CURRICULUM_FILE):
    """Add the guideline's outside courses once; courses already there (by title and organiser) are left as the institute keeps them."""
    data = json.loads(path.read_text(encoding="utf-8"))
    domains = {domain.code: domain for domain in Domain.objects.all()}
    added = 0
    for item in data.get("outside_courses", []):
        _course, created = OutsideCourse.objects.get_or_create(
            title=item["title"], provider=item["provider"],
            defaults={
                "kind": item["kind"], "domain": domains.get(item.get("domain")), "description": item.get("description", ""),
                "recognised": item.get("recognised", False),
            },
        )
        added += created
    return added
