"""Forms speak the reader's language to the last option: no list offers Django's "---------"."""

import pytest

from skillpath import services as plan_services

pytestmark = pytest.mark.django_db


def test_no_list_offers_dashes_for_its_empty_choice(world, curriculum, login):
    plan = plan_services.plan_create(person=world.supporter, fiscal_year=2026)
    pages = {
        world.supporter: [f"/plans/{plan.pk}/edit/", "/training/external/new/", "/ojt/individual/new/"],
        world.institute_staff: ["/sessions/new/", "/directory/organisations/new/", "/policies/completion/new/"],
        world.director: ["/directory/people/new/"],
    }
    for person, urls in pages.items():
        client = login(person)
        for url in urls:
            page = client.get(url).content.decode()
            assert "<select" in page or "type=\"radio\"" in page, url
            assert "---------" not in page, url
    assert "（選択してください）" in login(world.institute_staff).get("/sessions/new/").content.decode()
