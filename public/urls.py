from django.urls import path

from . import views

# Mounted at the root: the public site lives under /public/, and /robots.txt says so.
# A publication's pages sit under its plan and quarter, so each address is stable.
app_name = "public"
PUBLISHED = "public/<int:plan_id>/<quarter:quarter>/"
urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("public/", views.home, name="home"),
    path("public/past/", views.past, name="past"),
    path(PUBLISHED, views.publication, name="publication"),
    path(f"{PUBLISHED}pledges/<slug:pledge_set>/<int:number>/", views.pledge, name="pledge"),
    path(f"{PUBLISHED}outcomes/<int:number>/", views.outcome, name="outcome"),
    path(f"{PUBLISHED}actions/<slug:action>/", views.action, name="action"),
    path(f"{PUBLISHED}indicators/<slug:indicator>/", views.indicator, name="indicator"),
    path(f"{PUBLISHED}funding/", views.funding, name="funding"),
    path(f"{PUBLISHED}you-told-us/", views.recommendations, name="recommendations"),
    path("public/data/", views.data, name="data"),
    path("public/data/<quarter:quarter>/publication.json", views.data_json, name="data_json"),
    path("public/data/<quarter:quarter>/<slug:name>.csv", views.data_csv, name="data_csv"),
    path(f"{PUBLISHED}report.pdf", views.report_pdf, name="report_pdf"),
    path("public/accessibility/", views.accessibility, name="accessibility"),
]
