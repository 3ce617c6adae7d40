"""Forms for the update round's pages. They validate; plans.lifecycle acts."""

from django import forms

from vawg_tracker.limits import SHORT_TEXT


class ReopenForm(forms.Form):
    reason = forms.CharField(
        max_length=SHORT_TEXT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Recorded with the quarter's history and named in the revised report. "
        "Say what is to be corrected, not who got it wrong.",
    )
