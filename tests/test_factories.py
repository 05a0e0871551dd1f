"""Every model the tests build has a factory, and each factory makes a row the database accepts."""

import inspect

import factory
import pytest
from django.apps import apps
from wagtail.models import Page

from tests import factories

pytestmark = pytest.mark.django_db
OUR_APPS = {"accounts", "organisations", "audit", "curriculum", "training", "skillpath", "ojt", "fieldwork", "certificates"}
FACTORIES = [
    member for _name, member in inspect.getmembers(factories, inspect.isclass)
    if issubclass(member, factory.django.DjangoModelFactory) and member is not factory.django.DjangoModelFactory
]


def test_every_model_has_a_factory():
    covered = {f._meta.model for f in FACTORIES}
    # Wagtail pages are made the way editors make them (curriculum.setup.ensure_curriculum_pages).
    models = {m for m in apps.get_models() if m._meta.app_label in OUR_APPS and not issubclass(m, Page)}
    assert models - covered == set()


@pytest.mark.parametrize("model_factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_makes_a_valid_row(model_factory, curriculum):
    obj = model_factory()
    obj.refresh_from_db()
    assert obj.pk is not None
