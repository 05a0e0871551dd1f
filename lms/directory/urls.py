from django.urls import path

from . import views

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisation_list"),
    path("organisations/new/", views.organisation_create, name="organisation_create"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("organisations/<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("organisations/<int:pk>/close/", views.organisation_close, name="organisation_close"),
    path("organisations/<int:pk>/reopen/", views.organisation_reopen, name="organisation_reopen"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_add, name="person_add"),
    path("people/export.csv", views.staff_export, name="staff_export"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/jobs/new/", views.job_add, name="job_add"),
    path("people/<int:pk>/leave/", views.person_leave, name="person_leave"),
    path("people/<int:pk>/reactivate/", views.person_reactivate, name="person_reactivate"),
    path("people/<int:pk>/invite/", views.person_invite, name="person_invite"),
    path("jobs/<int:pk>/end/", views.job_end, name="job_end"),
    path("jobs/<int:pk>/transfer/", views.job_transfer, name="job_transfer"),
    path("imports/new/", views.import_new, name="staff_import_new"),
    path("imports/template.csv", views.import_template, name="staff_import_template"),
    path("imports/<int:pk>/", views.import_detail, name="staff_import_detail"),
    path("imports/<int:pk>/confirm/", views.import_confirm, name="staff_import_confirm"),
]
