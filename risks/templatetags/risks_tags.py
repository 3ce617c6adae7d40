"""Risks shown on pages of other apps (an action's, a pledge's): plans may not import
risks, so its template tags bring the register to their templates."""

from django import template

from ..access import READ_RISKS
from ..models import Risk

register = template.Library()


def _threatening(user, risks):
    if not user.has_perm(READ_RISKS):
        return {"shown": False}
    return {"shown": True, "risks": list(risks.open().select_related("owner").by_score())}


@register.inclusion_tag("risks/includes/threatened_by.html", takes_context=True)
def action_risks(context, action):
    """The open risks that threaten the action, highest score first (one query)."""
    return _threatening(context["request"].user, Risk.objects.filter(actions=action))


@register.inclusion_tag("risks/includes/threatened_by.html", takes_context=True)
def pledge_risks(context, pledge):
    """The open risks that threaten the pledge, highest score first (one query)."""
    return _threatening(context["request"].user, Risk.objects.filter(pledges=pledge))


@register.filter
def risk_trend(risk, at_end=False):
    """
    Its score against the score at the last quarter's end (``score_then``): "Up from 12".
    ``{{ risk|risk_trend:"at_end" }}``: its score at a report's quarter's end (``score_at_end``)
    against the quarter before's.
    """
    now = risk.score_at_end if at_end else risk.score
    then = getattr(risk, "score_then", None)
    if then is None:
        return "New"
    if now == then:
        return "No change"
    return f"{'Up' if now > then else 'Down'} from {then}"
