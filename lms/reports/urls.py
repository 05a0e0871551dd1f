from django.urls import path

from . import views

urlpatterns = [
    path("", views.country, name="report_country"),
    path("people/", views.people, name="report_people"),
    path("refresh/", views.refresh, name="report_refresh"),
    path("research/", views.research, name="report_research"),
    path("prefectures/<int:code>/", views.prefecture, name="report_prefecture"),
    path("prefectures/<int:code>/people/", views.people, name="report_prefecture_people"),
    path("centres/<int:pk>/", views.centre, name="report_centre"),
    path("centres/<int:pk>/people/", views.people, name="report_centre_people"),
]
