"""Demo organisations and people: an institute, two prefectures, three centres, ~30 staff."""

import datetime

from django.contrib.auth import get_user_model

from .models import Job, Membership, Organisation, Prefecture

DEMO_PASSWORD = "demo-pass-2026"
# A fixed TOTP secret for the demo institute accounts, so a new user can sign in
# (`python manage.py demo_totp` prints the current code). Never used outside demo data.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

INSTITUTE_NAME = "伴走型支援人材育成研修機構"

CENTRES = [
    # key, name, prefecture code
    ("kita", "北九州市総合相談支援センター", 40),
    ("fuku", "福岡市東区総合相談支援センター", 40),
    ("nerima", "練馬区総合相談支援センター", 13),
]

FAMILY_NAMES = [
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田",
    "佐々木", "山口", "松本", "井上", "木村", "林", "清水", "山崎", "森", "池田", "橋本", "阿部",
    "石川", "前田", "藤田", "小川", "岡田", "後藤", "長谷川", "村上",
]
GIVEN_NAMES = [
    "陽子", "健一", "美咲", "大輔", "由美", "翔太", "直子", "誠", "彩", "拓也", "恵", "浩二",
    "真理", "亮", "香織", "聡", "麻衣", "修", "智子", "剛", "裕子", "学", "舞", "隆",
    "千尋", "宏", "沙織", "稔", "遥", "淳", "紀子", "徹",
]

# Staff per centre: (email suffix, jobs, years since starting). A director who is also the
# supervisor and an OJT coordinator who is also a supporter show that one person holds several jobs.
STAFF_PATTERNS = {
    "kita": [
        ("director", [Job.DIRECTOR], 9),
        ("supervisor", [Job.SUPERVISOR], 7),
        ("coordinator", [Job.SUPPORTER_INDIVIDUAL, Job.OJT_COORDINATOR], 5),
        ("supporter1", [Job.SUPPORTER_INDIVIDUAL], 4),
        ("supporter2", [Job.SUPPORTER_INDIVIDUAL], 3),
        ("supporter3", [Job.SUPPORTER_INDIVIDUAL], 2),
        ("supporter4", [Job.SUPPORTER_COMMUNITY], 6),
        ("supporter5", [Job.SUPPORTER_COMMUNITY], 1),
        ("supporter6", [Job.SUPPORTER_INDIVIDUAL], 0),
        ("clerk", [Job.CLERICAL], 3),
    ],
    "fuku": [
        ("director", [Job.DIRECTOR], 6),
        ("supervisor", [Job.SUPERVISOR], 8),
        ("coordinator", [Job.SUPPORTER_COMMUNITY, Job.OJT_COORDINATOR], 4),
        ("supporter1", [Job.SUPPORTER_INDIVIDUAL], 5),
        ("supporter2", [Job.SUPPORTER_INDIVIDUAL], 2),
        ("supporter3", [Job.SUPPORTER_COMMUNITY], 3),
        ("supporter4", [Job.SUPPORTER_INDIVIDUAL], 1),
        ("supporter5", [Job.SUPPORTER_INDIVIDUAL], 7),
        ("supporter6", [Job.SUPPORTER_COMMUNITY], 2),
        ("clerk", [Job.CLERICAL], 5),
    ],
    "nerima": [
        ("director", [Job.DIRECTOR, Job.SUPERVISOR], 10),
        ("coordinator", [Job.SUPPORTER_INDIVIDUAL, Job.OJT_COORDINATOR], 6),
        ("supporter1", [Job.SUPPORTER_INDIVIDUAL], 3),
        ("supporter2", [Job.SUPPORTER_INDIVIDUAL], 4),
        ("supporter3", [Job.SUPPORTER_COMMUNITY], 2),
        ("supporter4", [Job.SUPPORTER_COMMUNITY], 1),
        ("supporter5", [Job.SUPPORTER_INDIVIDUAL], 5),
        ("clerk", [Job.CLERICAL], 2),
    ],
}


def _user(email, family, given, **extra):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        email=email, defaults={"last_name": family, "first_name": given, **extra},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _membership(user, organisation, job, started_on):
    Membership.objects.get_or_create(
        user=user, organisation=organisation, job=job, defaults={"started_on": started_on},
    )


def _start_date(today, years):
    # Everyone started on 1 April, the start of a fiscal year, `years` years ago.
    year = today.year - years if today.month >= 4 else today.year - years - 1
    return datetime.date(year, 4, 1)


def seed(today):
    """Create the demo organisations and people; returns a dict of named objects for other apps."""
    fukuoka, tokyo = Prefecture.objects.get(code=40), Prefecture.objects.get(code=13)
    institute, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.INSTITUTE, name=INSTITUTE_NAME, defaults={"prefecture": tokyo},
    )
    centres = {}
    for key, name, prefecture_code in CENTRES:
        centres[key], _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.CENTRE, name=name, defaults={"prefecture_id": prefecture_code},
        )
    # The Kitakyushu centre is an advanced centre that also hosts fieldwork placements.
    Organisation.objects.filter(pk=centres["kita"].pk).update(is_fieldwork_host=True)
    related_body, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.RELATED_BODY, name="家計改善支援ネットワーク福岡",
        defaults={"prefecture": fukuoka, "is_fieldwork_host": True},
    )
    fukuoka_office, _ = Organisation.objects.get_or_create(kind=Organisation.Kind.PREFECTURE, name="福岡県", defaults={"prefecture": fukuoka})
    Organisation.objects.get_or_create(kind=Organisation.Kind.PREFECTURE, name="東京都", defaults={"prefecture": tokyo})

    names = iter(zip(FAMILY_NAMES * 2, GIVEN_NAMES[3:] + GIVEN_NAMES))
    people = {}
    for key, pattern in STAFF_PATTERNS.items():
        for suffix, jobs, years in pattern:
            family, given = next(names)
            user = _user(f"{key}.{suffix}@example.jp", family, given)
            for job in jobs:
                _membership(user, centres[key], job, _start_date(today, years))
            people[f"{key}.{suffix}"] = user

    admin = _user("admin@example.jp", "管理", "花子", is_staff=True, is_superuser=True)
    _membership(admin, institute, Job.INSTITUTE_STAFF, datetime.date(2020, 4, 1))
    editor = _user("editor@example.jp", "編集", "一郎")
    _membership(editor, institute, Job.INSTITUTE_EDITOR, datetime.date(2021, 4, 1))
    lecturer1 = _user("lecturer1@example.jp", "講師", "和子")
    _membership(lecturer1, institute, Job.LECTURER, datetime.date(2022, 4, 1))
    lecturer2 = _user("lecturer2@example.jp", "指導", "正樹")
    _membership(lecturer2, institute, Job.LECTURER, datetime.date(2023, 4, 1))
    host = _user("host@example.jp", "受入", "良子")
    _membership(host, related_body, Job.HOST_SUPERVISOR, datetime.date(2022, 4, 1))
    # Fukuoka prefecture's training officer reads the prefecture's two centres and their staff.
    prefecture_officer = _user("pref.fukuoka@example.jp", "県庁", "真理")
    _membership(prefecture_officer, fukuoka_office, Job.PREFECTURE_OFFICER, datetime.date(2023, 4, 1))
    # Kitakyushu's supervisor is also trained as a lecturer and supervises the placements the centre hosts.
    _membership(people["kita.supervisor"], institute, Job.LECTURER, datetime.date(2024, 4, 1))
    _membership(people["kita.supervisor"], centres["kita"], Job.HOST_SUPERVISOR, datetime.date(2024, 4, 1))
    # Institute staff pass TOTP for every page, lecturers to enter the Wagtail admin.
    for admin_user in (admin, editor, lecturer1, lecturer2, people["kita.supervisor"]):
        _ensure_totp(admin_user)
    people.update({"admin": admin, "editor": editor, "lecturer1": lecturer1, "lecturer2": lecturer2, "host": host, "pref.fukuoka": prefecture_officer})
    return {
        "today": today, "institute": institute, "centres": centres, "related_body": related_body,
        "people": people,
    }


def _ensure_totp(user):
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
        RecoveryCodes.activate(user)
