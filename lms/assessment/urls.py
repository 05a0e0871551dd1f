from django.urls import path

from . import views

urlpatterns = [
    path("sessions/<int:pk>/report/", views.session_report, name="session_report"),
    path("sessions/<int:pk>/report/<int:report_pk>/", views.report_detail, name="report_detail"),
    path("sessions/<int:pk>/report/<int:report_pk>/decide/", views.report_decide, name="report_decide"),
    path("sessions/<int:pk>/report/<int:report_pk>/files/<int:number>/", views.report_file, name="report_file"),
]
