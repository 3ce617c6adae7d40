from django.urls import path

from . import views

# Under /partners/ with the organisation pages (vawg_tracker/urls.py): the portal's paths
# are the ones partners have bookmarked.
app_name = "activities"
urlpatterns = [
    path("", views.home, name="home"),
    path("activities/new/", views.activity_create, name="activity_create"),
    path("activities/export.csv", views.activity_export, name="activity_export"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/withdraw/", views.activity_withdraw, name="activity_withdraw"),
    path("activities/<int:pk>/verify/", views.activity_verify, name="activity_verify"),
    path("activities/<int:pk>/return/", views.activity_return, name="activity_return"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("review/", views.review_queue, name="review_queue"),
]
