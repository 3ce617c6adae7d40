from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from vawg_tracker import audit

from . import two_factor
from .access import any_signed_in_user, public
from .capabilities import Can
from .forms import CodeForm, EmailPreferenceForm, SignInForm
from .models import EmailPreference


@any_signed_in_user
def home(request):
    """Send each user to the page their role starts from."""
    if request.user.has_perm(Can.VIEW_DASHBOARD):
        return redirect("reports:dashboard")
    if request.user.has_perm(Can.USE_PARTNER_PORTAL):
        return redirect("activities:home")
    return render(request, "accounts/no_role.html", status=403)


@any_signed_in_user
@require_http_methods(["GET", "HEAD", "POST"])
def account(request):
    """Your account: which emails you get, and links to your password and two-factor."""
    preference = EmailPreference.objects.filter(user=request.user).first()
    form = EmailPreferenceForm(
        request.POST or None, instance=preference or EmailPreference(user=request.user)
    )
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Your email choice is saved.")
            return redirect("account")
        return render(request, "accounts/account.html", {"form": form}, status=400)
    return render(request, "accounts/account.html", {"form": form})


class SignInView(auth_views.LoginView):
    """
    The password step. django-axes has already counted the attempt (and refuses a locked
    out username and address). A user with an authenticator app goes on to the code step.
    """

    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        user = form.get_user()
        if two_factor.confirmed_device(user) is None:
            return super().form_valid(form)
        two_factor.begin_pending(self.request, user, self.get_success_url())
        return redirect("login_code")


login = public(SignInView.as_view())


@public
def login_code(request):
    """The code step of signing in, for users with an authenticator app."""
    if request.user.is_authenticated:
        return redirect("home")
    found = two_factor.pending(request)
    if found is None:
        messages.info(request, "Sign in with your username and password first.")
        return redirect("login")
    user, backend, next_url = found
    device = two_factor.confirmed_device(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ok, why = two_factor.check_code(device, form.cleaned_data["code"])
        if ok:
            two_factor.finish_sign_in(request, user, backend, device)
            if not url_has_allowed_host_and_scheme(
                next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
            ):
                next_url = resolve_url(settings.LOGIN_REDIRECT_URL)
            return redirect(next_url)
        form.add_error("code", why)
    return render(request, "registration/login_code.html", {"form": form})


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


def _two_factor_page(request, form=None, status=200):
    device = two_factor.confirmed_device(request.user)
    new_device = None if device else two_factor.unconfirmed_device(request.user)
    context = {
        "device": device,
        "new_device": new_device,
        "required": settings.REQUIRE_TWO_FACTOR and two_factor.must_use(request.user),
        "form": form or CodeForm(),
    }
    if new_device:
        context["secret"] = two_factor.secret_text(new_device)
        context["qr_code"] = two_factor.qr_code_data_uri(new_device)
    return render(request, "accounts/two_factor.html", context, status=status)


@any_signed_in_user
@require_safe
def two_factor_page(request):
    """Whether the user signs in with a code, and setting it up or removing it."""
    return _two_factor_page(request)


@any_signed_in_user
@require_POST
def two_factor_start(request):
    """A new secret to scan; it is used for nothing until a code confirms it."""
    if two_factor.confirmed_device(request.user) is None:
        two_factor.start_device(request.user)
    return redirect("two_factor")


@any_signed_in_user
@require_POST
def two_factor_confirm(request):
    """The first code from the app turns two-factor sign-in on, and verifies this session."""
    return _with_current_code(
        request,
        two_factor.unconfirmed_device(request.user),
        two_factor.turn_on,
        "Two-factor sign-in is on. You will be asked for a code when you sign in.",
    )


@any_signed_in_user
@require_POST
def two_factor_remove(request):
    """Turning it off needs a current code, so a borrowed session cannot do it."""
    return _with_current_code(
        request,
        two_factor.confirmed_device(request.user),
        two_factor.turn_off,
        "Two-factor sign-in is off.",
    )


def _with_current_code(request, device, change, done):
    """Make ``change(request, device)`` if the posted code is right for ``device``."""
    if device is None:
        return redirect("two_factor")
    form = CodeForm(request.POST)
    if form.is_valid():
        ok, why = two_factor.check_code(device, form.cleaned_data["code"])
        if ok:
            change(request, device)
            messages.success(request, done)
            return redirect("two_factor")
        form.add_error("code", why)
    return _two_factor_page(request, form, status=400)


@public
def admin_login(request):
    """
    The admin has no sign-in page of its own: everyone signs in through ours, so that
    one page carries every sign-in control. Signed-in users without admin access get 403,
    and those who need two-factor sign-in first are sent to set it up.
    """
    if request.user.is_authenticated:
        if request.user.is_staff and not two_factor.admin_has_permission(request):
            return redirect("two_factor")
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next", "/admin/"))
