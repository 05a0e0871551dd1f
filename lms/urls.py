from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import health, views
from .accounts.views import sign_in_here_instead
from .reports import views as report_views

handler400 = "lms.views.bad_request"
handler500 = "lms.views.server_error"
handler429 = "lms.views.rate_limited"  # allauth answers its own rate limits with this view

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/live/", health.live, name="health_live"),
    path("health/ready/", health.ready, name="health_ready"),
    path("health/", health.status, name="health"),
    path("accounts/", include("allauth.urls")),
    # One sign-in path for everyone: the admin login forms would skip TOTP and the lockout.
    path("django-admin/login/", sign_in_here_instead),
    path("admin/login/", sign_in_here_instead),
    path("_util/login/", sign_in_here_instead),  # Wagtail's login for restricted pages
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("lms.training.urls")),
    path("", include("lms.assessment.urls")),
    path("", include("skillpath.urls")),
    path("ojt/", include("ojt.urls")),
    path("fieldwork/", include("fieldwork.urls")),
    path("", include("lms.certificates.urls")),
    path("directory/", include("lms.directory.urls")),
    path("policies/", include("lms.audit.urls")),
    path("history/", report_views.history_report, name="history_report"),
    path("history/objects/<int:content_type_id>/<int:object_id>/", report_views.history_object, name="history_object"),
    path("reports/", include("lms.reports.urls")),
]

if settings.DEBUG:
    # Only images are served from the media folder (the development server stands in for the web
    # server here). Documents, evidence, reports and imports are served by their views, which check
    # who asks: a public /media/ would hand them to anyone with the address.
    urlpatterns += static(f"{settings.MEDIA_URL}images/", document_root=settings.MEDIA_ROOT / "images")
else:
    # In production the proxy may serve the images from the media folder; from an object store,
    # or without that, the site streams them.
    urlpatterns += [path("media/images/<path:path>", views.media_image, name="media_image")]

# Wagtail serves the curriculum pages (/curriculum/…); it must come last.
urlpatterns += [path("", include(wagtail_urls))]
