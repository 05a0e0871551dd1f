from django.urls import path

from . import views

urlpatterns = [
    path("", views.policy_index, name="policy_index"),
    path("<slug:slug>/new/", views.policy_create, name="policy_create"),
    path("<slug:slug>/<int:pk>/", views.policy_detail, name="policy_detail"),
]
