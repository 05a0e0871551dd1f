from django.urls import path

import lms.converters  # noqa: F401  (registers <fiscal_year:…>)

from . import views

urlpatterns = [
    path("", views.ledger, name="ojt_ledger"),
    path("individual/new/", views.individual_new, name="ojt_individual_new"),
    path("individual/<int:pk>/decide/", views.individual_decide, name="ojt_individual_decide"),
    path("sessions/<int:pk>/", views.session_detail, name="ojt_session"),
    path("sessions/<int:pk>/confirm/", views.session_confirm, name="ojt_session_confirm"),
    path("sessions/<int:pk>/evaluation/", views.session_evaluation, name="ojt_session_evaluation"),
    path("sessions/<int:pk>/evaluation/summary/", views.session_evaluation_summary, name="ojt_evaluation_summary"),
    path("centre/<int:centre_id>/<fiscal_year:year>/evaluations/", views.centre_evaluations, name="ojt_centre_evaluations"),
    path("centre/<int:centre_id>/sessions/new/", views.session_new, name="ojt_session_new"),
    path("centre/<int:centre_id>/<fiscal_year:year>/", views.programme, name="ojt_programme"),
    path("centre/<int:centre_id>/<fiscal_year:year>/table/", views.centre_table, name="ojt_centre_table"),
]
