"""Fieldwork demo: two hosts and their offers, a placement under way, one completed, one nomination waiting.

Dates are relative to today so the demo always shows a block in progress. Written through the
models, as the other demos are: the services refuse, rightly, goals set after a block started.
"""

import datetime
import itertools

from lms import clock
from lms.audit.services import record
from lms.fiscal import fiscal_year
from lms.organisations.models import Organisation, Prefecture

from . import rules
from .models import Block, DailyLog, HostInvitation, Offer, Placement

DEMO_INVITATION_TOKEN = "demo-invitation-tokyo"
DAY = datetime.timedelta(days=1)


def _monday(day):
    return day - datetime.timedelta(days=day.weekday())


def _offer(host, supervisor, created_by, title, start, end, close, status, publisher=None, **extra):
    offer, created = Offer.objects.get_or_create(
        host=host, title=title,
        defaults={
            "supervisor": supervisor, "created_by": created_by, "available_from": start, "available_until": end,
            "applications_close_on": close, "status": status, "places": extra.pop("places", 2),
            "published_at": clock.now() if status in (Offer.Status.PUBLISHED, Offer.Status.CLOSED) else None,
            "announced_at": clock.now() if status in (Offer.Status.PUBLISHED, Offer.Status.CLOSED) else None,
            **extra,
        },
    )
    if created:
        record(offer, Offer.AuditAction.CREATED, created_by, to_status=Offer.Status.DRAFT)
        if status != Offer.Status.DRAFT:
            record(offer, Offer.Status.PROPOSED, created_by, from_status=Offer.Status.DRAFT, to_status=Offer.Status.PROPOSED)
        if status in (Offer.Status.PUBLISHED, Offer.Status.CLOSED):
            record(offer, Offer.Status.PUBLISHED, publisher, from_status=Offer.Status.PROPOSED, to_status=Offer.Status.PUBLISHED)
        if status == Offer.Status.CLOSED:
            record(offer, Offer.Status.CLOSED, created_by, from_status=Offer.Status.PUBLISHED, to_status=Offer.Status.CLOSED)
    return offer


def _placement(offer, person, centre, director, status, reason, **extra):
    placement = Placement.objects.create(
        offer=offer, person=person, centre=centre, nominated_by=director, status=status, nomination_reason=reason, **extra,
    )
    record(placement, Placement.AuditAction.NOMINATED, director, note=reason)
    if status != Placement.Status.NOMINATED:
        placement.decided_by, placement.decided_at = offer.supervisor, clock.now()
        placement.save(update_fields=["decided_by", "decided_at"])
        record(placement, Placement.AuditAction.ACCEPTED, offer.supervisor)
    return placement


def _blocks(placement, starts, goals, today, reviews=()):
    """Three blocks of two working weeks starting on the given Mondays; logs for the days already worked."""
    for number, (start, goal) in enumerate(zip(starts, goals), start=1):
        block = Block.objects.create(placement=placement, number=number, starts_on=start, ends_on=start + 11 * DAY, goal=goal,
                                     goal_set_at=clock.now() if goal else None)
        if goal:
            worked = [start + n * DAY for n in range(12) if start + n * DAY < today and rules.is_working_day(start + n * DAY)]
            for day, (activities, learning) in zip(worked, itertools.cycle(LOGS)):
                DailyLog.objects.create(block=block, date=day, activities=activities, learning=learning)
        if number <= len(reviews):
            attainment, review, comment = reviews[number - 1]
            block.attainment, block.self_review, block.supervisor_comment = attainment, review, comment
            block.reviewed_by, block.reviewed_at = placement.offer.supervisor, clock.now()
            block.save()
    record(placement, Placement.AuditAction.SCHEDULED, placement.offer.supervisor)


LOGS = [
    ("家計相談の面談に同席し、家計表の作成を支援した。", "収支を一緒に書き出すと、本人が自分で優先順位を決め始める。"),
    ("相談員のケース記録を読み、見立ての書き方を学んだ。", "事実と解釈を分けて書くと、支援方針の根拠が共有しやすい。"),
    ("債務整理の相談先（法律相談）への同行に加わった。", "つなぐ前に本人と相談先で話す内容を整理しておくと、本人が話しやすい。"),
    ("団体内のケース会議に参加した。", "会議の最後に次の一歩と担当を必ず確認している。"),
    ("就労支援員と家計相談の役割分担について話を聞いた。", "家計と就労の目標を一枚の計画にまとめている点をセンターでも試したい。"),
]
REVIEWS = [
    (Block.Attainment.ACHIEVED, "家計表を使った面談の流れをつかめた。", "同席のたびに振り返りができていました。次は一人で面談の導入を。"),
    (Block.Attainment.PARTLY, "債務整理の相談先へのつなぎは、まだ支援員任せになった。", "つなぎの場面を一緒に準備しましょう。"),
    (Block.Attainment.ACHIEVED, "一人で家計相談の導入ができ、センターでの手順案をまとめた。", "センターでの実践が楽しみです。"),
]


def seed(context):
    today, people, centres = context["today"], context["people"], context["centres"]
    host_body, kita = context["related_body"], centres["kita"]
    if Offer.objects.filter(host=host_body).exists():
        return
    admin, host, kita_supervisor = people["admin"], people["host"], people["kita.supervisor"]

    HostInvitation.objects.create(
        organisation=host_body, email=host.email, contact_name=str(host), invited_by=admin,
        status=HostInvitation.Status.ACCEPTED, answered_by=host, answered_at=clock.now(),
        message="家計改善支援の先進的な取り組みを、全国のセンター職員に体験させていただけないでしょうか。",
    )
    # An invitation nobody has answered yet, to a body with no account: its page shows account creation.
    tokyo_body, _ = Organisation.objects.get_or_create(
        kind=Organisation.Kind.RELATED_BODY, name="しごと・くらし支援センター東京",
        defaults={"prefecture": Prefecture.objects.get(code=13)},
    )
    HostInvitation.objects.create(
        organisation=tokyo_body, email="new.host@example.jp", contact_name="受入 太郎", invited_by=admin,
        token=DEMO_INVITATION_TOKEN, message="若者の就労支援と住まいの支援を一体で行う現場として、受け入れをお願いできないでしょうか。",
    )

    supervision = "各ブロックの終わりに振り返り面談（1時間）。期間中は毎日15分の振り返り、ブロックの間もメールで相談に応じます。"
    current = _offer(
        host_body, host, host, "家計改善支援の現場で学ぶ（今年度）", today - 120 * DAY, today + 150 * DAY, today + 45 * DAY,
        Offer.Status.PUBLISHED, themes="家計表を使った面談、債務整理の相談先へのつなぎ、家計改善支援と就労支援の連携",
        supervision=supervision, location="福岡市中央区", lodging="近隣のビジネスホテルを紹介します（1泊6,000円程度）。",
        description="家計改善支援事業を受託する団体です。相談員6名。", publisher=admin,
    )
    earlier = _offer(
        host_body, host, host, "家計改善支援の現場で学ぶ（前期）", today - 200 * DAY, today - 20 * DAY, today - 170 * DAY,
        Offer.Status.CLOSED, themes="家計表を使った面談、家計改善支援と就労支援の連携", supervision=supervision, places=1,
        publisher=admin,
    )
    kita_offer = _offer(
        kita, kita_supervisor, kita_supervisor, "先進センターで伴走型支援を体験する", today + 30 * DAY, today + 240 * DAY, today + 21 * DAY,
        Offer.Status.PUBLISHED, themes="多機関でのケース会議の運営、当事者が講師の相互研修、アウトリーチ",
        supervision="主任相談支援員が各回の目標設定と振り返りを担当します。", places=3,
        location="北九州市小倉北区", lodging="宿泊の斡旋はありません。", publisher=admin,
    )
    _offer(
        host_body, host, host, "次年度：家計相談と就労支援の連携", today + 200 * DAY, today + 400 * DAY, today + 180 * DAY,
        Offer.Status.PROPOSED, themes="家計相談と就労支援を一体で行う面談", supervision=supervision,
    )

    # Completed about a month ago: the director's handbook, plan and the centre's ledger show it.
    finished = _placement(
        earlier, people["kita.director"], kita, people["kita.director"], Placement.Status.ACCEPTED,
        "家計改善支援との連携の仕組みを学び、センターの手順に取り入れるため。",
        travel_cost=12_000, lodging_cost=0, subsidy_applies=True, subsidy_amount=6_000,
    )
    last_start = _monday(today - 42 * DAY)
    _blocks(finished, [last_start - 112 * DAY, last_start - 56 * DAY, last_start],
            ["家計相談の流れを知る", "つなぎ先との連携を体験する", "センターでの手順案をまとめる"], today, REVIEWS)
    finished.report = "三つのブロックで家計相談の実際と他機関連携を学んだ。センターでは初回面談に家計表を取り入れ、伝達研修で共有する。"
    finished.report_submitted_at = clock.now()
    blocks = list(finished.blocks.all())
    finished.completed_on = max(block.ends_on for block in blocks)
    finished.fiscal_year = fiscal_year(finished.completed_on)
    finished.days = sum(rules.working_days(block.starts_on, block.ends_on) for block in blocks)
    finished.status, finished.completed_by = Placement.Status.COMPLETED, host
    finished.save()
    record(finished, Placement.AuditAction.COMPLETED, host)

    # Under way: block 1 reviewed, block 2 this fortnight, block 3's goal still to set.
    nerima = centres["nerima"]
    under_way = _placement(
        current, people["nerima.director"], nerima, people["nerima.director"], Placement.Status.ACCEPTED,
        "就労支援と家計支援を組み合わせた支援の進め方を学び、区内の連携に生かしたい。",
        preferred_period="10月から翌年1月", travel_cost=96_000, lodging_cost=198_000, subsidy_applies=True, subsidy_amount=150_000,
        costs_note="航空券は往復3回分。",
    )
    this_monday = _monday(today)
    _blocks(under_way, [this_monday - 49 * DAY, this_monday, this_monday + 56 * DAY],
            ["家計表を使った面談の流れをつかむ", "債務整理の相談先へのつなぎを体験する", ""], today, REVIEWS[:1])

    # Waiting for the Kitakyushu centre (as host) to decide.
    _placement(
        kita_offer, people["fuku.supervisor"], centres["fuku"], people["fuku.director"], Placement.Status.NOMINATED,
        "多機関ケース会議の運営を学び、東区の会議の進め方を見直したい。", preferred_period="来年度の前半",
    )
