"""User accounts, managed by county administrators for their own subtree."""

from django import forms
from django.contrib import messages
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..forms import ScopedModelForm
from ..listing import paginate
from ..models import UnionOrg, User
from ..permissions import require_county_admin
from ..services import history_context
from ..widgets import SearchSelect


class UserForm(ScopedModelForm):
    password = forms.CharField(
        label=gettext_lazy("New password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Leave blank to keep the current password."),
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "role", "org", "phone", "is_active"]
        widgets = {"org": SearchSelect()}
        # Django's own labels and help texts read oddly here ("名字", "指明用户是否被认为是活跃的").
        labels = {
            "first_name": gettext_lazy("Full name"),
            "is_active": gettext_lazy("Account in use"),
        }
        help_texts = {
            "username": gettext_lazy("Used to sign in: letters, digits and @ . + - _ only."),
            "first_name": gettext_lazy("As shown in the records and the history."),
            "is_active": gettext_lazy(
                "Untick to stop this person signing in; their records and history are kept."
            ),
        }

    def scoped_querysets(self):
        return {"org": UnionOrg.objects.visible_to(self.user)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].required = True
        if not self.instance.pk:
            self.fields["password"].required = True
            self.fields["password"].help_text = ""

    def clean_password(self):
        password = self.cleaned_data["password"]
        if password:
            validate_password(password, self.instance)
        return password

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk == self.user.pk and cleaned.get("is_active") is False:
            self.add_error("is_active", _("You cannot deactivate your own account."))
        return cleaned


def user_list(request):
    require_county_admin(request.user)
    users = User.objects.visible_to(request.user).select_related("org").order_by("username")
    return render(request, "core/user_list.html", {"page": paginate(request, users)})


def user_edit(request, pk=None):
    require_county_admin(request.user)
    account = get_object_or_404(User.objects.visible_to(request.user), pk=pk) if pk else User()
    form = UserForm(request.POST or None, instance=account, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic(), history_context(request.user):
            account = form.save(commit=False)
            if form.cleaned_data["password"]:
                account.set_password(form.cleaned_data["password"])
            account.save()
        messages.success(request, _("Saved %(name)s.") % {"name": account.username})
        return redirect("core:user_list")
    return render(request, "core/user_form.html", {"form": form, "account": account})
