"""What partners delivered, shown on pages of other apps (actions, organisations)."""

from django import template

from activities.models import Activity

register = template.Library()


@register.inclusion_tag("activities/includes/action_activities.html")
def action_activities(action):
    """The action's activities, newest first, withdrawn ones left out (one query)."""
    return {"activities": Activity.objects.delivered_for(action)}


@register.inclusion_tag("activities/includes/verified_totals.html")
def verified_totals(organisation):
    """The organisation's verified activities, people reached and sessions (one query)."""
    return {"totals": Activity.objects.filter(organisation=organisation).verified().totals()}
