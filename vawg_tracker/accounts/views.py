from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from vawg_tracker import audit

from .access import any_signed_in_user, public
from .forms import SignInForm


@any_signed_in_user
def home(request):
    """Send each user to the page their role starts from."""
    if request.user.has_perm("accounts.view_dashboard"):
        return redirect("plans:dashboard")
    if request.user.has_perm("accounts.use_partner_portal"):
        return redirect("partners:home")
    return render(request, "accounts/no_role.html", status=403)


login = public(
    auth_views.LoginView.as_view(authentication_form=SignInForm, redirect_authenticated_user=True)
)
logout = any_signed_in_user(auth_views.LogoutView.as_view())


class PasswordChangeView(auth_views.PasswordChangeView):
    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(audit.Kind.PASSWORD_CHANGED, self.request, user=form.user)
        return response


class PasswordSetView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(audit.Kind.PASSWORD_SET, self.request, user=form.user)
        return response


password_change = any_signed_in_user(PasswordChangeView.as_view())
# The link a new partner user gets to choose their first password (works once).
password_set = public(
    PasswordSetView.as_view(
        template_name="registration/password_set.html",
        success_url="/accounts/login/?password=set",
        post_reset_login=False,
    )
)
password_change_done = any_signed_in_user(auth_views.PasswordChangeDoneView.as_view())


@public
def admin_login(request):
    """
    The admin has no sign-in page of its own: everyone signs in through ours, so that
    one page carries every sign-in control. Signed-in users without admin access get 403.
    """
    if request.user.is_authenticated:
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next", "/admin/"))
