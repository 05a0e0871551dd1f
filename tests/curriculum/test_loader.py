import json

import pytest
from django.core.management import call_command

from curriculum.loader import CURRICULUM_FILE, load_curriculum
from curriculum.models import Ability, GridCell, ProgrammeSlot, RenewalPolicy, Subject, SyllabusUnit
from lms.organisations.models import Job

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "subjects": list(Subject.objects.values().order_by("code")),
        "units": list(SyllabusUnit.objects.values("subject__code", "order", "title").order_by("subject__code", "order")),
        "unit_abilities": sorted(SyllabusUnit.abilities.through.objects.values_list("syllabusunit_id", "ability_id")),
        "slots": list(ProgrammeSlot.objects.values().order_by("pk")),
        "cells": list(GridCell.objects.values().order_by("pk")),
        "policies": list(RenewalPolicy.objects.values().order_by("pk")),
    }


def test_loading_twice_leaves_the_same_data():
    call_command("load_curriculum", verbosity=0)
    first = snapshot()
    call_command("load_curriculum", verbosity=0)
    assert snapshot() == first


def test_every_subject_in_the_file_is_loaded_with_its_rules(curriculum):
    data = json.loads(CURRICULUM_FILE.read_text(encoding="utf-8"))
    assert Subject.objects.count() == len(data["subjects"])
    assert GridCell.objects.count() == 15
    assert Ability.objects.filter(required_for_all=True).count() == 4
    core = Subject.objects.get(name="生活困窮者支援論")
    assert core.tier.code == "common" and core.domain.code == "core" and core.required_for_all
    assert core.renewal_policies.get().period_years == 5
    assert core.units.count() >= 5 and core.programme.exists()


def test_required_subjects_follow_jobs(curriculum):
    programme = Subject.objects.get(name="生活困窮者支援プログラム論")
    assert programme.is_required_for({Job.SUPPORTER_INDIVIDUAL})
    assert not programme.is_required_for({Job.CLERICAL})
    assert programme.cascade_required
    management = Subject.objects.get(name="センター運営論")
    assert management.is_required_for({Job.DIRECTOR}) and not management.is_required_for({Job.SUPERVISOR})
    core = Subject.objects.get(name="生活困窮者支援論")
    assert core.is_required_for({Job.CLERICAL})
    assert not core.is_required_for({Job.LECTURER})


def test_a_removed_unit_disappears_on_reload(tmp_path):
    data = json.loads(CURRICULUM_FILE.read_text(encoding="utf-8"))
    load_curriculum()
    subject = data["subjects"][0]
    before = SyllabusUnit.objects.filter(subject__code=subject["code"]).count()
    subject["syllabus"] = subject["syllabus"][:-1]
    path = tmp_path / "curriculum.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    load_curriculum(path)
    assert SyllabusUnit.objects.filter(subject__code=subject["code"]).count() == before - 1
