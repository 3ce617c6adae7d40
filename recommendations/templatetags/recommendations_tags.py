"""Recommendations shown on pages of other apps (an action's): plans may not import
recommendations, so its template tags bring the tracker to their templates."""

from django import template
from django.utils.html import format_html

from ..access import READ_RECOMMENDATIONS
from ..models import Recommendation, RecommendationStatus

register = template.Library()

# Each status in the colours of the delivery statuses (static/css/app.css): accepted as
# not started, in progress as on track, implemented as completed, not accepted as cancelled.
_BADGE = {
    RecommendationStatus.ACCEPTED: "not_started",
    RecommendationStatus.IN_PROGRESS: "on_track",
    RecommendationStatus.IMPLEMENTED: "completed",
    RecommendationStatus.NOT_ACCEPTED: "cancelled",
}


@register.simple_tag
def recommendation_status(status):
    """A recommendation's status in its colour: {% recommendation_status r.status %}."""
    status = RecommendationStatus(status)
    return format_html(
        '<span class="status-badge status-{}">{}</span>', _BADGE[status], status.label
    )


@register.inclusion_tag("recommendations/includes/delivers.html", takes_context=True)
def action_recommendations(context, action):
    """The recommendations the action delivers, with their sources (one query)."""
    if not context["request"].user.has_perm(READ_RECOMMENDATIONS):
        return {"shown": False}
    recommendations = (
        Recommendation.objects.filter(actions=action).select_related("source").by_source()
    )
    return {"shown": True, "recommendations": list(recommendations)}
