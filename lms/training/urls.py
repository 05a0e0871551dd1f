from django.urls import path

from . import views

urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/feed.ics", views.session_feed, name="session_feed"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:pk>/publish/", views.session_publish, name="session_publish"),
    path("sessions/<int:pk>/apply/", views.enrolment_apply, name="enrolment_apply"),
    path("sessions/<int:pk>/nominate/", views.enrolment_nominate, name="enrolment_nominate"),
    path("sessions/<int:pk>/attendance/", views.attendance_mark, name="attendance_mark"),
    path("sessions/<int:pk>/complete/", views.session_complete, name="session_complete"),
    path("sessions/enrolments/<int:pk>/cancel/", views.enrolment_cancel, name="enrolment_cancel"),
    path("sessions/enrolments/<int:pk>/withdraw/", views.enrolment_withdraw, name="enrolment_withdraw"),
    path("sessions/enrolments/<int:pk>/approve/", views.enrolment_approve, name="enrolment_approve"),
    path("sessions/enrolments/<int:pk>/decline/", views.enrolment_decline, name="enrolment_decline"),
]
