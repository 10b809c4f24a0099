"""The time limits of 劳动和社会保障部令第22号, in calendar days (自然日), and the date arithmetic
they need. A limit "within N days of" an event ends on the event's date + N days; the thing is
overdue from the day after that.

- 第32条: the other side answers a written offer to negotiate within 20 days;
- 第42条: the employer side files the signed text with the labour bureau within 10 days;
- 第46–47条: the bureau objects within 15 days of receipt, or the contract is in force;
- 第38条: either side may propose renewal within the 3 months before the term ends.
"""

import calendar
import datetime

REPLY_DAYS = 20
SUBMISSION_DAYS = 10
REVIEW_DAYS = 15
EXPIRY_WARNING_MONTHS = 3
MIN_TERM_YEARS = 1
MAX_TERM_YEARS = 3


def add_months(day, months):
    """The same day `months` later (or earlier), at the month's end when it has no such day
    (31 Jan + 1 month → 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day, years):
    return add_months(day, 12 * years)


def days_after(day, days):
    return day + datetime.timedelta(days=days) if day else None


def reply_due(offer_on):
    return days_after(offer_on, REPLY_DAYS)


def submission_due(signed_on):
    return days_after(signed_on, SUBMISSION_DAYS)


def review_ends(submitted_on):
    """The last day the bureau may object; the contract is in force from this day at the latest."""
    return days_after(submitted_on, REVIEW_DAYS)


def expiring_window(today):
    """(first, last) day of a term end that makes a contract in force 即将到期 on `today`: it
    ends today or within the next 3 months. The one definition: the contract's status, the
    attention page's flag and its indicator all ask this window (`queries.ending_soon_q`)."""
    return today, add_months(today, EXPIRY_WARNING_MONTHS)


def overdue(due, done_on, today):
    """True when the thing was not done by its due day (late if done after it, overdue if
    still not done after it)."""
    if due is None:
        return False
    if done_on is not None:
        return done_on > due
    return today > due


def term_bounds(term_start):
    """(earliest, latest) end of a 1–3 year term starting on `term_start`.

    A one-year term written 2025-01-01 – 2025-12-31 is a year; so is one written to 2026-01-01
    (the convention "to the same day next year" is common in county ledgers). The latest end
    is the same day three years later.
    """
    # A year from 1 March 2024 ends on 28 February 2025: count from the day before the start.
    earliest = add_years(term_start - datetime.timedelta(days=1), MIN_TERM_YEARS)
    latest = add_years(term_start, MAX_TERM_YEARS)
    return earliest, latest
