"""Seed 004 part 3 §2 (the 50-hour minimums): /ojt/, /handbook/ and its PDF read one policy, pro-rated alike."""

import datetime
import subprocess
from decimal import Decimal

import pytest

from lms.organisations.models import Job
from tests import factories
from tests.clock import at

pytestmark = pytest.mark.django_db


def test_seed004_part3_an_october_joiner_reads_the_same_prorated_minimum_everywhere(world, login, frozen, tmp_path):
    frozen.move_to(at(datetime.date(2026, 11, 29)), tick=False)
    factories.MinimumHoursPolicyFactory(effective_from=datetime.date(2020, 4, 1), ojt_hours=Decimal("50"), offjt_hours=Decimal("50"))
    joiner = factories.person(world.centre, Job.SUPPORTER_INDIVIDUAL, started_on=datetime.date(2026, 10, 1), email="october@example.jp")
    factories.TrainingRecordFactory(person=joiner, completed_on=datetime.date(2026, 11, 2), hours=Decimal("6"))
    client = login(joiner)
    ledger = client.get("/ojt/").context["ledger"]
    assert ledger.offjt_minimum == Decimal("25")  # six months of twelve
    response = client.get("/handbook/")
    [(_year, _entries, summary)] = response.context["years"]
    assert (summary["minimum"], summary["hours"], summary["prorated"], summary["months"]) == (ledger.offjt_minimum, Decimal("6"), True, 6)
    handbook = response.content.decode()
    assert "2026年10月1日" in handbook and "12 か月中 6 か月" in handbook
    pdf = tmp_path / "handbook.pdf"
    pdf.write_bytes(client.get("/handbook/handbook.pdf").content)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "2026年10月1日" in text and "12 か月中 6 か月" in text and "25" in text


def test_a_policy_change_reaches_the_handbook_without_code(world, login, frozen):
    frozen.move_to(at(datetime.date(2026, 11, 29)), tick=False)
    factories.MinimumHoursPolicyFactory(effective_from=datetime.date(2020, 4, 1), ojt_hours=Decimal("50"), offjt_hours=Decimal("40"))
    factories.TrainingRecordFactory(person=world.supporter, completed_on=datetime.date(2026, 6, 2), hours=Decimal("12"))
    summary = login(world.supporter).get("/handbook/").context["years"][0][2]
    assert summary["minimum"] == Decimal("40") and not summary["prorated"]


def test_seed004_figure_1_12_the_skill_path_names_the_abilities_the_job_needs_most(world, login, curriculum):
    page = login(world.community_supporter).get("/plans/path/").content.decode()
    emphasised = page.split("図表 1-12")[1][:600]
    assert "9." in emphasised and "5." not in emphasised  # community work: 9, not the individual-support 5–7
    from curriculum.setup import ensure_curriculum_pages

    ensure_curriculum_pages()
    index = login(world.community_supporter).get("/curriculum/").content.decode()
    assert "特に必要な職種：センター長・相談支援員（対社会）" in index  # ability 9
