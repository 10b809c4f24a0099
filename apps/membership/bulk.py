"""Bulk writing of members for the roster import and the demo county: PostgreSQL COPY with
history events written per batch, and pinyin computed fast for people's names.

Per-row history triggers would cost a roster import ten times its own time, so rows copied here
skip them (`pgtrigger.ignore`) and `insert_events` writes the same events in one statement.
"""

import datetime
import re
from functools import lru_cache

import pgtrigger
from django.db import connection, transaction
from django.utils import timezone
from pypinyin.constants import PHRASES_DICT

from apps.core.pinyin import full_pinyin, initials, person_readings, split_surname

from .choices import ChangeType
from .models import Member, MembershipChange

# ---------------------------------------------------------------------------------------------
# Pinyin, fast for people's names
# ---------------------------------------------------------------------------------------------

_HAN = re.compile(r"^[\u4e00-\u9fff]{1,8}$")


@lru_cache(maxsize=20_000)
def _han_pinyin(char):
    return full_pinyin(char), initials(char)


def _has_phrase(name):
    return any(
        name[i:j] in PHRASES_DICT for i in range(len(name) - 1) for j in range(i + 2, len(name) + 1)
    )


@lru_cache(maxsize=200_000)
def name_pinyin(name):
    """(full pinyin, initials) of a person's name, exactly as `Member.save` would store them
    (`person_readings`: a listed surname read as a surname, the rest by pypinyin).

    pypinyin reads a run of characters that holds no dictionary phrase one character at a time,
    so a name of plain Chinese characters without a phrase in it is the concatenation of its
    characters' readings (cached); anything else goes through pypinyin whole. About 30 times
    faster for a roster, where pypinyin would cost more than reading the workbook.
    """
    syllables, rest = split_surname(name)
    if not _HAN.match(rest) or _has_phrase(rest):
        full, short = person_readings(name)
        return full[:400], short[:100]
    parts = [_han_pinyin(char) for char in rest]
    full = "".join(syllables) + "".join(p for p, _i in parts)
    short = "".join(s[0] for s in syllables) + "".join(i for _p, i in parts)
    return full[:400], short[:100]


# ---------------------------------------------------------------------------------------------
# COPY
# ---------------------------------------------------------------------------------------------

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value):
    kind = type(value)
    if kind is str:
        return value.translate(_COPY_ESCAPES)
    if value is None:
        return "\\N"
    if kind is bool:
        return "t" if value else "f"
    if kind is int:
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).translate(_COPY_ESCAPES)


def _defaults(model, fields, now):
    """Columns of `model` not in `fields`, with the value each new row gets."""
    extra = {}
    for field in model._meta.concrete_fields:
        if field.attname in fields or field.primary_key:
            continue
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            extra[field.column] = now
        elif field.has_default() or field.null or field.empty_strings_allowed:
            extra[field.column] = field.get_default()  # "" for text, else None
        else:
            raise ValueError(f"{model.__name__}.{field.name} needs a value for COPY")
    return extra


def prime_session(cursor):
    """Run one statement through Django's execute wrappers so that the settings pghistory
    (history context) and pgtrigger (ignored triggers) attach to every statement are set for the
    rest of the transaction: COPY goes around the wrappers."""
    cursor.execute("DO $$ BEGIN END $$")


def copy_rows(model, fields, rows, *, history=True, batch=20_000, between=None):
    """Insert `rows` (tuples of the values of `fields`, attnames, in order) with COPY inside the
    caller's transaction; columns not named get their default. Returns the count.

    `rows` may be a generator: COPY reads it as it goes (one COPY per `batch` rows, `between()`
    called after each, when the connection is free for other queries), so the database inserts
    while the generator is still producing.

    With `history`, the rows' insert events are written as the model's history trigger would
    write them, but in one statement per batch (`insert_events`; the per-row trigger is skipped
    meanwhile): fired per row in one transaction, the trigger cost many times the COPY itself.
    `fields` must then start with "id". Without it no history is written (the seed).
    """
    if history and fields[0] != "id":
        raise ValueError("copy_rows(history=True) needs the ids: put 'id' first")
    extra = _defaults(model, set(fields), timezone.now())
    columns = [model._meta.get_field(name).column for name in fields] + list(extra)
    sql = 'COPY "{}" ({}) FROM STDIN'.format(
        model._meta.db_table, ", ".join(f'"{c}"' for c in columns)
    )
    source = _CopySource(rows, extra.values(), batch)
    written = 0
    while not source.exhausted:
        # The savepoint rolls a failed COPY back before pgtrigger clears its ignore list
        # (which it could not do in an aborted transaction).
        with (
            pgtrigger.ignore(insert_trigger(model)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            prime_session(cursor)
            source.next_batch(collect_ids=history)
            with connection.wrap_database_errors:
                cursor.cursor.copy_expert(sql, source, size=1 << 16)
            written += source.count
            if history and source.ids:
                insert_events(model, source.ids)
        if between is not None:
            between()
    return written


class _CopySource:
    """The file COPY reads: COPY text lines of the next `batch` rows, formatted as read."""

    def __init__(self, rows, extra, batch):
        self.rows = iter(rows)
        self.tail = "".join("\t" + _copy_text(value) for value in extra) + "\n"
        self.batch = batch
        self.exhausted = False
        self.buffer, self.left, self.count, self.ids = "", 0, 0, None

    def next_batch(self, *, collect_ids):
        self.left, self.count = self.batch, 0
        self.ids = [] if collect_ids else None

    def read(self, size=-1):
        lines, length = [self.buffer], len(self.buffer)
        while (size < 0 or length < size) and self.left:
            row = next(self.rows, None)
            if row is None:
                self.exhausted, self.left = True, 0
                break
            line = "\t".join(map(_copy_text, row)) + self.tail
            lines.append(line)
            length += len(line)
            self.left -= 1
            self.count += 1
            if self.ids is not None:
                self.ids.append(row[0])
        text = "".join(lines)
        if size < 0 or len(text) <= size:
            self.buffer = ""
            return text
        self.buffer = text[size:]
        return text[:size]

    def readline(self, size=-1):
        return self.read(size)


def insert_trigger(model):
    """The pgtrigger URI of the model's pghistory insert trigger."""
    return f"{model._meta.app_label}.{model._meta.object_name}:insert_insert"


def insert_events(model, pks):
    """Write the history insert event of each row `pks` names, in one statement: the columns
    the model's pghistory trigger copies, the current history context, label "insert"."""
    event = model._meta.get_field("events").related_model
    tracked = [
        f'"{field.column}"'
        for field in event._meta.concrete_fields
        if not field.name.startswith("pgh_")
    ]
    columns = ", ".join(tracked)
    with connection.cursor() as cursor:
        prime_session(cursor)
        cursor.execute("SELECT _pgh_attach_context()")
        (context,) = cursor.fetchone()
        cursor.execute(
            f'INSERT INTO "{event._meta.db_table}" '
            f"({columns}, pgh_context_id, pgh_created_at, pgh_label, pgh_obj_id) "
            f'SELECT {columns}, %s, NOW(), %s, "id" FROM "{model._meta.db_table}" '
            'WHERE "id" = ANY(%s)',
            [context, "insert", pks],
        )


def insert_joins(pks, reasons, actor):
    """The 入会 ledger entry of each member `pks` names (in their union, on their join date,
    with the reason given), and its history event, in one statement."""
    change = MembershipChange._meta
    event = change.get_field("events").related_model._meta
    fields = ("member_id", "union_id", "change_type", "changed_on", "reason", "recorded_by_id")
    extra = _defaults(MembershipChange, set(fields), timezone.now())
    columns = ", ".join(f'"{c}"' for c in [*fields, *extra])
    tracked = ", ".join(
        f'"{field.column}"' for field in event.concrete_fields if not field.name.startswith("pgh_")
    )
    values = "".join(", %s" for _value in extra)
    with (
        pgtrigger.ignore(insert_trigger(MembershipChange)),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        prime_session(cursor)
        cursor.execute("SELECT _pgh_attach_context()")
        (context,) = cursor.fetchone()
        cursor.execute(
            f'WITH new AS (INSERT INTO "{change.db_table}" ({columns}) '
            f"SELECT m.id, m.union_id, %s, m.joined_on, x.reason, %s{values} "
            "FROM unnest(%s::bigint[], %s::text[]) WITH ORDINALITY AS x(id, reason, n) "
            f'JOIN "{Member._meta.db_table}" m ON m.id = x.id ORDER BY x.n RETURNING *) '
            f'INSERT INTO "{event.db_table}" '
            f"({tracked}, pgh_context_id, pgh_created_at, pgh_label, pgh_obj_id) "
            f"SELECT {tracked}, %s, NOW(), %s, id FROM new",
            [ChangeType.JOIN.value, actor.pk, *extra.values(), pks, reasons, context, "insert"],
        )
