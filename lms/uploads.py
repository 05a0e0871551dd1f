"""Uploaded files: their content checked against the kind their name claims, and removed again from
storage when the write that stored them fails, so storage never holds a file no record names.

The storage may be an object store on another machine (lms/settings/base.py, STORAGE_BUCKET). While
it does not answer, an upload is refused with a message beside the form (which keeps what was
typed) and nothing is saved; a download answers the styled 503.
"""

import codecs
import functools
import logging
from contextvars import ContextVar

import filetype
from botocore.exceptions import BotoCoreError, ClientError
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import FileField
from django.db.models.signals import post_save, pre_save
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from lms.http import unavailable

logger = logging.getLogger(__name__)

# What a store that is down, unreachable or refusing raises: botocore's errors for S3, OSError for
# a local disk (full, unmounted).
STORAGE_ERRORS = (BotoCoreError, ClientError, OSError)
STORAGE_DOWN = _("The file could not be stored: the file store is not answering just now. Nothing was saved. Please try again in a few minutes.")


class StorageUnavailable(Exception):
    """A stored file cannot be read now (lms.views.server_error answers 503)."""


class StorageUnavailableMiddleware:
    """Whatever reads or writes a stored file outside the site's own upload and download paths
    (Wagtail's documents and images, its admin's uploads) and finds the object store away answers
    the styled 503 that says so, not a 500. (A local disk's OSError is left to the usual 500.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (BotoCoreError, ClientError)):
            logger.warning("The file store did not answer %s: %s", request.path, exception)
            return unavailable(files_away=True)
        return None


def download(file):
    """A FileResponse for a stored file, as an attachment under its own name. The store is asked
    before any byte is sent, so a store that is down gives the 503 page, not a broken download."""
    try:
        handle = file.open("rb")
        first = handle.read(0)  # opens the object (S3: a request) without reading it
        del first
    except STORAGE_ERRORS as error:
        raise StorageUnavailable(str(error)) from error
    return FileResponse(handle, as_attachment=True, filename=file.name.rsplit("/", 1)[-1])

# The OLE container of Word 97–2003 files (.doc): the `filetype` library does not tell it apart.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
KINDS = {".pdf": "pdf", ".jpg": "jpg", ".jpeg": "jpg", ".png": "png", ".docx": "docx"}


def content_matches(file, suffix):
    """Whether the file's bytes are what its suffix says (HTML named x.pdf is not a PDF)."""
    head = file.read(8192)
    file.seek(0)
    if suffix == ".txt":
        return _is_text(head)
    if suffix == ".doc":
        return head.startswith(OLE_SIGNATURE)
    return suffix in KINDS and filetype.guess_extension(head) == KINDS[suffix]


def _is_text(head):
    if b"\0" in head:
        return False
    for encoding in ("utf-8-sig", "cp932"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


_stored = ContextVar("uploads_stored", default=None)


def removed_if_not_saved(service):
    """Decorate a write that stores uploaded files: it runs in a transaction, and when that fails the
    files it stored are deleted from storage again (the rows naming them were rolled back)."""
    @functools.wraps(service)
    def write(*args, **kwargs):
        stored = []
        token = _stored.set(stored)
        try:
            with transaction.atomic():
                return service(*args, **kwargs)
        except STORAGE_ERRORS as error:
            logger.warning("An upload was refused, the file store did not take it: %s", error)
            _delete_quietly(stored)
            raise ValidationError(STORAGE_DOWN, code="storage_down") from error
        except BaseException:
            _delete_quietly(stored)
            raise
        finally:
            _stored.reset(token)

    return write


def _delete_quietly(stored):
    for storage, name in stored:
        try:
            storage.delete(name)
        except STORAGE_ERRORS as error:  # the store went away meanwhile: the orphan is logged
            logger.error("Could not remove %s, stored by a write that failed: %s", name, error)


def _note_new_files(sender, instance, **kwargs):
    if _stored.get() is None:
        return
    instance._lms_new_files = [
        field.attname for field in instance._meta.concrete_fields
        if isinstance(field, FileField) and getattr(instance, field.attname) and not getattr(instance, field.attname)._committed
    ]


def _remember_stored(sender, instance, **kwargs):
    stored = _stored.get()
    if stored is None:
        return
    for attname in getattr(instance, "_lms_new_files", ()):
        file = getattr(instance, attname)
        stored.append((file.storage, file.name))
    instance._lms_new_files = []


pre_save.connect(_note_new_files, dispatch_uid="lms.uploads.note")
post_save.connect(_remember_stored, dispatch_uid="lms.uploads.remember")
