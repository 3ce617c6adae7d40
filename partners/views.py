"""
The staff pages that manage partner organisations and their users: the organisations,
their members, inviting a new one, and switching a member's sign-in off and on. What an
organisation delivered is the activities app's (its template tag shows the totals here).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group, User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST, require_safe

from vawg_tracker.accounts.access import requires
from vawg_tracker.accounts.capabilities import Can
from vawg_tracker.accounts.models import Role
from vawg_tracker.paging import page_or_404

from . import access
from .forms import InviteForm, OrganisationForm
from .models import PartnerMembership, PartnerOrganisation

PAGE_SIZE = 25


def _page(request, queryset, size=PAGE_SIZE):
    return page_or_404(request, queryset, size)


# --- Staff: organisations and their users -----------------------------------------------


@requires(Can.MANAGE_PARTNERS)
@require_safe
def organisation_list(request):
    organisations = PartnerOrganisation.objects.annotate(
        members=Count("memberships", distinct=True),
        activity_count=Count("activities", distinct=True),
    ).order_by("name")
    return render(
        request, "partners/organisation_list.html", {"page": _page(request, organisations, 50)}
    )


@requires(Can.MANAGE_PARTNERS)
@require_safe
def organisation_detail(request, pk):
    organisation = access.get_organisation_with_members(pk)
    context = {
        "organisation": organisation,
        "invite_form": InviteForm(),
    }
    return render(request, "partners/organisation_detail.html", context)


@requires(Can.MANAGE_PARTNERS)
def organisation_create(request):
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = form.save()
        messages.success(request, f"“{organisation}” added.")
        return redirect("partners:organisation_detail", organisation.pk)
    return render(request, "object_form.html", {"form": form, "title": "New partner organisation"})


@requires(Can.MANAGE_PARTNERS)
def organisation_edit(request, pk):
    organisation = access.get_organisation(pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"“{organisation}” saved.")
        return redirect("partners:organisation_detail", organisation.pk)
    return render(request, "object_form.html", {"form": form, "title": f"Edit “{organisation}”"})


@requires(Can.MANAGE_PARTNERS)
@require_POST
def member_invite(request, pk):
    organisation = access.get_organisation(pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        context = {
            "organisation": organisation,
            "invite_form": form,
        }
        return render(request, "partners/organisation_detail.html", context, status=400)
    with transaction.atomic():
        user = User.objects.create_user(**form.cleaned_data)  # no password: unusable
        user.groups.add(Group.objects.get(name=Role.PARTNER))
        PartnerMembership.objects.create(user=user, organisation=organisation)
    # SITE_URL, like every email: never the request's Host header, which the sender chooses.
    link = settings.SITE_URL + reverse(
        "password_set",
        args=[
            urlsafe_base64_encode(force_bytes(user.pk)),
            default_token_generator.make_token(user),
        ],
    )
    send_mail(
        "Your VAWG Tracker account",
        f"The PCC office has given you an account for {organisation}.\n\n"
        f"Choose your password here (the link works once):\n{link}\n\n"
        f"Then sign in as {user.username}.",
        None,
        [user.email],
    )
    messages.success(
        request,
        f"{user.username} can now sign in for {organisation}. We emailed them a link to "
        f"choose a password; you can also send it yourself: {link}",
    )
    return redirect("partners:organisation_detail", organisation.pk)


def _set_active(request, pk, active):
    membership = access.get_membership(pk)
    membership.user.is_active = active
    membership.user.save(update_fields=["is_active"])
    state = "can sign in again" if active else "can no longer sign in; their records are kept"
    messages.success(request, f"{membership.user.username} {state}.")
    return redirect("partners:organisation_detail", membership.organisation_id)


@requires(Can.MANAGE_PARTNERS)
@require_POST
def member_deactivate(request, pk):
    return _set_active(request, pk, active=False)


@requires(Can.MANAGE_PARTNERS)
@require_POST
def member_reactivate(request, pk):
    return _set_active(request, pk, active=True)
