"""Forms for staff who manage partner organisations and their users. They validate only."""

from django import forms
from django.contrib.auth.models import User

from vawg_tracker.widgets import FastSelect

from .models import PartnerOrganisation


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(required=False, max_length=200, assume_scheme="https")

    class Meta:
        model = PartnerOrganisation
        fields = [
            "name",
            "kind",
            "description",
            "website",
            "by_and_for",
            "by_and_for_whom",
            "specialist_vawg",
            "size_band",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "kind": FastSelect}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("by_and_for_whom", "").strip() and not cleaned.get("by_and_for"):
            self.add_error(
                "by_and_for_whom",
                "Say whom it is led by and for only if it is “by and for”: tick that box too, "
                "or leave this empty.",
            )
        return cleaned


class InviteForm(forms.Form):
    """A new partner user for an organisation."""

    username = forms.CharField(max_length=150, help_text="What they will sign in with.")
    first_name = forms.CharField(max_length=150)
    last_name = forms.CharField(max_length=150)
    email = forms.EmailField(help_text="Their work address: the set-password link goes there.")

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken. Choose another.")
        return username
