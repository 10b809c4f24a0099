from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "apps.membership"
    label = "membership"
    verbose_name = "Membership"
