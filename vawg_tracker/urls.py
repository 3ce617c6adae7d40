from django.contrib import admin
from django.urls import include, path, register_converter

from vawg_tracker.accounts.two_factor import admin_has_permission
from vawg_tracker.accounts.views import admin_login
from vawg_tracker.quarters import QuarterConverter
from vawg_tracker.system.views import healthz

admin.site.site_header = "VAWG Tracker administration"
admin.site.site_title = "VAWG Tracker admin"
admin.site.login = admin_login
# With REQUIRE_TWO_FACTOR, the admin also needs a session verified with a code.
admin.site.has_permission = admin_has_permission
register_converter(QuarterConverter, "quarter")  # <quarter:quarter> matches 2026-27-q3

# The database not answering is a 503 "try again", not a 500 (vawg_tracker/system/views.py).
handler500 = "vawg_tracker.system.views.server_error"
# A decision on one's own submission is refused with its reason (vawg_tracker/four_eyes.py).
handler403 = "vawg_tracker.system.views.permission_denied"

urlpatterns = [
    path("", include("vawg_tracker.accounts.urls")),
    path("healthz", healthz, name="healthz"),
    path("", include("plans.urls")),
    path("", include("rounds.urls")),
    path("partners/", include("activities.urls")),
    path("partners/", include("partners.urls")),
    path("partners/funding/", include("funding.portal_urls")),  # the partner's "Our funding"
    path("funding/", include("funding.urls")),
    path("risks/", include("risks.urls")),
    path("recommendations/", include("recommendations.urls")),
    path("", include("reports.urls")),  # /dashboard/, /outcomes/<id>/ and /reports/…
    path("publication/", include("publication.urls")),
    path("plans/", include("onboarding.urls")),  # importing and exporting spreadsheets
    path("api/", include("api.urls")),
    path("", include("public.urls")),  # /public/… and /robots.txt: no sign-in
    path("admin/", admin.site.urls),
]
