from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .models import EmailPreference

# The longest password anyone can have (settings: the maximum length validator).
PASSWORD_MAX_LENGTH = 128


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": (
            "That username and password do not match an active account. Both are case-sensitive."
        ),
    }

    def clean_password(self):
        # No maxlength on the input: a browser would cut a pasted password without a word.
        password = self.cleaned_data["password"]
        if len(password) > PASSWORD_MAX_LENGTH:
            raise forms.ValidationError(
                f"Passwords are at most {PASSWORD_MAX_LENGTH} characters; this one has "
                f"{len(password)}, so it cannot be yours. Check what you pasted."
            )
        return password


class CodeForm(forms.Form):
    """The six digits an authenticator app shows."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Enter the six digits your app shows, for example 123456.")
        return code


class EmailPreferenceForm(forms.ModelForm):
    class Meta:
        model = EmailPreference
        fields = ["returned"]
        widgets = {"returned": forms.RadioSelect}
        help_texts = {
            "returned": "When the PCC office returns an update, an activity or a spend return "
            "of yours for changes, the email says what, why and links to it."
        }
