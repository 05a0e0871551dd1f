"""Putting a site into service: everything but people, in the order the apps need it."""

from curriculum.setup import set_up_curriculum
from fieldwork.models import EligibilityPolicy
from lms.organisations.setup import load_prefectures
from lms.training.setup import load_outside_courses
from ojt.models import MinimumHoursPolicy


def set_up_site():
    """Idempotent: prefectures, the curriculum with its pages, groups, page rights and review
    workflow, and the site's name. The default policies (minimum hours, fieldwork eligibility,
    renewal per subject) come with the migrations and the curriculum data; this reports them."""
    prefectures = load_prefectures()
    set_up_curriculum()
    return {
        "prefectures": prefectures,
        "outside_courses_added": load_outside_courses(),
        "minimum_hours_policies": MinimumHoursPolicy.objects.count(),
        "eligibility_policies": EligibilityPolicy.objects.count(),
    }
