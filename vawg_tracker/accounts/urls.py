from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", views.account, name="account"),
    path("accounts/login/", views.login, name="login"),
    path("accounts/login/code/", views.login_code, name="login_code"),
    path("accounts/logout/", views.logout, name="logout"),
    path("accounts/password/", views.password_change, name="password_change"),
    path("accounts/password/done/", views.password_change_done, name="password_change_done"),
    path("accounts/set-password/<uidb64>/<token>/", views.password_set, name="password_set"),
    path("accounts/two-factor/", views.two_factor_page, name="two_factor"),
    path("accounts/two-factor/start/", views.two_factor_start, name="two_factor_start"),
    path("accounts/two-factor/confirm/", views.two_factor_confirm, name="two_factor_confirm"),
    path("accounts/two-factor/remove/", views.two_factor_remove, name="two_factor_remove"),
]
