from django.urls import path, re_path

from . import views

urlpatterns = [
    path("", views.offer_list, name="fieldwork_index"),
    path("offers/new/", views.offer_create, name="fieldwork_offer_new"),
    path("offers/<int:pk>/", views.offer_detail, name="fieldwork_offer"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="fieldwork_offer_edit"),
    path("offers/<int:pk>/nominate/", views.nominate, name="fieldwork_nominate"),
    re_path(r"^offers/(?P<pk>[0-9]+)/(?P<action>propose|publish|return|close)/$", views.offer_action, name="fieldwork_offer_action"),
    path("applications/", views.application_list, name="fieldwork_applications"),
    path("placements/", views.placement_list, name="fieldwork_placements"),
    path("placements/<int:pk>/", views.placement_detail, name="fieldwork_placement"),
    path("placements/<int:pk>/schedule/", views.placement_schedule, name="fieldwork_schedule"),
    re_path(
        r"^placements/(?P<pk>[0-9]+)/(?P<action>accept|decline|withdraw|cancel|report|complete|costs)/$",
        views.placement_action, name="fieldwork_placement_action",
    ),
    re_path(r"^blocks/(?P<pk>[0-9]+)/(?P<kind>goal|log|review|confirm)/$", views.block_action, name="fieldwork_block"),
    path("hosts/", views.host_list, name="fieldwork_hosts"),
    path("invitations/<str:token>/", views.invitation, name="fieldwork_invitation"),
    path("eligibility/", views.eligibility, name="fieldwork_eligibility"),
]
