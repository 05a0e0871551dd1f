"""Wagtail pages: the curriculum index, subject pages and course materials."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from curriculum.blocks import EvaluationQuestionStreamBlock, MaterialStreamBlock, QuestionStreamBlock

__all__ = ["CurriculumIndexPage", "SubjectPage", "MaterialPage", "UnderstandingTestPage"]


class CurriculumIndexPage(RoutablePageMixin, Page):
    """/curriculum/: the tier × domain grid (図表 2-1), the ten abilities, and search."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["curriculum.SubjectPage"]
    max_count = 1

    class Meta:
        verbose_name = _("curriculum index")

    def get_context(self, request, *args, **kwargs):
        from curriculum.selectors import curriculum_grid

        context = super().get_context(request, *args, **kwargs)
        context.update(curriculum_grid())
        return context

    @path("search/", name="search")
    def search(self, request):
        from curriculum.selectors import search_materials

        query = request.GET.get("q", "").strip()
        results = search_materials(query, request.user) if query else []
        return self.render(request, context_overrides={"query": query, "results": results},
                           template="curriculum/curriculum_search.html")


class SubjectPage(Page):
    """A subject's page: everything about the subject comes from the curriculum data; the page adds prose."""

    subject = models.OneToOneField("curriculum.Subject", verbose_name=_("subject"), on_delete=models.PROTECT, related_name="page")
    intro = RichTextField(_("introduction"), blank=True)
    lecturers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned lecturers"), blank=True, related_name="subject_pages",
        help_text=_("Lecturers who may write course materials for this subject."),
    )

    evaluation_questions = StreamField(
        EvaluationQuestionStreamBlock(), verbose_name=_("course evaluation: the subject's own questions"), blank=True,
        help_text=_("Asked after the four standard ratings (content, method, lecturers, usefulness). Answers stay anonymous."),
    )

    content_panels = Page.content_panels + [FieldPanel("subject"), FieldPanel("intro"), FieldPanel("evaluation_questions")]
    parent_page_types = ["curriculum.CurriculumIndexPage"]
    subpage_types = ["curriculum.MaterialPage", "curriculum.UnderstandingTestPage"]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        verbose_name = _("subject page")

    def get_context(self, request, *args, **kwargs):
        from curriculum.selectors import subject_details

        context = super().get_context(request, *args, **kwargs)
        context.update(subject_details(self, request.user))
        return context


class MaterialPage(Page):
    """Course material written by a lecturer; published after review by the institute's editors."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Public")
        STAFF = "staff", _("Signed-in staff only")

    summary = models.TextField(_("summary"), blank=True)
    edition = models.CharField(_("edition"), max_length=50, help_text=_("e.g. 2026年度版"))
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices, default=Audience.STAFF)
    previous_edition = models.ForeignKey(
        "self", verbose_name=_("previous edition"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text=_("The edition this one replaces; earlier editions stay readable."),
    )
    body = StreamField(MaterialStreamBlock(), verbose_name=_("body"), blank=True)
    # Plain text of the body: Japanese has no spaces between words, so search also matches substrings.
    body_text = models.TextField(editable=False, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"), FieldPanel("edition"), FieldPanel("audience"), FieldPanel("previous_edition"), FieldPanel("body"),
    ]
    parent_page_types = ["curriculum.SubjectPage"]
    subpage_types = []
    search_fields = Page.search_fields + [
        index.SearchField("summary"), index.SearchField("body"), index.FilterField("audience"),
    ]

    class Meta:
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")

    def save(self, *args, **kwargs):
        self.body_text = " ".join(_strings(self.body.raw_data))
        super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        # Staff-only materials are never shown to visitors who are not signed in.
        if self.audience == self.Audience.STAFF and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().serve(request, *args, **kwargs)


class UnderstandingTestPage(Page):
    """The understanding test (習得度テスト) that ends one day of a subject's programme: its questions,
    written by a lecturer and published after the editors' review like a material.

    The page holds the answers, so it is never served to the public: participants take the
    published version at their session's address, and an attempt keeps the version it was taken on.
    """

    day = models.PositiveSmallIntegerField(
        _("day of the programme"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("The test is taken at the end of this day of the session (1 for the first day)."),
    )
    edition = models.CharField(_("edition"), max_length=50, help_text=_("e.g. 2026年度版"))
    minutes = models.PositiveSmallIntegerField(_("minutes"), default=20, validators=[MinValueValidator(5), MaxValueValidator(120)])
    instructions = models.TextField(_("instructions"), blank=True)
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))

    content_panels = Page.content_panels + [
        FieldPanel("day"), FieldPanel("edition"), FieldPanel("minutes"), FieldPanel("instructions"), FieldPanel("questions"),
    ]
    promote_panels = []
    parent_page_types = ["curriculum.SubjectPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("understanding test")
        verbose_name_plural = _("understanding tests")

    def serve(self, request, *args, **kwargs):
        # Only the editors' preview shows the questions with their answers.
        if not getattr(request, "is_preview", False):
            raise Http404
        return super().serve(request, *args, **kwargs)

    @property
    def max_points(self):
        return sum(block.value["points"] for block in self.questions)


def _strings(value):
    """Every piece of text in raw StreamField data, tags removed."""
    if isinstance(value, str):
        yield strip_tags(value)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)) or hasattr(value, "__iter__"):
        for item in value:
            yield from _strings(item)
