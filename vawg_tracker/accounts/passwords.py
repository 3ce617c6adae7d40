"""Password rules of our own (Django's validators cover the rest; see settings)."""

from django.core.exceptions import ValidationError


class MaximumLengthValidator:
    """
    Refuses passwords longer than ``max_length`` characters, saying so, instead of letting
    a browser or a hasher cut them short without telling anyone.
    """

    def __init__(self, max_length=128):
        self.max_length = max_length

    def validate(self, password, user=None):
        if len(password) > self.max_length:
            raise ValidationError(
                f"This password is too long: use at most {self.max_length} characters "
                f"(it has {len(password)}).",
                code="password_too_long",
            )

    def get_help_text(self):
        return f"Your password can be up to {self.max_length} characters long."
