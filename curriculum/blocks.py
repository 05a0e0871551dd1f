"""StreamField blocks for course materials and for the questions of understanding tests."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class ExerciseBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"))
    instructions = blocks.RichTextBlock(label=_("Instructions"))
    minutes = blocks.IntegerBlock(label=_("Minutes"), min_value=1, max_value=480, required=False)

    class Meta:
        icon = "group"
        template = "curriculum/blocks/exercise.html"
        label = _("Exercise")


class VideoBlock(blocks.StructBlock):
    """A recorded lecture, linked by address (no lookups to video services at render time)."""

    url = blocks.URLBlock(label=_("Address"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "media"
        template = "curriculum/blocks/video.html"
        label = _("Video")


class MaterialStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), form_classname="title", template="curriculum/blocks/heading.html")
    paragraph = blocks.RichTextBlock(label=_("Paragraph"))
    key_points = blocks.ListBlock(blocks.CharBlock(label=_("Point")), label=_("Key points"), template="curriculum/blocks/key_points.html")
    exercise = ExerciseBlock()
    document = DocumentChooserBlock(label=_("Document (slides, PDF)"), template="curriculum/blocks/document.html")
    # Images are illustrations, served to anyone who has the address (as Wagtail serves renditions);
    # slides or figures with anything private go in as a document, which follows its page's audience.
    image = ImageChooserBlock(
        label=_("Image"), template="curriculum/blocks/image.html",
        help_text=_("Images can be opened by anyone with their address: put slides or figures meant for staff only in a document."),
    )
    video = VideoBlock()


# --- Understanding tests (習得度テスト): the question bank of a subject's day ---

class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Choice"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)


class ChoiceQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=pgettext_lazy("test", "Question"), max_length=1000)
    choices = blocks.ListBlock(ChoiceBlock(), label=_("Choices"), min_num=2, max_num=8)
    points = blocks.IntegerBlock(label=_("Points"), min_value=1, max_value=20, default=1)
    explanation = blocks.TextBlock(label=_("Explanation shown after the test"), required=False, max_length=1000)


class SingleChoiceBlock(ChoiceQuestionBlock):
    def clean(self, value):
        value = super().clean(value)
        if sum(1 for choice in value["choices"] if choice["correct"]) != 1:
            raise blocks.StructBlockValidationError(block_errors={"choices": ValidationError(_("Mark exactly one choice as correct."))})
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class MultipleChoiceBlock(ChoiceQuestionBlock):
    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise blocks.StructBlockValidationError(block_errors={"choices": ValidationError(_("Mark at least one choice as correct."))})
        return value

    class Meta:
        icon = "tasks"
        label = _("Multiple choice (all that apply)")


class ShortTextBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=pgettext_lazy("test", "Question"), max_length=1000)
    model_answer = blocks.TextBlock(label=_("Points the lecturer looks for"), required=False, max_length=2000)
    points = blocks.IntegerBlock(label=_("Points"), min_value=1, max_value=20, default=2)

    class Meta:
        icon = "edit"
        label = _("Short free text (marked by the lecturer)")


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    short_text = ShortTextBlock()

    class Meta:
        min_num = 1


class EvaluationRatingBlock(blocks.StructBlock):
    """A question of the subject's own, answered on the same 1–5 scale as the four standard ones."""

    question = blocks.CharBlock(label=pgettext_lazy("evaluation", "Question"), max_length=300)

    class Meta:
        icon = "pick"
        label = _("Rating from 1 to 5")


class EvaluationTextBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=pgettext_lazy("evaluation", "Question"), max_length=300)

    class Meta:
        icon = "edit"
        label = _("Free text")


class EvaluationQuestionStreamBlock(blocks.StreamBlock):
    """The subject's own questions in its course evaluation, asked after the four standard ratings.

    Answers are kept under each block's id, so rewording a question keeps its earlier answers."""

    rating = EvaluationRatingBlock()
    text = EvaluationTextBlock()

    class Meta:
        max_num = 10  # the evaluation stays short enough to answer on a phone at the end of the day
