from django.urls import path

from . import views

app_name = "rounds"
urlpatterns = [
    path("my-updates/", views.my_updates, name="my_updates"),
    path("rounds/", views.round_status, name="round_status"),
    path("rounds/<int:pk>/<quarter:quarter>/remind/", views.remind_now, name="remind_now"),
    path("rounds/<int:pk>/<quarter:quarter>/close/", views.close_quarter, name="close_quarter"),
    path("rounds/<int:pk>/<quarter:quarter>/reopen/", views.reopen_quarter, name="reopen_quarter"),
]
