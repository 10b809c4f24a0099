"""The regulation's time limits in calendar days, across month and year ends."""

import datetime

import pytest

from apps.contracts import deadlines
from apps.contracts.rules import term_errors, vote_errors

D = datetime.date


@pytest.mark.parametrize(
    ("signed_on", "due"),
    [
        (D(2025, 12, 25), D(2026, 1, 4)),  # across the year end
        (D(2026, 1, 22), D(2026, 2, 1)),  # across a month end
        (D(2024, 2, 25), D(2024, 3, 6)),  # leap February
        (D(2025, 2, 25), D(2025, 3, 7)),
    ],
)
def test_submission_is_due_ten_calendar_days_after_signing(signed_on, due):
    assert deadlines.submission_due(signed_on) == due


@pytest.mark.parametrize(
    ("offer_on", "due"),
    [
        (D(2026, 2, 15), D(2026, 3, 7)),  # 2026 is not a leap year
        (D(2024, 2, 15), D(2024, 3, 6)),  # 2024 is
        (D(2025, 12, 20), D(2026, 1, 9)),
        (D(2026, 1, 31), D(2026, 2, 20)),
    ],
)
def test_reply_is_due_twenty_calendar_days_after_the_offer(offer_on, due):
    assert deadlines.reply_due(offer_on) == due


def test_the_bureau_has_fifteen_days_across_the_year_end():
    assert deadlines.review_ends(D(2025, 12, 20)) == D(2026, 1, 4)


def test_overdue_and_late():
    due = D(2026, 1, 4)
    assert not deadlines.overdue(due, None, D(2026, 1, 4))  # the due day itself is in time
    assert deadlines.overdue(due, None, D(2026, 1, 5))
    assert not deadlines.overdue(due, D(2026, 1, 4), D(2026, 3, 1))
    assert deadlines.overdue(due, D(2026, 1, 5), D(2026, 3, 1))  # done, but late


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 11, 30), 3, D(2026, 2, 28)),
        (D(2023, 11, 30), 3, D(2024, 2, 29)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 1, 15), -3, D(2025, 10, 15)),
    ],
)
def test_add_months_clamps_to_the_month_end(day, months, expected):
    assert deadlines.add_months(day, months) == expected


def test_expiring_window_runs_from_today_to_three_months_on():
    assert deadlines.expiring_window(D(2025, 11, 30)) == (D(2025, 11, 30), D(2026, 2, 28))
    assert deadlines.expiring_window(D(2025, 11, 28)) == (D(2025, 11, 28), D(2026, 2, 28))
    assert deadlines.expiring_window(D(2026, 3, 1)) == (D(2026, 3, 1), D(2026, 6, 1))


@pytest.mark.parametrize(
    ("start", "end", "ok"),
    [
        (D(2025, 1, 1), D(2025, 12, 31), True),  # one year
        (D(2025, 1, 1), D(2026, 1, 1), True),  # "to the same day next year"
        (D(2025, 1, 1), D(2027, 12, 31), True),  # three years
        (D(2025, 1, 1), D(2028, 1, 1), True),
        (D(2025, 1, 1), D(2025, 12, 30), False),  # short of a year
        (D(2025, 1, 1), D(2028, 1, 2), False),  # past three years
        (D(2024, 2, 29), D(2025, 2, 27), False),
        (D(2024, 2, 29), D(2025, 2, 28), True),
    ],
)
def test_a_term_runs_one_to_three_years(start, end, ok):
    assert (not term_errors(start, end)) is ok


def test_a_term_ending_before_it_starts_is_refused_with_its_own_message():
    errors = term_errors(D(2025, 6, 1), D(2025, 5, 31))
    assert errors["term_end"] == ["The term must end after it starts."]


@pytest.mark.parametrize(
    ("total", "present", "yes", "passes"),
    [
        (30, 20, 16, True),  # exactly two thirds present, 16 > 15
        (30, 19, 19, False),  # fewer than two thirds present
        (30, 30, 15, False),  # half is not more than half
        (31, 21, 16, True),  # 21 ≥ 20.67; 16 > 15.5
        (31, 20, 16, False),
        (3, 2, 2, True),
    ],
)
def test_congress_thresholds(total, present, yes, passes):
    assert (not vote_errors(total, present, yes)) is passes


def test_a_failing_vote_names_the_rule():
    errors = vote_errors(30, 19, 15)
    assert "two thirds" in errors["present"][0] and "第36条" in errors["present"][0]
    assert "more than half" in errors["yes"][0]
