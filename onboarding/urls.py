from django.urls import path

from . import views

app_name = "onboarding"
urlpatterns = [
    path("import/", views.upload_plan, name="upload"),
    path("import/indicator-values/", views.upload_indicator_values, name="upload_indicator_values"),
    path("import/template.xlsx", views.template_xlsx, name="template_xlsx"),
    path("import/template.csv", views.template_csv, name="template_csv"),
    path("import/<slug:token>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/export.xlsx", views.plan_export, name="plan_export"),
]
