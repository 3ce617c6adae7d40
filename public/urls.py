from django.urls import path

from . import views

# Mounted at the root: the public site lives under /public/, and /robots.txt says so.
app_name = "public"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("public/", views.home, name="home"),
    path("public/past/", views.past, name="past"),
    path("public/<int:plan_id>/<quarter:quarter>/", views.publication, name="publication"),
    path(
        "public/<int:plan_id>/<quarter:quarter>/report.pdf",
        views.report_pdf,
        name="report_pdf",
    ),
    path("public/accessibility/", views.accessibility, name="accessibility"),
]
