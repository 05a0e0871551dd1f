from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in by email; their jobs and roles are organisation memberships."""

    class AuditAction(models.TextChoices):
        CREATED = "created", _("Added")
        IMPORTED = "imported", _("Added or updated by a staff import")
        EDITED = "edited", _("Details changed")
        INVITED = "invited", _("Invitation sent")
        DEACTIVATED = "deactivated", _("Left: account deactivated")
        REACTIVATED = "reactivated", _("Account reactivated")
        JOB_STARTED = "job_started", _("Job started")
        JOB_CHANGED = "job_changed", _("Job changed")
        JOB_ENDED = "job_ended", _("Job ended")
        TRANSFERRED = "transferred", _("Transferred")

    username = None
    email = models.EmailField(_("email address"), unique=True)
    family_name_kana = models.CharField(_("family name (kana)"), max_length=150, blank=True)
    given_name_kana = models.CharField(_("given name (kana)"), max_length=150, blank=True)
    # A leaver's last day: from the day after, they cannot sign in (lms.accounts.backends) and the
    # nightly task deactivates the account.
    leaves_after = models.DateField(_("last day"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]
        # The directory's order: a page of a country's people is read from the index, not sorted.
        indexes = [models.Index(fields=["last_name", "first_name", "id"], name="user_name_order")]

    def __str__(self):
        return self.get_full_name() or self.email

    def get_full_name(self):
        # Japanese order: family name first.
        return f"{self.last_name} {self.first_name}".strip()

    def get_absolute_url(self):
        return reverse("person_detail", args=[self.pk])

    def get_short_name(self):
        return self.last_name or self.email
