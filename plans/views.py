from django.shortcuts import render

from vawg_tracker.accounts.access import requires


@requires("accounts.view_dashboard")
def dashboard(request):
    return render(request, "plans/dashboard.html")
