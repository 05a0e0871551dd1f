"""Reads for the curriculum pages: the grid, subject details and material search."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page, WorkflowState

from .models import Ability, Domain, GridCell, MaterialPage, Subject, SubjectPage, Tier
from .rules import renewal_rule


def curriculum_grid():
    """The tier × domain grid of 図表 2-1 with each cell's subjects, and the ten abilities."""
    tiers = list(Tier.objects.all())
    domains = list(Domain.objects.all())
    cells = {(cell.tier_id, cell.domain_id): cell for cell in GridCell.objects.all()}
    subjects = {}
    for subject in Subject.objects.select_related("page").prefetch_related("requirements"):
        subjects.setdefault((subject.tier_id, subject.domain_id), []).append(subject)
    rows = [
        (domain, [(tier, cells.get((tier.pk, domain.pk)), subjects.get((tier.pk, domain.pk), [])) for tier in tiers])
        for domain in domains
    ]
    return {"tiers": tiers, "grid_rows": rows, "abilities": Ability.objects.all()}


def visible_materials(user):
    materials = MaterialPage.objects.live()
    if not user.is_authenticated:
        materials = materials.filter(audience=MaterialPage.Audience.PUBLIC)
    return materials


def subject_details(page, user):
    """Everything a subject page shows, from the curriculum data (one source of truth)."""
    subject = (
        type(page.subject).objects.select_related("tier", "domain")
        .prefetch_related("requirements", "units__abilities", "programme", "renewal_policies")
        .get(pk=page.subject_id)
    )
    materials = list(visible_materials(user).child_of(page).specific().order_by("title"))
    replaced = {material.previous_edition_id for material in materials if material.previous_edition_id}
    days = {}
    for slot in subject.programme.all():
        days.setdefault(slot.day, []).append(slot)
    policy = max(subject.renewal_policies.all(), key=lambda p: p.effective_from, default=None)
    return {
        "subject": subject,
        "programme_days": sorted(days.items()),
        "renewal_policy": policy,
        "renewal_rule": renewal_rule(policy) if policy else "",
        "current_materials": [m for m in materials if m.pk not in replaced],
        "past_editions": [m for m in materials if m.pk in replaced],
        "lecturers": page.lecturers.all(),
        "sessions": subject.sessions.published().prefetch_related("days").order_by("applications_close_on")[:5],
    }


def search_materials(query, user):
    """Search live curriculum pages; visitors who are not signed in never see staff-only material."""
    # Wagtail's index splits on spaces, which Japanese text lacks; substring matches fill the gap.
    contains = Q(title__icontains=query) | Q(summary__icontains=query) | Q(body_text__icontains=query)
    materials = list(visible_materials(user).filter(contains).order_by("title"))
    materials += [page for page in visible_materials(user).search(query) if page not in materials]
    subjects = SubjectPage.objects.live().filter(
        Q(title__icontains=query) | Q(subject__aim__icontains=query) | Q(subject__units__title__icontains=query)
    ).distinct().order_by("path")
    return materials + list(subjects)


_EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


@dataclass
class MaterialOnDesk:
    page: MaterialPage
    in_review: str = ""  # the review task it waits on, or ""
    sent_back: bool = False  # the editors asked for changes

    @property
    def state(self):
        if self.sent_back:
            return _("Sent back for changes")
        if self.in_review:
            return _("In review: %(task)s") % {"task": self.in_review}
        if not self.page.live:
            return _("Draft, not yet submitted")
        if self.page.has_unpublished_changes:
            return _("Published; changes not yet submitted")
        return _("Published")

    @property
    def waiting_on_lecturer(self):
        """Sent back, or a draft or change nobody has sent to review yet: the lecturer's next step."""
        return self.sent_back or (not self.in_review and (not self.page.live or self.page.has_unpublished_changes))


@dataclass
class SubjectOnDesk:
    page: SubjectPage
    materials: list  # the lecturer's next steps first, then the most recently edited
    total: int

    SHOWN = 10


def lecturer_desk(user):
    """The subjects `user` writes for, each with its materials and where they stand in review (three queries)."""
    subjects = list(SubjectPage.objects.filter(lecturers=user).select_related("subject").order_by("path"))
    if not subjects:
        return []
    under_subjects = Q()
    for subject in subjects:
        under_subjects |= Q(path__startswith=subject.path, depth=subject.depth + 1)
    materials = list(
        MaterialPage.objects.filter(under_subjects)
        .only("title", "path", "depth", "live", "has_unpublished_changes", "edition", "latest_revision_created_at")
        .order_by("path")
    )
    # Wagtail counts a workflow the editors sent back as still active; its task is the one that refused.
    reviews = {
        int(state.object_id): state
        for state in WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page), object_id__in=[str(page.pk) for page in materials])
        .select_related("current_task_state__task")
    }

    def on_desk(page):
        review = reviews.get(page.pk)
        if review is None:
            return MaterialOnDesk(page)
        if review.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return MaterialOnDesk(page, sent_back=True)
        return MaterialOnDesk(page, in_review=review.current_task_state.task.name if review.current_task_state else str(_("Submitted")))

    desk = []
    for subject in subjects:
        mine = sorted((on_desk(page) for page in materials if page.path.startswith(subject.path)),
                      key=lambda item: (not item.waiting_on_lecturer, -(item.page.latest_revision_created_at or _EPOCH).timestamp()))
        desk.append(SubjectOnDesk(subject, mine[:SubjectOnDesk.SHOWN], len(mine)))
    return desk


def subject_page_of(page):
    """The subject a page belongs to: itself, or the subject it sits under (None for the index)."""
    page = page.specific
    if isinstance(page, SubjectPage):
        return page
    parent = page.get_parent()
    return parent.specific if parent and isinstance(parent.specific, SubjectPage) else None
