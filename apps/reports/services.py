"""Writes of the reports app: creating a review with its default text, saving edited text, and
issuing a review (freezing its figures and PDF)."""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.core.pdf import html_to_pdf
from apps.core.scoping import OutOfScope, ensure_visible

from . import defaults
from .choices import SectionKind
from .figures import snapshot
from .models import AnnualReview, IssuedReview, ReviewSection
from .placeholders import problems, section_problems
from .registry import REGISTRY, by_section
from .render import review_html, section_dicts
from .store import review_charts, review_figures


def _check_actor(review, actor):
    """Staff of the review's organisation or above write; leaders and auditors only read."""
    if actor is None:
        return
    if not actor.can_edit:
        raise PermissionDenied
    if not AnnualReview.objects.visible_to(actor).filter(pk=review.pk).exists():
        raise OutOfScope


def get_or_create_review(*, org, period, actor):
    """The review of `org` for `period`, created with the default text when there is none.

    Refused (404) when `org` is outside the actor's scope; `actor=None` is the system (the
    command line)."""
    if actor is not None:
        if not actor.can_edit:
            raise PermissionDenied
        ensure_visible(org, actor)
    kind, first, last = period.kind, period.first_year, period.last_year
    existing = AnnualReview.objects.filter(
        org=org, period_kind=kind, first_year=first, last_year=last
    ).first()
    if existing:
        return existing, False
    entries = line_figures(org, period)
    with transaction.atomic():
        review, created = AnnualReview.objects.get_or_create(
            org=org,
            period_kind=kind,
            first_year=first,
            last_year=last,
            defaults={"title": defaults.title_for(org, period), "updated_by": actor},
        )
        if created:
            ReviewSection.objects.bulk_create(
                ReviewSection(review=review, position=10 * n, kind=part, heading=heading, body=body)
                for n, (part, heading, body) in enumerate(
                    defaults.default_sections(org, period, entries), 1
                )
            )
    return review, created


def line_figures(org, period):
    """The figures that decide which lines of work a review's default text covers: every count
    and sum for the period (ratios follow from them), in one evaluation."""
    return snapshot(
        org, period, codes=[code for code, item in REGISTRY.items() if not item.is_ratio]
    )


def missing_sections(review, entries=None):
    """Lines of work with data in the review's period but no section in the review (one that
    had none when the review was created, or an app installed since). `entries`: the period's
    figures when the caller has them."""
    if entries is None:
        entries = line_figures(review.org, review.period)
    present = set(review.sections.values_list("kind", flat=True))
    shown = defaults.lines_with_data(entries)
    return [kind for kind in by_section() if kind in shown and kind not in present]


def add_missing_sections(*, review, actor):
    """Add the default text of each missing line of work, before the closing section."""
    _check_actor(review, actor)
    entries = line_figures(review.org, review.period)
    kinds = missing_sections(review, entries)
    if not kinds:
        return []
    with transaction.atomic():
        sections = list(review.sections.all())
        closing = next((s for s in sections if s.kind == SectionKind.CLOSING), None)
        start = max((s.position for s in sections if s is not closing), default=0)
        new = [
            ReviewSection(review=review, position=start + n, kind=kind, heading=h, body=b)
            for n, (kind, h, b) in enumerate(
                defaults.default_sections(review.org, review.period, entries, only=kinds), 1
            )
        ]
        ReviewSection.objects.bulk_create(new)
        if closing and closing.position <= start + len(new):
            closing.position = start + len(new) + 10
            closing.save(update_fields=["position"])
        review.updated_by = actor
        review.save(update_fields=["updated_by", "updated_at"])
    return new


def save_review(*, review, formset, actor):
    """Save the edited title and sections (a validated form and formset) in one transaction.

    The forms refuse unknown placeholders and malformed braces; this re-checks, so no other
    caller can save one."""
    _check_actor(review, actor)
    found = problems(review.title)
    if not found and not formset.is_valid():
        raise ValidationError(_("The sections have errors."))
    found += section_problems(
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    )
    if found:
        raise ValidationError(found)
    with transaction.atomic():
        review.updated_by = actor
        review.save()
        formset.instance = review
        _place_new_sections(review, formset)
        formset.save()
    return review


def _place_new_sections(review, formset):
    """A section added without a position goes just before problems and plans (or last)."""
    unplaced = [
        form
        for form in formset.forms
        if form.instance.pk is None
        and form.has_changed()
        and form.cleaned_data.get("position") is None
    ]
    if not unplaced:
        return
    sections = list(review.sections.all())
    closing = next((s for s in sections if s.kind == SectionKind.CLOSING), None)
    before = [s.position for s in sections if s is not closing]
    position = max(before, default=0)
    for form in unplaced:
        position += 1
        form.instance.position = position
    if closing is not None and closing.position <= position:
        closing.position = position + 10
        closing.save(update_fields=["position"])


def issue_review(*, review, actor, progress=None):
    """Issue a new version of a review: freeze every indicator's value (this period, last
    period, change) and the chart data, render the PDF from that frozen data, and store both
    with who and when, in one transaction. Versions count up from 1; earlier versions stay.

    Refused when the text names an indicator that no longer exists or holds a malformed
    placeholder."""
    _check_actor(review, actor)
    if actor is None:
        raise PermissionDenied
    with transaction.atomic():
        review = AnnualReview.objects.select_for_update().select_related("org").get(pk=review.pk)
        sections = section_dicts(review)
        found = problems(review.title) + section_problems(sections)
        if found:
            raise ValidationError(found)
        scope, period = review.org, review.period
        step = progress or (lambda done, total: None)
        step(0, 3)
        data = review_figures(scope, period)
        entries, charts = data["entries"], review_charts(data, scope, period)
        step(1, 3)
        issued_at = timezone.now()
        version = (review.issues.aggregate(v=Max("version"))["v"] or 0) + 1
        html = review_html(
            title=review.title,
            org=scope,
            period=period,
            sections=sections,
            entries=entries,
            charts=charts,
            issued_on=timezone.localdate(issued_at),
        )
        pdf, pages = html_to_pdf(html)
        step(2, 3)
        issued = IssuedReview(
            review=review,
            version=version,
            title=review.title,
            values=entries,
            sections=sections,
            charts=charts,
            html=html,
            pdf_sha256=hashlib.sha256(pdf).hexdigest(),
            pages=pages,
            issued_by=actor,
            issued_at=issued_at,
        )
        issued.pdf.save(f"review-{review.pk}-v{version}.pdf", ContentFile(pdf), save=False)
        issued.save()
        step(3, 3)
    return issued


def render_review(*, review):
    """(PDF bytes, pages) of a review from the current records, without issuing it (the command
    line's `render_annual_review`)."""
    scope, period = review.org, review.period
    data = review_figures(scope, period)
    html = review_html(
        title=review.title,
        org=scope,
        period=period,
        sections=section_dicts(review),
        entries=data["entries"],
        charts=review_charts(data, scope, period),
        issued_on=timezone.localdate(),
    )
    return html_to_pdf(html)
