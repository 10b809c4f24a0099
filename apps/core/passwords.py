"""The portal's password rules (settings.AUTH_PASSWORD_VALIDATORS): Django's, one reworded."""

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's minimum-length rule with its refusal in the portal's catalogue: Django 5.2
    reworded the message and its Chinese catalogue has not caught up, so a short password was
    refused in English on a Chinese page."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: it needs at least %(min_length)d character.",
            "This password is too short: it needs at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}
