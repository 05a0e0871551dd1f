"""Staff import: encodings, every kind of bad row (nothing written, each problem by line and
column in Japanese), re-import changing nothing, a changed row updating that person."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from lms.audit.models import AuditEntry
from lms.audit.selectors import history_of
from lms.directory import importing, services
from lms.directory.models import StaffImport
from lms.organisations.models import Job, Membership, Organisation
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.today("2027-03-10")]
User = get_user_model()

HEADER_JA = "メールアドレス,姓,名,姓カナ,名カナ,所属,職種,着任日,退任日"
HEADER_EN = "email,family_name,given_name,family_name_kana,given_name_kana,centre,job,started_on,ended_on"


def csv_bytes(lines, encoding="utf-8-sig"):
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def three_staff(centre):
    return [
        HEADER_JA,
        f"sato.hanako@example.jp,佐藤,花子,サトウ,ハナコ,{centre.name},センター長,2027-04-01,",
        f"suzuki.ichiro@example.jp,鈴木,一郎,スズキ,イチロウ,{centre.name},相談支援員（対個人）,令和9年4月1日,",
        f"takahashi.jiro@example.jp,高橋,次郎,,,{centre.pk},clerical,2027/4/1,2028-03-31",
    ]


def check(by, data, filename="staff.csv"):
    return services.import_check(by=by, filename=filename, data=data)


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    """Confirm an import and let the outbox run it, as the worker does once the request commits."""
    def confirm(staff_import, by):
        with django_capture_on_commit_callbacks(execute=True):
            services.import_confirm(staff_import=staff_import, by=by)
        staff_import.refresh_from_db()
        return staff_import
    return confirm


@pytest.fixture
def run(confirm):
    def run(by, data):
        staff_import, errors = check(by, data)
        assert errors == [], [str(error) for error in errors]
        return confirm(staff_import, by)
    return run


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp932", "shift_jis"])
def test_each_encoding_excel_saves_imports_the_same_three_people(world, encoding, mailoutbox, run):
    staff_import = run(world.institute_staff, csv_bytes(three_staff(world.centre), encoding))
    assert staff_import.status == StaffImport.Status.DONE
    assert (staff_import.created, staff_import.updated, staff_import.unchanged) == (3, 0, 0)
    sato = User.objects.get(email="sato.hanako@example.jp")
    assert (sato.last_name, sato.first_name, sato.family_name_kana, sato.given_name_kana) == ("佐藤", "花子", "サトウ", "ハナコ")
    assert not sato.has_usable_password()
    jobs = {m.user.email: (m.job, m.started_on, m.ended_on) for m in Membership.objects.filter(organisation=world.centre, started_on__year=2027)}
    assert jobs == {
        "sato.hanako@example.jp": (Job.DIRECTOR, datetime.date(2027, 4, 1), None),
        "suzuki.ichiro@example.jp": (Job.SUPPORTER_INDIVIDUAL, datetime.date(2027, 4, 1), None),
        "takahashi.jiro@example.jp": (Job.CLERICAL, datetime.date(2027, 4, 1), datetime.date(2028, 3, 31)),
    }
    # Each new person is invited to set a password, with a link to allauth's password form.
    assert sorted(message.to[0] for message in mailoutbox) == ["sato.hanako@example.jp", "suzuki.ichiro@example.jp", "takahashi.jiro@example.jp"]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_english_headers_in_any_order_are_read(world, run):
    lines = ["job,email,centre,started_on,given_name,family_name", f"supervisor,ito.saburo@example.jp,{world.centre.name},2027-04-01,三郎,伊藤"]
    run(world.institute_staff, csv_bytes(lines, "utf-8"))
    assert Membership.objects.get(user__email="ito.saburo@example.jp").job == Job.SUPERVISOR


def messages_of(errors):
    return [str(error) for error in errors]


BAD_ROWS = [
    # (the row's cells after the email, the column named, words of the message)
    ("佐藤,花子,,,存在しないセンター,センター長,2027-04-01,", "所属", "存在しないセンター"),
    ("佐藤,花子,,,{centre},所長,2027-04-01,", "職種", "所長"),
    ("佐藤,花子,,,{centre},センター長,2027-02-29,", "着任日", "2027-02-29"),  # 2027 is not a leap year
    ("佐藤,花子,,,{centre},センター長,2027-13-01,", "着任日", "2027-13-01"),
    ("佐藤,花子,,,{centre},センター長,令和元年4月1日,", "着任日", "令和元年4月1日"),  # the era began on 1 May 2019
    ("佐藤,花子,,,{centre},センター長,明日,", "着任日", "明日"),
    ("佐藤,花子,,,{centre},センター長,,", "着任日", "空欄"),
    ("佐藤,花子,,,{centre},センター長,2027-04-01,2027-03-31", "退任日", "着任日より前"),
    (",花子,,,{centre},センター長,2027-04-01,", "姓", "空欄"),
]


@pytest.mark.parametrize(("cells", "column", "words"), BAD_ROWS, ids=[row[1] + ":" + row[2] for row in BAD_ROWS])
def test_one_bad_row_imports_nothing_and_names_its_line_and_column(world, cells, column, words):
    lines = three_staff(world.centre) + ["kato.shiro@example.jp," + cells.format(centre=world.centre.name)]
    users, jobs = User.objects.count(), Membership.objects.count()
    staff_import, errors = check(world.institute_staff, csv_bytes(lines))
    assert staff_import is None
    assert len(errors) == 1
    message = str(errors[0])
    assert message.startswith(f"5 行目・{column}: "), message
    assert words in message, message
    assert (User.objects.count(), Membership.objects.count(), StaffImport.objects.count()) == (users, jobs, 0)


def test_every_problem_is_listed_not_just_the_first(world):
    lines = [
        HEADER_JA,
        f"a@example.jp,佐藤,花子,,,{world.centre.name},センター長,2027-04-01,",
        f"not-an-address,鈴木,一郎,,,{world.centre.name},センター長,2027-04-01,",
        f"A@example.jp,高橋,次郎,,,{world.centre.name},センター長,2027-04-01,",  # the same address in capitals
        f"b@example.jp,伊藤,三郎,,,{world.centre.name},所長,2027-02-29,",
    ]
    staff_import, errors = check(world.institute_staff, csv_bytes(lines))
    assert staff_import is None
    assert messages_of(errors) == [
        "3 行目・メールアドレス: 「not-an-address」はメールアドレスではありません。",
        "4 行目・メールアドレス: このメールアドレスは 2 行目にもあり、氏名が違います。同じ人の行は同じ氏名にしてください。",
        "5 行目・職種: 「所長」は相談支援センターの職種ではありません。職種は次のとおりです：" + "、".join(
            str(job.label) for job in Job if job.value in importing.job_names()),
        "5 行目・着任日: 「2027-02-29」は実在する日付ではありません（2027-04-01 または 令和9年4月1日 の形で書いてください）。",
    ]


def test_a_person_with_two_jobs_has_two_rows_but_a_repeated_row_is_refused(world, run):
    lines = three_staff(world.centre) + [f"suzuki.ichiro@example.jp,鈴木,一郎,スズキ,イチロウ,{world.other_centre.name},相談支援員（対社会）,2027-04-01,"]
    staff_import = run(world.institute_staff, csv_bytes(lines))
    assert (staff_import.created, staff_import.updated, staff_import.unchanged) == (3, 0, 0)
    assert set(Membership.objects.filter(user__email="suzuki.ichiro@example.jp").values_list("organisation__name", "job")) == {
        (world.centre.name, Job.SUPPORTER_INDIVIDUAL), (world.other_centre.name, Job.SUPPORTER_COMMUNITY),
    }
    repeated = three_staff(world.centre) + [three_staff(world.centre)[2].replace("令和9年4月1日", "2027-04-01")]
    _, errors = check(world.institute_staff, csv_bytes(repeated))
    assert messages_of(errors) == ["5 行目・メールアドレス: この方のこの職務は 3 行目にもあります（同じ着任日）。"]


def test_a_missing_column_is_named_and_nothing_is_read(world):
    lines = ["メールアドレス,姓,名,所属,着任日", f"a@example.jp,佐藤,花子,{world.centre.name},2027-04-01"]
    staff_import, errors = check(world.institute_staff, csv_bytes(lines))
    assert messages_of(errors) == ["1 行目・職種: 「職種」（job）の列がありません。"]


def test_a_file_in_another_encoding_or_empty_is_refused_with_a_reason(world):
    _, errors = check(world.institute_staff, "メールアドレス".encode("utf-16"))
    assert "UTF-8" in str(errors[0]) and "Shift_JIS" in str(errors[0])
    _, errors = check(world.institute_staff, b"")
    assert messages_of(errors) == ["1 行目: ファイルが空です。"]
    _, errors = check(world.institute_staff, csv_bytes([HEADER_JA]))
    assert messages_of(errors) == ["1 行目: 見出し行だけで、データの行がありません。"]


def test_importing_the_same_file_twice_changes_nothing(world, mailoutbox, run, confirm):
    data = csv_bytes(three_staff(world.centre))
    run(world.institute_staff, data)
    people_history = AuditEntry.objects.exclude(content_type__model="staffimport")
    entries, mails = people_history.count(), len(mailoutbox)
    staff_import, errors = check(world.institute_staff, data)
    assert (staff_import.created, staff_import.updated, staff_import.unchanged) == (0, 0, 3)
    confirm(staff_import, world.institute_staff)
    assert (people_history.count(), len(mailoutbox)) == (entries, mails)
    # The import itself has its history: confirmed by its uploader, then done by the site.
    assert [(entry.action, entry.actor) for entry in history_of(staff_import)] == [("queued", world.institute_staff), ("done", None)]
    assert Membership.objects.filter(user__email__in=["sato.hanako@example.jp"]).count() == 1


def test_a_changed_row_updates_that_person_and_records_before_and_after(world, run, confirm):
    run(world.institute_staff, csv_bytes(three_staff(world.centre)))
    lines = three_staff(world.centre)
    lines[1] = lines[1].replace("佐藤,花子", "佐藤,華子")
    lines[2] = lines[2].replace("令和9年4月1日,", "令和9年4月1日,2027-09-30")
    staff_import, _ = check(world.institute_staff, csv_bytes(lines))
    assert (staff_import.created, staff_import.updated, staff_import.unchanged) == (0, 2, 1)
    confirm(staff_import, world.institute_staff)
    assert User.objects.get(email="sato.hanako@example.jp").first_name == "華子"
    assert Membership.objects.get(user__email="suzuki.ichiro@example.jp").ended_on == datetime.date(2027, 9, 30)
    renamed = AuditEntry.objects.filter(object_id=User.objects.get(email="sato.hanako@example.jp").pk, action="imported").last()
    assert renamed.detail["changes"] == {"first_name": ["花子", "華子"]} and renamed.actor == world.institute_staff


def test_a_director_imports_only_into_their_own_centre(world):
    _, errors = check(world.director, csv_bytes(three_staff(world.other_centre)))
    assert len(errors) == 3 and all(f"{world.other_centre.name} には取り込めません" in str(error) for error in errors)
    staff_import, errors = check(world.director, csv_bytes(three_staff(world.centre)))
    assert errors == [] and staff_import.created == 3


def test_a_director_cannot_import_someone_who_belongs_elsewhere(world):
    """Naming another centre's person (or an administrator) would give this centre their records."""
    for email in (world.other_supporter.email, world.institute_staff.email.upper()):
        lines = [HEADER_JA, f"{email},{world.other_supporter.last_name},{world.other_supporter.first_name},,,{world.centre.name},相談支援員（対個人）,2027-04-01,"]
        _, errors = check(world.director, csv_bytes(lines))
        assert len(errors) == 1 and "研修機関だけです" in str(errors[0]) and str(errors[0]).startswith("2 行目・メールアドレス")


def test_an_address_in_full_width_or_capitals_is_the_same_person(world, run):
    run(world.institute_staff, csv_bytes(three_staff(world.centre)))
    lines = three_staff(world.centre)
    lines[1] = lines[1].replace("sato.hanako@example.jp", "ＳＡＴＯ.ｈａｎａｋｏ@Example.jp")
    staff_import, errors = check(world.institute_staff, csv_bytes(lines))
    assert errors == [] and (staff_import.created, staff_import.unchanged) == (0, 3)


def test_a_cell_too_long_for_csv_is_a_row_error_not_a_crash(world, login):
    lines = three_staff(world.centre) + ["x@example.jp," + "長" * 200_000 + f",花子,,,{world.centre.name},センター長,2027-04-01,"]
    _, errors = check(world.institute_staff, csv_bytes(lines))
    assert errors and str(errors[0]).startswith("5 行目")
    upload = SimpleUploadedFile("big.csv", csv_bytes(lines), content_type="text/csv")
    response = login(world.institute_staff).post("/directory/imports/new/", {"file": upload})
    assert response.status_code == 200 and "何も取り込んでいません" in response.content.decode()
    nul = three_staff(world.centre) + [f"y@example.jp,佐\x00藤,花子,,,{world.centre.name},センター長,2027-04-01,"]
    assert "制御文字" in str(check(world.institute_staff, csv_bytes(nul))[1][0])


def test_names_a_spreadsheet_would_run_survive_the_export_and_the_import(world, run, login):
    lines = [HEADER_JA, f"formula@example.jp,=HYPERLINK(\"http://x\"),-太郎,,,{world.centre.name},事務員,2027-03-01,"]
    run(world.institute_staff, csv_bytes(lines))
    person = User.objects.get(email="formula@example.jp")
    assert (person.last_name, person.first_name) == ('=HYPERLINK("http://x")', "-太郎")
    response = login(world.institute_staff).get(f"/directory/people/export.csv?centre={world.centre.pk}")
    assert "'=HYPERLINK" in response.content.decode("utf-8-sig")  # neutralised for spreadsheets
    staff_import, errors = check(world.institute_staff, response.content)
    assert errors == [] and staff_import.created == 0 and staff_import.updated == 0


def test_a_prefectural_office_oversees_and_imports_into_no_centre_as_it_adds_nobody(world, login):
    """One rule for import, add, edit and end (docs/decisions/0004): a prefecture reads its centres' staff only."""
    office = factories.OrganisationFactory(kind=Organisation.Kind.PREFECTURE, name="福岡県庁")
    officer = factories.person(office, Job.PREFECTURE_OFFICER)
    with pytest.raises(PermissionDenied):
        check(officer, csv_bytes(three_staff(world.centre)))
    client = login(officer)
    assert client.get("/directory/imports/new/").status_code == 403
    assert client.get("/directory/people/new/").status_code == 403
    assert client.get("/directory/people/").status_code == 200  # it still reads them


def test_a_closed_centre_takes_no_new_staff(world):
    world.centre.closed_on = datetime.date(2027, 1, 1)
    world.centre.save()
    _, errors = check(world.institute_staff, csv_bytes(three_staff(world.centre)))
    assert len(errors) == 3 and "閉鎖" in str(errors[0])


def test_the_data_changing_between_check_and_import_imports_nothing(world, confirm):
    staff_import, _ = check(world.institute_staff, csv_bytes(three_staff(world.centre)))
    Organisation.objects.filter(pk=world.centre.pk).update(name="改名したセンター")
    confirm(staff_import, world.institute_staff)
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.FAILED and len(staff_import.errors) == 2
    assert not User.objects.filter(email="sato.hanako@example.jp").exists()


def test_the_export_reads_back_as_an_import_that_changes_nothing(world, login, run):
    run(world.institute_staff, csv_bytes(three_staff(world.centre)))
    response = login(world.institute_staff).get(f"/directory/people/export.csv?centre={world.centre.pk}")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert data.startswith(b"\xef\xbb\xbf" + HEADER_JA.encode())
    staff_import, errors = check(world.institute_staff, data)
    assert errors == []
    assert (staff_import.created, staff_import.updated) == (0, 0) and staff_import.unchanged == Membership.objects.current().filter(organisation=world.centre).values("user").distinct().count()


@pytest.mark.parametrize(("text", "expected"), [
    ("2027-04-01", datetime.date(2027, 4, 1)),
    ("2027/4/1", datetime.date(2027, 4, 1)),
    ("２０２７－０４－０１", datetime.date(2027, 4, 1)),
    ("令和9年4月1日", datetime.date(2027, 4, 1)),
    ("令和９年４月１日", datetime.date(2027, 4, 1)),
    ("令和元年5月1日", datetime.date(2019, 5, 1)),
    ("令和元年4月30日", None),  # still 平成
    ("平成31年4月30日", datetime.date(2019, 4, 30)),
    ("平成31年5月1日", None),  # already 令和
    ("令和8年2月29日", None),  # 2026 is not a leap year
    ("令和10年2月29日", datetime.date(2028, 2, 29)),
    ("2028-02-29", datetime.date(2028, 2, 29)),
    ("2027-03-31", datetime.date(2027, 3, 31)),
    ("2027-04-31", None),
    ("R9.4.1", None),
])
def test_dates_are_read_in_western_and_era_forms(text, expected):
    assert importing.parse_date(text) == expected


def test_the_command_checks_with_dry_run_and_imports_all_or_nothing(world, tmp_path, capsys, django_capture_on_commit_callbacks):
    good = tmp_path / "staff.csv"
    good.write_bytes(csv_bytes(three_staff(world.centre), "cp932"))
    call_command("import_staff", str(good), "--dry-run")
    assert "新規 3 人" in capsys.readouterr().out and not User.objects.filter(email="sato.hanako@example.jp").exists()
    call_command("import_staff", str(good))
    assert User.objects.filter(email__in=["sato.hanako@example.jp", "suzuki.ichiro@example.jp", "takahashi.jiro@example.jp"]).count() == 3
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes(three_staff(world.centre) + ["x@example.jp,佐藤,花子,,,どこか,センター長,2027-04-01,"]))
    with pytest.raises(CommandError, match="1 件の問題"):
        call_command("import_staff", str(bad))
    assert "5 行目・所属" in capsys.readouterr().err
    assert not User.objects.filter(email="x@example.jp").exists()


def test_a_confirmed_import_runs_on_the_worker_and_the_page_follows_it(celery_worker, world, login):
    """Through the broker to a real worker (Redis in CI): the page shows the queued import, then the result."""
    import time

    staff_import, errors = check(world.director, csv_bytes(three_staff(world.centre), "cp932"))
    client = login(world.director)
    response = client.post(f"/directory/imports/{staff_import.pk}/confirm/")
    assert response.status_code == 302
    deadline = time.monotonic() + 30
    while StaffImport.objects.get(pk=staff_import.pk).status != StaffImport.Status.DONE and time.monotonic() < deadline:
        time.sleep(0.2)
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.DONE and staff_import.created == 3
    assert "取り込みました。" in client.get(f"/directory/imports/{staff_import.pk}/").content.decode()
    assert Membership.objects.filter(organisation=world.centre, user__email="sato.hanako@example.jp").exists()


def test_a_director_reimports_their_own_export_when_someone_there_also_lectures_for_the_institute(world, login):
    """The supervisor also lectures (a job at the institute): their unchanged row is no reason to refuse the file."""
    factories.MembershipFactory(user=world.supervisor, organisation=world.institute, job=Job.LECTURER, started_on=datetime.date(2024, 4, 1))
    response = login(world.director).get(f"/directory/people/export.csv?centre={world.centre.pk}")
    data = b"".join(response.streaming_content) if response.streaming else response.content
    staff_import, errors = check(world.director, data)
    assert [str(error) for error in errors] == []
    assert (staff_import.created, staff_import.updated) == (0, 0)
    # Renaming them, though, is still the institute's: they belong elsewhere too.
    renamed = data.decode("utf-8-sig").replace(world.supervisor.first_name, "改名", 1).encode("utf-8-sig")
    assert len(check(world.director, renamed)[1]) == 1
