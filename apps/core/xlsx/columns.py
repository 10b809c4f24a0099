"""Column and sheet descriptions shared by templates, imports and exports."""

from __future__ import annotations

from dataclasses import dataclass, field

TEXT = "text"
INT = "int"
DECIMAL = "decimal"
DATE = "date"
BOOL = "bool"
CHOICE = "choice"
ID_TEXT = "id_text"

KINDS = frozenset({TEXT, INT, DECIMAL, DATE, BOOL, CHOICE, ID_TEXT})


@dataclass(frozen=True)
class Column:
    """One column of a ledger sheet.

    ``label`` is the Chinese header written to templates and matched on import;
    ``synonyms`` are other headers accepted on import (older templates, county
    variants).  ``choices`` are ``(code, label)`` pairs; a cell may hold the code,
    the label or ``"code label"``.  ``kind`` is one of :data:`KINDS`; use
    ``"id_text"`` for long digit strings (ID numbers, credit codes, phone numbers)
    which must never be treated as numbers.
    """

    key: str
    label: str
    synonyms: tuple[str, ...] = ()
    kind: str = TEXT
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    help: str = ""
    width: int = 16

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"Column {self.key!r}: unknown kind {self.kind!r}")
        if self.kind == CHOICE and not self.choices:
            raise ValueError(f"Column {self.key!r}: kind 'choice' needs choices")
        # Accept lists from callers but keep the dataclass hashable.
        if not isinstance(self.synonyms, tuple):
            object.__setattr__(self, "synonyms", tuple(self.synonyms))
        if not isinstance(self.choices, tuple):
            object.__setattr__(
                self, "choices", tuple((str(c), str(lbl)) for c, lbl in self.choices)
            )

    @property
    def choice_labels(self) -> tuple[str, ...]:
        return tuple(str(label) for _code, label in self.choices)


@dataclass
class SheetSpec:
    """A sheet layout: ``kind`` is a machine name (e.g. ``"members"``), ``title``
    the Chinese sheet title, ``columns`` the ordered columns."""

    kind: str
    title: str
    columns: list[Column] = field(default_factory=list)

    def __post_init__(self):
        keys = [c.key for c in self.columns]
        dupes = {k for k in keys if keys.count(k) > 1}
        if dupes:
            raise ValueError(f"SheetSpec {self.kind!r}: duplicate column keys {sorted(dupes)}")

    @property
    def required_columns(self) -> list[Column]:
        return [c for c in self.columns if c.required]

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)
