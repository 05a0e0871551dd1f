from django.urls import path

from . import views

urlpatterns = [
    path("handbook/", views.handbook, name="handbook"),
    path("handbook/handbook.pdf", views.handbook_pdf, name="handbook_pdf"),
    path("handbook/handbook.csv", views.handbook_csv, name="handbook_csv"),
    path("handbook/<int:person_id>/", views.handbook, name="handbook_person"),
    path("handbook/<int:person_id>/handbook.pdf", views.handbook_pdf, name="handbook_person_pdf"),
    path("handbook/<int:person_id>/handbook.csv", views.handbook_csv, name="handbook_person_csv"),
    path("training/<int:pk>/", views.record_detail, name="record_detail"),
    path("training/<int:pk>/evidence/", views.record_evidence, name="record_evidence"),
    path("training/external/new/", views.external_new, name="external_new"),
    path("training/external/", views.external_queue, name="external_queue"),
    path("training/external/<int:pk>/verify/", views.external_verify, name="external_verify"),
    path("training/external/<int:pk>/reject/", views.external_reject, name="external_reject"),
]
