from django.urls import path

from . import views

# Under /partners/funding/ (vawg_tracker/urls.py), beside the rest of the partner portal.
app_name = "funding_portal"
urlpatterns = [
    path("", views.our_funding, name="home"),
    path("awards/<int:pk>/return/", views.return_submit, name="return_submit"),
    path("returns/<int:pk>/amend/", views.return_amend, name="return_amend"),
    path("returns/<int:pk>/correct/", views.return_correct, name="return_correct"),
]
