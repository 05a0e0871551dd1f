"""The pages the benchmark measures, as (user, url) pairs."""

import datetime


def pages(*, supporter, director, centre):
    year = datetime.date.today().year if datetime.date.today().month >= 4 else datetime.date.today().year - 1
    return [
        (supporter, "/plans/"),
        (supporter, "/plans/path/"),
        (director, "/plans/"),
        (supporter, "/sessions/"),
        (supporter, "/ojt/"),
        (director, f"/ojt/centre/{centre.pk}/{year}/table/"),
        (supporter, "/certificates/"),
        (director, f"/handbook/{supporter.pk}/"),
        (supporter, "/curriculum/"),
        (director, "/directory/people/"),
        (director, f"/directory/organisations/{centre.pk}/"),
    ]


def fieldwork_pages(*, director, host):
    from fieldwork.models import Placement

    placement = Placement.objects.filter(person=director).first()
    return [
        (director, "/fieldwork/"),
        (director, "/fieldwork/placements/"),
        (director, f"/fieldwork/placements/{placement.pk}/"),
        (host, "/fieldwork/applications/"),
        (host, "/fieldwork/placements/"),
        (host, "/"),
    ]
