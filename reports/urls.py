from django.urls import path

from . import views

app_name = "reports"
# Included at the site's root: the dashboard and outcome pages keep their own paths.
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("outcomes/<int:pk>/", views.outcome_detail, name="outcome_detail"),
    path("reports/", views.archive, name="archive"),
    path("reports/request/", views.request_report, name="request"),
    path("reports/<int:pk>/", views.detail, name="detail"),
    path("reports/<int:pk>/status/", views.status, name="status"),
    path("reports/<int:pk>/download/", views.download, name="download"),
    path("reports/<int:pk>/retry/", views.retry, name="retry"),
]
