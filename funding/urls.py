from django.urls import path

from . import views

# Under /funding/ (vawg_tracker/urls.py): the pages PCC staff and commissioners read.
app_name = "funding"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export/", views.export, name="export"),
    path("awards/new/", views.award_create, name="award_create"),
    path("awards/<int:pk>/", views.award_detail, name="award_detail"),
    path("awards/<int:pk>/edit/", views.award_edit, name="award_edit"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/new/", views.source_create, name="source_create"),
    path("sources/<int:pk>/edit/", views.source_edit, name="source_edit"),
    path("returns/", views.review_queue, name="review_queue"),
    path("returns/<int:pk>/accept/", views.return_accept, name="return_accept"),
    path("returns/<int:pk>/return/", views.return_return, name="return_return"),
]
