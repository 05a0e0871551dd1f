from django import forms
from django.utils.translation import gettext_lazy as _

from .verification import NOTHING

IMAGE_LIMIT = 5 * 1024 * 1024  # a photo of a printed QR code; far below the upload limit


class VerifierForm(forms.Form):
    presented = forms.CharField(
        label=_("Credential (JSON or JWT) or verification address"), required=False, max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off"}),
    )
    image = forms.FileField(
        label=_("Or the QR code on the certificate (an image: photo or screenshot)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/*"}),
    )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image is not None and image.size > IMAGE_LIMIT:
            raise forms.ValidationError(_("The image is larger than 5 MB: crop it to the QR code."))
        return image

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("presented") or "").strip() and cleaned.get("image") is None and not self.errors:
            raise forms.ValidationError(NOTHING)
        return cleaned


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"), max_length=300, widget=forms.TextInput(attrs={"size": 50}),
        help_text=_("Kept in the history; the holder's verification page shows the date, not the reason."),
        error_messages={"required": _("Give the reason for revoking.")},
    )
