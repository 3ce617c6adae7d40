from django.urls import path

from . import views

# Under /risks/ (vawg_tracker/urls.py).
app_name = "risks"
urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/review/", views.review, name="review"),
]
