from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
]
