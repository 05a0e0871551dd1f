"""A host with its supervisor, a published offer, and helpers that move a placement along.

Time is frozen on Monday 11 May 2026 (FY2026); the offer runs from June to December and the
standard blocks are two working weeks each in June, July and September.
"""

import datetime
from dataclasses import dataclass

import pytest

from fieldwork import rules, services
from fieldwork.models import Offer
from lms.organisations.models import Job, Organisation
from tests import factories

TODAY = datetime.date(2026, 5, 11)
STANDARD_BLOCKS = [
    rules.BlockDates(1, datetime.date(2026, 6, 8), datetime.date(2026, 6, 19)),
    rules.BlockDates(2, datetime.date(2026, 7, 6), datetime.date(2026, 7, 17)),
    rules.BlockDates(3, datetime.date(2026, 9, 7), datetime.date(2026, 9, 18)),
]


def make_offer(host, supervisor, **extra):
    fields = {
        "title": "家計改善支援の現場で学ぶ", "themes": "家計表を使った面談", "supervision": "ブロックごとの振り返り面談",
        "places": 2, "available_from": datetime.date(2026, 6, 1), "available_until": datetime.date(2026, 12, 25),
        "applications_close_on": datetime.date(2026, 5, 31), "status": Offer.Status.PUBLISHED,
        **extra,
    }
    return Offer.objects.create(host=host, supervisor=supervisor, created_by=supervisor, **fields)


@dataclass
class Fieldwork:
    host: Organisation
    host_supervisor: object
    other_host_supervisor: object
    offer: Offer

    def nominate(self, person, by):
        return services.nominate(offer=self.offer, person=person, by=by, reason="連携の仕組みを学ぶため")

    def accepted(self, person, by):
        return services.nomination_accept(placement=self.nominate(person, by), by=self.host_supervisor)

    def scheduled(self, person, by, blocks=STANDARD_BLOCKS):
        placement = self.accepted(person, by)
        services.blocks_schedule(placement=placement, by=self.host_supervisor, dates=blocks)
        return placement


@pytest.fixture
def fw(world):
    host = factories.OrganisationFactory(kind=Organisation.Kind.RELATED_BODY, name="家計改善支援テスト団体", is_fieldwork_host=True)
    other_host = factories.OrganisationFactory(kind=Organisation.Kind.RELATED_BODY, name="別の受入団体", is_fieldwork_host=True)
    host_supervisor = factories.person(host, Job.HOST_SUPERVISOR, email="host@example.jp", last_name="受入", first_name="良子")
    other = factories.person(other_host, Job.HOST_SUPERVISOR, email="other.host@example.jp")
    return Fieldwork(host=host, host_supervisor=host_supervisor, other_host_supervisor=other, offer=make_offer(host, host_supervisor))
