"""One way for the API to write, used by every app: a body declared by the web's form, checked
for its shape, validated by the form and saved by the service.

A write endpoint's request body is the form's fields (`form_body`): the schema documents exactly
what the form accepts, and nothing is written twice. The JSON is first checked for its shape
only (a list where several choices are taken, no boolean where a date or text is expected, no
field the endpoint does not take), because a form assumes what a browser sends and crashes on
anything else; then the form parses and checks the values with the same rules as the web page.
On an edit, a field the client may read but not change (`status`, a disabled `parent` …) is
accepted when sent back unchanged (a client echoing what it read) and refused when changed:
silently dropping it would answer 200 to a change that did not happen.
"""

from contextlib import contextmanager
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .choices import Role
from .forms import ScopedModelForm
from .models import User
from .serializers import as_drf_error

INT_MIN, INT_MAX = -(2**31), 2**31 - 1  # the range of the integer columns the values land in

UNKNOWN = _("Unknown field: this endpoint does not take it.")
READ_ONLY = _("This field is read-only: it cannot be changed here.")
OUT_OF_RANGE = _("A date or number is out of range.")
NOT_VALID = _("Not a valid value.")
CONFLICT = _("Another change was saved at the same time; reload and try again.")


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = CONFLICT
    default_code = "conflict"


# ---------------------------------------------------------------------------------------------
# the body: a form's fields as a serializer
# ---------------------------------------------------------------------------------------------


def _choices(field):
    """The form field's choices as (value, label) pairs, without the empty "---------"."""
    flat = []
    for value, label in field.choices:
        if isinstance(label, (list, tuple)):  # an optgroup
            flat.extend((v, text) for v, text in label if v != "")
        elif value != "":
            flat.append((value, label))
    return flat


def api_field(field: forms.Field, *, required: bool) -> serializers.Field:
    """The DRF field that documents a form field: its JSON type, whether it is required, its
    choices and limits. It only documents and types: the form parses and checks the value."""
    common = {"required": required, "label": field.label, "help_text": field.help_text or None}
    optional = {"allow_null": not field.required}
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **common)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(min_value=1, **common, **optional)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.ListField(child=serializers.ChoiceField(_choices(field)), **common)
    if isinstance(field, (forms.BooleanField, forms.NullBooleanField)):
        return serializers.BooleanField(**common)
    if isinstance(field, forms.ChoiceField):
        return serializers.ChoiceField(
            _choices(field), allow_blank=not field.required, **common, **optional
        )
    if isinstance(field, forms.IntegerField):
        low, high = field.min_value, field.max_value
        return serializers.IntegerField(
            min_value=max(low, INT_MIN) if low is not None else INT_MIN,
            max_value=min(high, INT_MAX) if high is not None else INT_MAX,
            **common,
            **optional,
        )
    if isinstance(field, forms.DecimalField):
        return serializers.DecimalField(
            field.max_digits,
            field.decimal_places,
            min_value=field.min_value,
            max_value=field.max_value,
            coerce_to_string=False,
            **common,
            **optional,
        )
    if isinstance(field, forms.FloatField):
        return serializers.FloatField(**common, **optional)
    if isinstance(field, forms.DateTimeField):
        return serializers.DateTimeField(**common, **optional)
    if isinstance(field, forms.DateField):
        return serializers.DateField(**common, **optional)
    limits = {"max_length": getattr(field, "max_length", None)}
    return serializers.CharField(allow_blank=not field.required, **limits, **common, **optional)


TEXT_FIELDS = (serializers.CharField, serializers.DateField, serializers.DateTimeField)


def _message(field, key, value):
    """DRF's own message for `key` (translated, with its placeholders filled in)."""
    text = field.error_messages.get(key) or field.error_messages.get("invalid") or NOT_VALID
    return str(text).format(
        format="YYYY-MM-DD",
        input=value,
        input_type=type(value).__name__,
        max_value=INT_MAX,
        min_value=INT_MIN,
    )


def _shape_error(target, value):
    """What is wrong with the JSON kind of `value` for the documented field, or None. The form
    would crash on a boolean where it expects text (`.strip()`), so these never reach it."""
    if value is None:
        return None  # empty: the form says whether the field may be left empty
    if isinstance(target, serializers.ListField):
        if not isinstance(value, list):
            return _message(target, "not_a_list", value)
        bad = [item for item in value if item is None or isinstance(item, (bool, dict, list))]
        return _message(target.child, "invalid", bad[0]) if bad else None
    if isinstance(target, serializers.BooleanField):
        ok = isinstance(value, (bool, int, str)) and not isinstance(value, float)
        return None if ok else _message(target, "invalid", value)
    if isinstance(value, (bool, dict, list)):
        return _message(target, "invalid", value)
    if isinstance(target, serializers.ChoiceField):
        takes_numbers = any(not isinstance(choice, str) for choice in target.choices)
        ok = isinstance(value, str) or takes_numbers
        return None if ok else _message(target, "invalid_choice", value)
    if isinstance(target, TEXT_FIELDS):
        return None if isinstance(value, str) else _message(target, "invalid", value)
    if isinstance(target, serializers.IntegerField):
        try:
            number = int(str(value).strip())
        except ValueError:
            return None  # not a whole number: the form says so in its words
        if not INT_MIN <= number <= INT_MAX:
            return _message(target, "max_value" if number > 0 else "min_value", value)
    return None


class FormBody(serializers.Serializer):
    """A request body declared by a Django form (see `form_body`). Fields declared on a
    subclass are extra parts of the body that are not form fields (an assessment's `scores`);
    `form_data` turns the body into the form's data."""

    form_class: type = None
    form_kwargs: dict = {}  # what the documenting form is built with (beside user and instance)
    existing = False  # an edit: nothing is required, the record supplies what is not sent

    @classmethod
    def documenting_form(cls):
        """The form as the schema shows it: no user (so no scoped choices), a new record, or an
        existing one for an edit."""
        kwargs = dict(cls.form_kwargs)
        if issubclass(cls.form_class, forms.ModelForm):
            model = cls.form_class._meta.model
            kwargs.setdefault("instance", _stand_in(model) if cls.existing else model())
        if issubclass(cls.form_class, ScopedModelForm):
            # Someone who may fill in every field, with no scope (no choices) and no query.
            kwargs.setdefault("user", User(is_active=False, role=Role.COUNTY_ADMIN))
        return cls.form_class(**kwargs)

    def get_fields(self):
        form = self.context.get("form") or self.documenting_form()
        declared = super().get_fields()
        fields = {}
        filled = isinstance(form, forms.BaseModelForm)  # the record fills in what is not sent
        for name, field in form.fields.items():
            if field.disabled or name in declared:
                continue
            initial = form.get_initial_for_field(field, name) if filled else None
            required = field.required and not self.existing and initial in (None, "", [])
            fields[name] = api_field(field, required=required)
        fields.update(declared)
        return fields

    def to_internal_value(self, data):
        """The body as sent, checked for shape only; declared extra fields are validated."""
        if isinstance(data, QueryDict):
            data = {
                name: data.getlist(name)
                if isinstance(self.fields.get(name), serializers.ListField)
                else data.get(name)
                for name in data
            }
        if not isinstance(data, dict):
            message = self.error_messages["invalid"].format(datatype=type(data).__name__)
            raise serializers.ValidationError({"non_field_errors": [message]})
        errors, values = {}, {}
        current = self.context.get("current") or {}
        shown = self.context.get("shown") or current
        for name, value in data.items():
            field = self.fields.get(name)
            if name in current and same_value(value, current[name]):
                # Sent back as shown: read-only, or shown masked (a phone number), it stays.
                continue
            if field is None:
                if name in shown:
                    errors[name] = [self.context.get("read_only", {}).get(name, READ_ONLY)]
                else:
                    errors[name] = [UNKNOWN]
            elif name in self._declared_fields:
                check = getattr(self, f"validate_{name}", lambda value: value)
                try:
                    values[name] = check(field.run_validation(value))
                except serializers.ValidationError as error:
                    errors[name] = error.detail
            elif (message := _shape_error(field, value)) is not None:
                errors[name] = [message]
            else:
                values[name] = value
        if errors:
            raise serializers.ValidationError(errors)
        return values

    def form_data(self, values):
        return values


def _stand_in(model):
    """An "existing" record for the schema that answers its related lists empty without a
    query: the schema is generated without a database (`manage.py spectacular`)."""
    instance = model(pk=-1)  # truthy, so forms treat it as saved; no row has it
    instance._state.adding = False
    related = [(rel.get_accessor_name(), rel.related_model) for rel in model._meta.related_objects]
    related += [(field.name, field.related_model) for field in model._meta.many_to_many]
    instance._prefetched_objects_cache = {
        name: related_model._default_manager.none() for name, related_model in related if name
    }
    return instance


def same_value(sent, shown):
    """A value sent back equals what the API showed: as JSON, or as the same number."""
    if sent == shown or (sent in (None, "") and shown in (None, "")):
        return True
    if isinstance(sent, (bool, dict, list)) or isinstance(shown, (bool, dict, list)):
        return False
    try:
        return Decimal(str(sent)) == Decimal(str(shown))
    except (InvalidOperation, ValueError):
        return str(sent) == str(shown)


def form_body(form_class, *, name, existing=False, base=FormBody, **form_kwargs):
    """The request body of an endpoint that `form_class` validates, as a serializer class named
    `name` (the schema's component name, e.g. "ContractVote")."""
    attrs = {
        "form_class": form_class,
        "form_kwargs": form_kwargs,
        "existing": existing,
        "__module__": base.__module__,
        "__doc__": form_class.__doc__ or base.__doc__,
    }
    return type(name, (base,), attrs)


class StrictBody:
    """A plain DRF serializer as a body: fields it does not take are refused, not ignored."""

    def to_internal_value(self, data):
        if isinstance(data, dict):
            errors = {}
            for name, value in data.items():
                field = self.fields.get(name)
                if field is None or field.read_only:
                    errors[name] = [UNKNOWN if field is None else READ_ONLY]
                elif (message := _shape_error(field, value)) is not None:
                    errors[name] = [message]
            if errors:
                raise serializers.ValidationError(errors)
        return super().to_internal_value(data)


class NoBody(serializers.Serializer):
    """An endpoint that takes nothing: an empty object or no body."""

    def to_internal_value(self, data):
        if isinstance(data, dict) and data:
            raise serializers.ValidationError({name: [UNKNOWN] for name in data})
        return super().to_internal_value(data)


# ---------------------------------------------------------------------------------------------
# the viewsets
# ---------------------------------------------------------------------------------------------


class BodySchema(AutoSchema):
    """The request body of a create or edit is the viewset's form (`view.body_for`)."""

    def get_request_serializer(self):
        body = self.view.body_for(getattr(self.view, "action", None))
        return body if body is not None else super().get_request_serializer()


class ApiWrites:
    """Helpers every write endpoint goes through: `form_for` (body → valid form, or 400) and
    `save` (the service in a transaction; its ValidationError a 400, a race a 409)."""

    schema = BodySchema()
    bodies: dict = {}  # action name → FormBody for writes not declared by `write_action`

    def body_for(self, action):
        return self.bodies.get(action)

    read_only_messages: dict = {}  # field → why it cannot be changed here, when it says more

    def form_for(self, body_class, *, instance=None, current=None, shown=(), **form_kwargs):
        """The bound, valid form for the request's body. `instance` is the record edited (its
        values fill in what is not sent); `current` is what the API shows of it, against which
        read-only fields sent back are compared; `shown` names the fields the API shows (sent
        on a create, they are refused as read-only rather than as unknown)."""
        if instance is not None:
            form_kwargs["instance"] = instance
        unbound = body_class.form_class(**form_kwargs)
        context = {
            "form": unbound,
            "current": current,
            "shown": set(shown) | set(current or ()),
            "read_only": self.read_only_messages,
        }
        body = body_class(data=self.request.data, context=context)
        body.is_valid(raise_exception=True)
        data = body.form_data(body.validated_data)
        if instance is not None:  # a new record's defaults, an existing one's values
            initial = {
                name: unbound.get_initial_for_field(field, name)
                for name, field in unbound.fields.items()
            }
            data = {**{k: v for k, v in initial.items() if v is not None}, **data}
        form = body_class.form_class(data=data, **form_kwargs)
        with guarded():
            valid = form.is_valid()
        if not valid:
            raise as_drf_error(ValidationError(dict(form.errors)))
        return form

    def body(self, serializer_class, **context):
        """The validated data of a body that is a plain serializer (`StrictBody`, `NoBody`)."""
        body = serializer_class(
            data=self.request.data, context={"request": self.request, **context}
        )
        body.is_valid(raise_exception=True)
        return body.validated_data

    def save(self, service, *args, **kwargs):
        with guarded(), transaction.atomic():
            return service(*args, **kwargs)


@contextmanager
def guarded():
    """A rule's ValidationError becomes a 400 with its field messages; a unique violation from
    two writes at once a 409; a value past a column's or a date's range a 400 instead of a
    500. Kept here so that no endpoint can answer 500 for what a client sent."""
    try:
        yield
    except ValidationError as error:
        raise as_drf_error(error) from error
    except IntegrityError as error:
        raise Conflict() from error
    except (DataError, OverflowError) as error:
        raise serializers.ValidationError({"non_field_errors": [OUT_OF_RANGE]}) from error


class FormValidatedViewSet(
    ApiWrites,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Creates and edits through the web form's rules and the same service as the web view.
    A subclass names `form_class` and `service(**{service_arg: record}, actor=…)`; its bodies
    (`<Name>Create`, `<Name>Update`) are made from the form. PUT and PATCH both change only
    the fields sent. Deleting is not offered: records are closed, not deleted."""

    form_class = None
    service = None
    service_arg = ""
    body_name = ""  # the schema's name for the record, e.g. "Org"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.form_class is not None and "form_class" in cls.__dict__:
            name = cls.body_name or cls.form_class._meta.model.__name__
            cls.bodies = {
                **cls.bodies,
                "create": form_body(cls.form_class, name=f"{name}Create"),
                "update": form_body(cls.form_class, name=f"{name}Update", existing=True),
                "partial_update": None,
            }
            cls.bodies["partial_update"] = cls.bodies["update"]

    def form_kwargs(self):
        return {"user": self.request.user}

    def answer(self, record, code=status.HTTP_200_OK):
        """The record as the list shows it, read again through the scoped queryset."""
        fresh = self.get_queryset().get(pk=record.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def write(self, instance, current=None):
        form = self.form_for(
            self.bodies["update" if instance.pk else "create"],
            instance=instance,
            current=current,
            shown=self.get_serializer().fields,
            **self.form_kwargs(),
        )
        return self.save(self.run_service, form, actor=self.request.user)

    def run_service(self, form, *, actor):
        return self.service(**{self.service_arg: form.save(commit=False)}, actor=actor)

    def create(self, request, *args, **kwargs):
        record = self.write(self.get_queryset().model())
        return self.answer(record, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        record = self.write(instance, current=self.get_serializer(instance).data)
        return self.answer(record)


def write_action(body, *, responses, code=status.HTTP_200_OK, summary=None, **action_kwargs):
    """A POST action on one record (`vote`, `accept` …) whose request body is `body`: a
    `form_body`, a `StrictBody` serializer, or `NoBody`. The schema documents that body and
    the `code` response; the endpoint reads it with `self.form_for(body)` or `self.body(body)`."""

    def decorate(endpoint):
        endpoint = action(detail=True, methods=["post"], **action_kwargs)(endpoint)
        return extend_schema(
            request=None if body is NoBody else body,
            responses={code: responses},
            summary=summary,
        )(endpoint)

    return decorate
