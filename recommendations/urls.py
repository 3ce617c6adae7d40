from django.urls import path

from . import views

# Under /recommendations/ (vawg_tracker/urls.py).
app_name = "recommendations"
urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/update/", views.add_update, name="update"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/", views.source_detail, name="source"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
]
