from django.shortcuts import render

from vawg_tracker.accounts.access import requires


@requires("accounts.use_partner_portal")
def home(request):
    return render(request, "partners/home.html")
