"""Uploaded files: their content checked against the kind their name claims, and removed again from
storage when the write that stored them fails, so storage never holds a file no record names."""

import codecs
import functools
from contextvars import ContextVar

import filetype
from django.db import transaction
from django.db.models import FileField
from django.db.models.signals import post_save, pre_save

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
        except BaseException:
            for storage, name in stored:
                storage.delete(name)
            raise
        finally:
            _stored.reset(token)

    return write


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
