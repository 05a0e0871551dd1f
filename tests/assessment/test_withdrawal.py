"""A participant withdrawn after the first day loses nothing: the lecturer still reads and marks
what they sent, and they still read it, but send nothing more."""

import pytest
from django.core.exceptions import ValidationError

from lms.assessment import services as assessment
from lms.assessment.models import Report
from lms.training import services
from tests.clock import at

from .conftest import LAST_DAY

pytestmark = pytest.mark.django_db


def test_a_withdrawn_participants_report_stays_with_the_lecturer_and_readable_by_them(world, course, login, frozen):
    frozen.move_to(at(LAST_DAY), tick=False)
    assessment.report_submit(enrolment=course.mine, by=world.supporter, text="三日間で学んだこと")
    services.enrolment_withdraw(enrolment=course.mine, by=world.institute_staff, reason="所属変更")
    report = Report.objects.get(enrolment=course.mine)

    listed = login(world.lecturer).get(f"/sessions/{course.pk}/report/")
    assert str(world.supporter) in listed.content.decode()
    assessment.report_accept(report=report, by=world.lecturer, feedback="")  # still marked

    client = login(world.supporter)
    own = client.get(f"/sessions/{course.pk}/report/")
    assert own.status_code == 200 and "三日間で学んだこと" in own.content.decode()
    assert client.get(f"/sessions/{course.pk}/tests/").status_code == 200
    with pytest.raises(ValidationError):
        assessment.report_submit(enrolment=course.mine, by=world.supporter, text="もう一度")




def test_a_withdrawn_participants_report_is_accepted_or_left_but_never_returned_for_resubmission(world, course, login, frozen):
    frozen.move_to(at(LAST_DAY), tick=False)
    report = assessment.report_submit(enrolment=course.mine, by=world.supporter, text="本文")
    services.enrolment_withdraw(enrolment=course.mine, by=world.institute_staff, reason="所属変更")
    with pytest.raises(ValidationError):
        assessment.report_return(report=report, by=world.lecturer, feedback="事例を加えて")
    page = login(world.lecturer).get(f"/sessions/{course.pk}/report/{report.pk}/").content.decode()
    assert "受講を中止しています" in page and 'value="return"' not in page
    listed = login(world.lecturer).get(f"/sessions/{course.pk}/report/").content.decode()
    assert "受講中止（研修機関が記録）" in listed
