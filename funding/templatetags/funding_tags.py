"""Money shown on pages of other apps (the action page): plans and partners may not
import funding, so its template tags bring it to their templates."""

from django import template
from django.db.models import Sum

from funding.access import READ_FUNDING
from funding.models import financial_year_label

register = template.Library()


@register.inclusion_tag("funding/includes/action_awards.html", takes_context=True)
def action_awards(context, action):
    """The awards that pay for the action, with their source, organisation and total over
    their years (one query), for those who read funding (READ_FUNDING): staff and
    commissioners. Lead specialists and partners see no money here, as they have no
    Funding or award pages to follow it to."""
    if not context["request"].user.has_perm(READ_FUNDING):
        return {"shown": False}
    awards = (
        action.awards.select_related("source", "organisation")
        .annotate(total=Sum("years__amount"))
        .order_by("starts_on", "reference")
    )
    return {"shown": True, "awards": awards}


@register.filter
def financial_year(year):
    """2026 → "2026/27"."""
    return financial_year_label(year)
