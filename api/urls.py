from django.urls import include, path
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("plans", views.PlanViewSet, basename="plan")
router.register("actions", views.ActionViewSet, basename="action")
router.register("progress-updates", views.ProgressUpdateViewSet, basename="progress_update")
router.register("milestones", views.MilestoneViewSet, basename="milestone")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("pledges", views.PledgeViewSet, basename="pledge")
router.register("outcomes", views.OutcomeViewSet, basename="outcome")
router.register("reports", views.ReportViewSet, basename="report")
router.register("activities", views.ActivityViewSet, basename="activity")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.docs, name="docs"),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/new/", views.token_create, name="token_create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
