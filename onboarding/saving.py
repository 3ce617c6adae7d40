"""
Saving a preview with no problems, in one transaction (Preview.apply): through the models,
with history in the importer's name. New actions are saved in batches; changes to
existing ones one by one, progress through Action.record_progress.
"""

from collections import defaultdict
from contextlib import contextmanager
from types import SimpleNamespace

from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history

from partners.models import OrganisationKind, PartnerOrganisation
from plans.forms import reporting_quarters
from plans.models import (
    Action,
    ActionPlan,
    IndicatorValue,
    LeadSpecialist,
    Milestone,
    ProgressUpdate,
    Status,
)

from .checking import M2M

IMPORT_NARRATIVE = "Recorded by a spreadsheet import."
CHANGE_REASON = "Imported from a spreadsheet"
BATCH = 500


def _by(obj, user):
    """Why the record changed, for its history (who: see recorded_as)."""
    obj._change_reason = CHANGE_REASON
    return obj


@contextmanager
def recorded_as(user):
    """
    Every save the import makes, its own and the models' (record_progress moves the
    action), is recorded in history as ``user``'s: as simple_history's middleware does for
    a request, which stands as it is when the import runs within one.
    """
    context = HistoricalRecords.context
    if getattr(context, "request", None) is not None:
        yield
        return
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        del context.request


class Saver:
    def __init__(self, preview, by):
        self.preview, self.by = preview, by
        self.leads = {}  # name, casefolded: id
        self.partners = {}
        self.actions = {}  # reference: id
        self.counts = defaultdict(int)

    def create_missing(self):
        for name in self.preview.missing_leads:
            lead = _by(LeadSpecialist(name=name, job_title="", organisation=""), self.by)
            lead.save()
            self.leads[name.casefold()] = lead.pk
            self.counts["lead specialists created"] += 1
        for name in self.preview.missing_partners:
            partner = _by(PartnerOrganisation(name=name, kind=OrganisationKind.OTHER), self.by)
            partner.save()
            self.partners[name.casefold()] = partner.pk
            self.counts["partners created"] += 1

    def _lead(self, values):
        return values["lead"] or self.leads[values["lead_name"].casefold()]

    def _partners(self, values):
        created = {self.partners.get(name.casefold()) for name in values["partner_names"]}
        return set(values["partners"]) | (created - {None})

    def _plan(self):
        preview = self.preview
        if preview.plan is None:
            strategy = preview.strategy
            lead = (
                self.leads.get(preview.plan_lead.casefold())
                or LeadSpecialist.objects.filter(name__iexact=preview.plan_lead)
                .values_list("pk", flat=True)
                .first()
            )
            plan = ActionPlan(
                strategy=strategy,
                title=preview.plan_title,
                lead_id=lead,
                period_start=strategy.period_start,
                period_end=strategy.period_end,
            )
            _by(plan, self.by).save()
            preview.plan = plan
            self.counts["plans created"] += 1
        return preview.plan

    def save_actions(self):
        plan = self._plan()
        self.actions = dict(plan.actions.values_list("reference", "pk"))
        quarter = reporting_quarters(plan)[0]
        self._create_actions(plan, quarter)
        changed = {item.pk: item for item in self.preview.actions.changed}
        for action in Action.objects.filter(pk__in=changed).select_related("plan"):
            values = changed[action.pk].values
            fields = {
                "title": values["title"],
                "description": values["description"],
                "focus_area_id": values["focus_area"],
                "lead_id": self._lead(values),
                "start_date": values["start_date"],
                "due_date": values["due_date"],
            }
            if any(getattr(action, name) != value for name, value in fields.items()):
                for name, value in fields.items():
                    setattr(action, name, value)
                _by(action, self.by).save(update_fields=[*fields, "updated_at"])
            _by(action, self.by)
            for name in M2M:
                if set(getattr(action, name).values_list("pk", flat=True)) != set(values[name]):
                    getattr(action, name).set(values[name])
            partners = self._partners(values)
            if set(action.delivery_partners.values_list("pk", flat=True)) != partners:
                action.delivery_partners.set(partners)
            self._progress(action, values, quarter)
            self.counts["actions changed"] += 1

    def _create_actions(self, plan, quarter):
        """
        The new actions, in bulk: each with its links, one history record (as a form's
        save makes, in the importer's name, links included) and, where the file gives a
        status or percent other than "not started, 0", its first progress update, the
        action starting where that update puts it. This is what record_progress does for
        an action's first update, without its per-action lock and re-reading: no one else
        can see these actions until the transaction ends. One query per batch rather than
        dozens per action is what lets 5,000 actions import within 20 s.
        """
        created = self.preview.actions.created
        actions = [
            Action(
                plan=plan,
                reference=item.values["reference"],
                title=item.values["title"],
                description=item.values["description"],
                focus_area_id=item.values["focus_area"],
                lead_id=self._lead(item.values),
                start_date=item.values["start_date"],
                due_date=item.values["due_date"],
                status=item.values["status"],
                percent_complete=item.values["percent"],
            )
            for item in created
        ]
        Action.objects.bulk_create(actions, batch_size=BATCH)
        history = Action.history.bulk_history_create(
            actions, batch_size=BATCH, default_user=self.by, default_change_reason=CHANGE_REASON
        )
        history_ids = {record.id: record.history_id for record in history}
        for name in (*M2M, "delivery_partners"):
            relation = Action._meta.get_field(name)
            through, column = relation.remote_field.through, relation.m2m_reverse_field_name()
            links = [
                through(action_id=action.pk, **{f"{column}_id": other})
                for action, item in zip(actions, created, strict=True)
                for other in sorted(
                    self._partners(item.values)
                    if name == "delivery_partners"
                    else item.values[name]
                )
            ]
            through.objects.bulk_create(links, batch_size=BATCH)
            HistoricalRecords.m2m_models[relation].objects.bulk_create(
                [
                    HistoricalRecords.m2m_models[relation](
                        id=link.pk,
                        action_id=link.action_id,
                        history_id=history_ids[link.action_id],
                        **{f"{column}_id": getattr(link, f"{column}_id")},
                    )
                    for link in links
                ],
                batch_size=BATCH,
            )
        updates = [
            ProgressUpdate(
                action=action,
                author=self.by,
                period=quarter,
                status=action.status,
                percent_complete=action.percent_complete,
                narrative=IMPORT_NARRATIVE,
                reason=item.values["reason"],
            )
            for action, item in zip(actions, created, strict=True)
            if (action.status, action.percent_complete) != (Status.NOT_STARTED, 0)
        ]
        ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
        self.actions.update((action.reference, action.pk) for action in actions)
        self.counts["actions created"] += len(actions)
        self.counts["progress updates recorded"] += len(updates)

    def _progress(self, action, values, quarter):
        """A new progress update when the file's status or percent differs from the
        action's latest: the import never changes an update, it adds one."""
        if (action.status, action.percent_complete) == (values["status"], values["percent"]):
            return
        action.record_progress(
            author=self.by,
            period=quarter,
            status=values["status"],
            percent_complete=values["percent"],
            narrative=IMPORT_NARRATIVE,
            reason=values["reason"],
        )
        self.counts["progress updates recorded"] += 1

    def save_milestones(self):
        milestones = [
            Milestone(
                action_id=self.actions[item.values["action"]],
                title=item.values["title"],
                due_date=item.values["due_date"],
                completed_on=item.values["completed_on"],
            )
            for item in self.preview.milestones.created
        ]
        bulk_create_with_history(
            milestones,
            Milestone,
            batch_size=BATCH,
            default_user=self.by,
            default_change_reason=CHANGE_REASON,
        )
        self.counts["milestones created"] += len(milestones)
        changed = {item.pk: item for item in self.preview.milestones.changed}
        for milestone in Milestone.objects.filter(pk__in=changed):
            values = changed[milestone.pk].values
            milestone.due_date = values["due_date"]
            milestone.completed_on = values["completed_on"]
            _by(milestone, self.by).save(update_fields=["due_date", "completed_on"])
            self.counts["milestones changed"] += 1

    def save_indicator_values(self):
        for item in self.preview.indicator_values.created:
            values = item.values
            value = IndicatorValue(
                indicator_id=values["indicator"],
                period=values["quarter"],
                value=values["value"],
                note=values["note"],
                source=values["source"] or "",
                provisional=bool(values["provisional"]),
                entered_by=self.by,
            )
            _by(value, self.by).save()
            self.counts["indicator values created"] += 1
        changed = {item.pk: item for item in self.preview.indicator_values.changed}
        for value in IndicatorValue.objects.filter(pk__in=changed):
            values = changed[value.pk].values
            value.value, value.note = values["value"], values["note"]
            fields = ["value", "note"]
            for field in ("source", "provisional"):  # None: not in the sheet, kept
                if values[field] is not None:
                    setattr(value, field, values[field])
                    fields.append(field)
            _by(value, self.by).save(update_fields=fields)
            self.counts["indicator values changed"] += 1
