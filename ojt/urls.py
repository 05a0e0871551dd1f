from django.urls import path

from . import views

urlpatterns = [
    path("", views.ledger, name="ojt_ledger"),
    path("individual/new/", views.individual_new, name="ojt_individual_new"),
    path("individual/<int:pk>/decide/", views.individual_decide, name="ojt_individual_decide"),
    path("sessions/<int:pk>/", views.session_detail, name="ojt_session"),
    path("sessions/<int:pk>/confirm/", views.session_confirm, name="ojt_session_confirm"),
    path("centre/<int:centre_id>/sessions/new/", views.session_new, name="ojt_session_new"),
    path("centre/<int:centre_id>/<int:year>/", views.programme, name="ojt_programme"),
    path("centre/<int:centre_id>/<int:year>/table/", views.centre_table, name="ojt_centre_table"),
]
