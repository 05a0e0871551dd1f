from django.urls import path

from . import views

urlpatterns = [
    path("sessions/<int:pk>/report/", views.session_report, name="session_report"),
    path("sessions/<int:pk>/report/<int:report_pk>/", views.report_detail, name="report_detail"),
    path("sessions/<int:pk>/report/<int:report_pk>/decide/", views.report_decide, name="report_decide"),
    path("sessions/<int:pk>/report/<int:report_pk>/files/<int:number>/", views.report_file, name="report_file"),
    path("sessions/<int:pk>/tests/", views.session_tests, name="session_tests"),
    path("sessions/<int:pk>/tests/<int:test_pk>/", views.test_take, name="test_take"),
    path("sessions/<int:pk>/tests/attempts/<int:attempt_pk>/", views.test_attempt, name="test_attempt"),
    path("sessions/<int:pk>/evaluation/", views.session_evaluation, name="session_evaluation"),
    path("sessions/<int:pk>/evaluation/summary/", views.evaluation_summary, name="evaluation_summary"),
    path("sessions/evaluations/lecturers/<int:pk>/", views.lecturer_evaluation_summary, name="lecturer_evaluations"),
    path("sessions/evaluations/<slug:code>/", views.subject_evaluation_summary, name="subject_evaluations"),
]
