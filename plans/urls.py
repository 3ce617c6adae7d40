from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("actions/", views.action_list, name="action_list"),
    path("actions/export.csv", views.action_export, name="action_export"),
    path("actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action_detail, name="action_detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/progress/", views.record_progress, name="record_progress"),
    path("actions/<int:pk>/milestones/", views.milestone_add, name="milestone_add"),
    path("milestones/<int:pk>/complete/", views.milestone_complete, name="milestone_complete"),
    path("milestones/<int:pk>/move/", views.milestone_move, name="milestone_move"),
    path("pledges/<int:pk>/", views.pledge_detail, name="pledge_detail"),
    path("action-plans/", views.plan_list, name="plan_list"),
    path("action-plans/new/", views.plan_create, name="plan_create"),
    path("action-plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("action-plans/<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("leads/", views.lead_list, name="lead_list"),
    path("leads/new/", views.lead_create, name="lead_create"),
    path("leads/<int:pk>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="lead_edit"),
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/values/", views.indicator_value_add, name="indicator_value_add"),
    path(
        "indicator-values/<int:pk>/breakdown/",
        views.indicator_value_breakdown,
        name="indicator_value_breakdown",
    ),
    path("sign-off/", views.sign_off_queue, name="sign_off_queue"),
    path("updates/<int:pk>/sign-off/", views.update_sign_off, name="update_sign_off"),
    path("updates/<int:pk>/return/", views.update_return, name="update_return"),
]
