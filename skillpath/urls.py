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
    path("training/outside-courses/", views.outside_courses, name="outside_courses"),
    path("training/outside-courses/<int:pk>/recognise/", views.outside_course_recognise, name="outside_course_recognise"),
    path("training/external/<int:pk>/verify/", views.external_verify, name="external_verify"),
    path("training/external/<int:pk>/reject/", views.external_reject, name="external_reject"),
    path("plans/", views.plan_index, name="plan_index"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/path/", views.skill_path, name="skill_path"),
    path("plans/path/<int:person_id>/", views.skill_path, name="skill_path_person"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/return/", views.plan_return, name="plan_return"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/start/", views.plan_start, name="plan_start"),
    path("plans/<int:pk>/evaluate/", views.plan_evaluate, name="plan_evaluate"),
    path("plans/<int:pk>/close/", views.plan_close, name="plan_close"),
    path("plans/<int:pk>/ratings/", views.plan_ratings, name="plan_ratings"),
]
