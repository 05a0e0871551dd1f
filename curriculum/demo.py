"""Demo content in Wagtail: lecturers assigned to their subjects and the course materials."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model

from .models import MaterialPage, SubjectPage

MATERIALS_DIR = Path(settings.BASE_DIR) / "fixtures" / "materials"
LECTURER_SUBJECTS = {
    "lecturer1@example.jp": ["poverty-support", "community-social-work"],
    "lecturer2@example.jp": ["community-life-support", "support-programme"],
    "kita.supervisor@example.jp": ["supervision"],
}


def _materials(editor):
    User = get_user_model()
    for path in sorted(MATERIALS_DIR.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        subject_page = SubjectPage.objects.get(subject__code=data["subject"])
        if MaterialPage.objects.filter(slug=data["slug"]).exists():
            continue
        page = MaterialPage(
            title=data["title"], slug=data["slug"], summary=data["summary"], edition=data["edition"],
            audience=data["audience"], body=json.dumps(data["body"], ensure_ascii=False),
            owner=User.objects.filter(email=data.get("lecturer_email")).first(),
        )
        subject_page.add_child(instance=page)
        page.save_revision(user=page.owner).publish(user=editor)
    for page in MaterialPage.objects.all():
        older = MaterialPage.objects.filter(slug=f"{page.slug}-2025").first()
        if older and page.previous_edition_id != older.pk:
            page.previous_edition = older
            page.save_revision().publish()


def seed(context):
    """Lecturers on their subjects and the demo materials (the pages and groups come from setup_site)."""
    User = get_user_model()
    for email, codes in LECTURER_SUBJECTS.items():
        lecturer = User.objects.get(email=email)
        for page in SubjectPage.objects.filter(subject__code__in=codes):
            page.lecturers.add(lecturer)
    _materials(context["people"]["editor"])
