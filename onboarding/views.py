"""
Importing in the browser (PCC staff): download the template, upload a filled one and see
its preview (nothing saved), confirm it (saved, all or nothing); and a plan's export in
the template's shape for anyone who may read the plan.

The upload is kept on the server (models.PendingImport) between the preview and the
confirmation. Confirming reads it again and makes the preview again, since the tracker
may have changed in between, and saves only if there is still no problem.
"""

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from plans import access
from vawg_tracker import audit
from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.downloads import XLSX_TYPE

from .forms import ConfirmForm, IndicatorValuesUploadForm, PlanUploadForm
from .models import PendingImport, UploadKind
from .preview import NotReady, preview_indicator_values, preview_plan
from .reading import FileRefused
from .template import actions_csv, workbook

# A long list of changes is cut here on the page; the counts above it are complete.
CHANGES_SHOWN = 200


def _attachment(data, name, content_type):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _dated(name, extension):
    return f"vawg-{name}-{timezone.localdate().isoformat()}.{extension}"


@requires(Can.MANAGE_DELIVERY)
@require_safe
def template_xlsx(request):
    """The empty template: its three sheets, and the Read me with the tracker's names."""
    audit.record(audit.Kind.EXPORT, request)
    return _attachment(workbook(), "vawg-import-template.xlsx", XLSX_TYPE)


@requires(Can.MANAGE_DELIVERY)
@require_safe
def template_csv(request):
    """The template's Actions sheet as CSV: its header row."""
    audit.record(audit.Kind.EXPORT, request)
    return _attachment(actions_csv(), "vawg-import-template-actions.csv", "text/csv; charset=utf-8")


@requires(Can.VIEW_DELIVERY)
@require_safe
def plan_export(request, pk):
    """The plan in the template's shape: import it into another tracker to recreate it."""
    plan = access.get_plan(pk)
    audit.record(audit.Kind.EXPORT, request, obj=plan)
    return _attachment(workbook(plan), _dated(f"plan-{plan.pk}", "xlsx"), XLSX_TYPE)


def _read(form, make_preview):
    """The preview of the form's file, or None with the reason on the file field."""
    data = form.cleaned_data["file"].read()
    try:
        return data, make_preview(data)
    except FileRefused as refused:
        form.add_error("file", str(refused))
        return data, None


def _preview_page(
    request, preview, *, pending=None, create_missing=False, confirm=None, failed=False
):
    """
    The preview: counts, changes, the names the tracker lacks and every problem; a
    Confirm button only with an upload kept for it. Before confirming, the names the
    tracker lacks are listed beside the tick box rather than as problems; when a
    confirmation ``failed``, they are problems too unless the box was ticked (409).
    """
    changes = list(preview.change_lines())
    context = {
        "preview": preview,
        "problems": preview.errors(create_missing=create_missing or not failed),
        "changes": changes[:CHANGES_SHOWN],
        "more_changes": max(len(changes) - CHANGES_SHOWN, 0),
        "sheets": [
            ("Actions", preview.actions),
            ("Milestones", preview.milestones),
            ("Indicator values", preview.indicator_values),
        ],
        "pending": pending,
        "confirm": confirm or ConfirmForm(initial={"create_missing": create_missing}),
    }
    status = 409 if failed else 400 if confirm and confirm.errors else 200
    return render(request, "onboarding/preview.html", context, status=status)


def _upload(request, form, make_preview, keep):
    """Read the form's file, keep it if its preview has no problem, show the preview."""
    data, preview = _read(form, make_preview)
    if preview is None:
        return None
    pending = None
    if not preview.errors(create_missing=True):
        has_missing = bool(preview.missing_leads or preview.missing_partners)
        pending = keep(data, has_missing)
    create_missing = form.cleaned_data.get("create_missing", False)
    return _preview_page(request, preview, pending=pending, create_missing=create_missing)


@requires(Can.MANAGE_DELIVERY)
def upload_plan(request):
    form = PlanUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        plan, title = form.cleaned_data["plan"], form.cleaned_data["title"]
        strategy = None if plan else form.cleaned_data["strategy"]
        response = _upload(
            request,
            form,
            lambda data: preview_plan(data, plan=plan, title=title, strategy=strategy),
            lambda data, has_missing: PendingImport.keep(
                user=request.user,
                data=data,
                kind=UploadKind.PLAN,
                plan=plan,
                title="" if plan else title,
                strategy=strategy,
                has_missing=has_missing,
            ),
        )
        if response is not None:
            return response
    return render(request, "onboarding/upload.html", {"form": form, "kind": UploadKind.PLAN})


@requires(Can.MANAGE_DELIVERY)
def upload_indicator_values(request):
    form = IndicatorValuesUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        response = _upload(
            request,
            form,
            preview_indicator_values,
            lambda data, has_missing: PendingImport.keep(
                user=request.user, data=data, kind=UploadKind.INDICATOR_VALUES
            ),
        )
        if response is not None:
            return response
    context = {"form": form, "kind": UploadKind.INDICATOR_VALUES}
    return render(request, "onboarding/upload.html", context)


def _again(pending_kind):
    name = "upload_indicator_values" if pending_kind == UploadKind.INDICATOR_VALUES else "upload"
    return reverse(f"onboarding:{name}")


@requires(Can.MANAGE_DELIVERY)
@require_POST
def confirm(request, token):
    """Import a kept upload: once, as the user, if its preview still has no problem."""
    pending = PendingImport.objects.waiting_for(request.user, token)
    if pending is None:
        messages.info(
            request,
            "That import has already been confirmed, or was not confirmed within a day. "
            "Nothing more was saved; upload the file again to import it.",
        )
        return redirect("onboarding:upload")
    form = ConfirmForm(request.POST, has_missing=pending.has_missing)
    if not form.is_valid():
        return _preview_page(request, pending.preview(), pending=pending, confirm=form)
    create_missing = form.cleaned_data["create_missing"]
    with transaction.atomic():
        if not pending.claim():  # a second click, after the first had it
            messages.info(request, "That import has already been confirmed.")
            return redirect(_again(pending.kind))
        preview = pending.preview()
        try:
            counts = preview.apply(by=request.user, create_missing=create_missing)
        except NotReady:
            counts = None
    if counts is None:
        messages.error(
            request,
            "The tracker has changed since the preview, and the file now has problems: "
            "nothing was saved. Fix them and upload the file again.",
        )
        return _preview_page(request, preview, create_missing=create_missing, failed=True)
    audit.record(audit.Kind.IMPORTED, request, obj=preview.plan)
    messages.success(request, _imported(counts))
    if pending.kind == UploadKind.INDICATOR_VALUES:
        return redirect("plans:indicator_list")
    return redirect(preview.plan)


def _imported(counts):
    """ "Imported: 3 actions created, 1 changed (2 milestones created)." """
    others = "; ".join(
        f"{count} {what}"
        for what, count in counts.items()
        if count and what not in ("actions created", "actions changed")
    )
    if {"actions created", "actions changed"} & set(counts) or not others:
        done = (
            f"Imported: {counts.get('actions created', 0)} actions created, "
            f"{counts.get('actions changed', 0)} changed"
        )
        return done + (f" ({others})." if others else ".")
    return f"Imported: {others}."
