"""StreamField blocks for course materials."""

from django.utils.translation import gettext_lazy as _
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
    image = ImageChooserBlock(label=_("Image"), template="curriculum/blocks/image.html")
    video = VideoBlock()
