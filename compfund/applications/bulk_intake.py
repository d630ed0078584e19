"""Bulk intake: the rows of a DOSVY workbook land as registrations and applications.

Every row is checked cell by cell (required, list, date, length, province, then the
consent and disclosure cells together: ``compfund.applications.bulk_answers``), and each
row whose cells are valid is registered, identified, given its consent and disclosure,
and submitted through the same services as one by one, all in ONE unit of work. Any problem in any row refuses the
whole file with every problem listed by row and column (``BulkIntakeRefused``); the unit
of work is then rolled back, so nothing is saved. A row
whose survivor may already be registered lands on hold: that is not an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from compfund.actor import Actor
from compfund.applications.application import (
    IdentificationInput,
    create_application,
    record_identification,
    submit_application,
)
from compfund.applications.bulk_answers import RowAnswers, heading, row_answers
from compfund.applications.claims import record_disclosure
from compfund.applications.consent import record_consent
from compfund.applications.survivors import DocumentInput, SurvivorInput, register_survivor
from compfund.clock import parse_date, today_in_cambodia
from compfund.db.uow import UnitOfWork
from compfund.enums import (
    ApplicationType,
    DocumentType,
    ExploitationForm,
    IdentifyingAuthority,
    Sex,
)
from compfund.errors import CompfundError, InvalidInput
from compfund.intake.rows import MAX_ROWS, BulkIntakeRefused, IntakeRow, RowProblem
from compfund.intake.template import COLUMNS, Column, Kind
from compfund.permissions import Action, Role
from compfund.service import service


@dataclass(frozen=True, slots=True)
class RowIntake:
    """One valid row, as the services take it."""

    number: int
    survivor: SurvivorInput
    identification: IdentificationInput
    application_type: ApplicationType
    submitting_organisation: str
    answers: RowAnswers


@dataclass(frozen=True, slots=True)
class LandedRow:
    row: int
    survivor: str
    application: str
    on_hold: bool
    notice: str

    def to_json(self) -> dict[str, object]:
        return {
            "row": self.row,
            "survivor": self.survivor,
            "application": self.application,
            "on_hold": self.on_hold,
            "notice": self.notice,
        }


@dataclass(frozen=True, slots=True)
class IntakeResult:
    filename: str
    rows: tuple[LandedRow, ...]

    @property
    def held(self) -> int:
        return sum(1 for r in self.rows if r.on_hold)

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.filename,
            "imported": len(self.rows),
            "on_hold": self.held,
            "rows": [r.to_json() for r in self.rows],
        }


def _value(column: Column, text: str, today: date) -> object:
    """``text`` parsed as ``column`` says; InvalidInput with a message for the officer."""
    if len(text) > column.max_chars:
        raise InvalidInput(f"{len(text)} characters; at most {column.max_chars}.")
    if column.kind == Kind.CHOICE:
        assert column.choices is not None
        return column.choices.parse(text)
    if column.kind == Kind.DATE:
        day = parse_date(text, "date")
        if day > today:
            raise InvalidInput(f"{day} is in the future.")
        return day
    if column.kind == Kind.YEAR:
        if not text.isdigit() or len(text) != 4:
            raise InvalidInput(f"{text!r} is not a year: write four digits, e.g. 1990.")
        return int(text)
    return text


def _cells(row: IntakeRow, today: date, problems: list[RowProblem]) -> dict[str, object]:
    values: dict[str, object] = {}
    for column in COLUMNS:
        text = row.get(column.key)
        if not text:
            if column.required:
                problems.append(RowProblem(row.number, column.english, "is required."))
            continue
        try:
            values[column.key] = _value(column, text, today)
        except InvalidInput as error:
            problems.append(RowProblem(row.number, column.english, error.message))
    return values


def _yes(values: dict[str, object], key: str) -> bool:
    return values.get(key) == "yes"


def _optional(values: dict[str, object], key: str) -> str | None:
    value = values.get(key)
    return str(value) if value is not None else None


def _date(values: dict[str, object], key: str) -> date | None:
    value = values.get(key)
    return value if isinstance(value, date) else None


def _year(values: dict[str, object], key: str) -> int | None:
    value = values.get(key)
    return value if isinstance(value, int) else None


def _row_intake(
    row: IntakeRow, actor: Actor, today: date
) -> tuple[RowIntake | None, list[RowProblem]]:
    """The row as service inputs, or the problems that stop it."""
    problems: list[RowProblem] = []
    v = _cells(row, today, problems)
    province = v.get("province")
    if actor.role is Role.CASEWORKER and province and province != actor.province_code:
        problems.append(
            RowProblem(
                row.number,
                "Responsible province",
                f"you register survivors of {actor.province_code} only, not of {province}.",
            )
        )
    if "document_number" in v and "document_type" not in v:
        problems.append(RowProblem(row.number, "Identity document", "name the document type."))
    answers = row_answers(row, v, problems)
    if problems or answers is None:
        return None, problems
    documents: tuple[DocumentInput, ...] = ()
    if "document_type" in v:
        documents = (
            DocumentInput(
                DocumentType(str(v["document_type"])),
                _optional(v, "document_number"),
                _optional(v, "document_issued_by"),
            ),
        )
    survivor = SurvivorInput(
        name_km=str(v["name_km"]),
        name_latin=str(v["name_latin"]),
        sex=Sex(str(v["sex"])),
        province_code=str(province),
        date_of_birth=_date(v, "date_of_birth"),
        birth_year=_year(v, "birth_year"),
        phone=_optional(v, "phone"),
        address=_optional(v, "address"),
        guardian_name=_optional(v, "guardian_name"),
        guardian_relationship=_optional(v, "guardian_relationship"),
        guardian_phone=_optional(v, "guardian_phone"),
        documents=documents,
    )
    identified_on = _date(v, "identified_on")
    assert identified_on is not None  # a required column
    identification = IdentificationInput(
        authority=IdentifyingAuthority(str(v["authority"])),
        officer_name=str(v["officer_name"]),
        identified_on=identified_on,
        place=str(v["place"]),
        form_reference=str(v["form_reference"]),
        exploitation_form=ExploitationForm(str(v["exploitation_form"])),
        country_code=str(v["country"]),
        act_established=_yes(v, "act_established"),
        means_established=_yes(v, "means_established"),
        purpose_established=_yes(v, "purpose_established"),
        minor_at_time=_yes(v, "minor_at_time"),
    )
    intake = RowIntake(
        row.number,
        survivor,
        identification,
        ApplicationType(str(v["application_type"])),
        str(v["submitting_organisation"]),
        answers,
    )
    return intake, []


class _CellRefused(CompfundError):
    """A service refused what one column of the row says."""

    def __init__(self, column: str, error: CompfundError) -> None:
        super().__init__(error.message)
        self.column = column


def _answer(code: str, answers: RowAnswers, actor: Actor, uow: UnitOfWork) -> None:
    """Consent and disclosure, through the services single intake uses."""
    try:
        record_consent(code, answers.consent, actor=actor, uow=uow)
    except CompfundError as error:
        raise _CellRefused(heading("consent_given_by"), error) from error
    if answers.disclosure is None:  # not asked: nothing is recorded
        return
    try:
        record_disclosure(code, answers.disclosure, actor=actor, uow=uow)
    except CompfundError as error:
        raise _CellRefused(heading("disclosure"), error) from error


def _land(intake: RowIntake, actor: Actor, uow: UnitOfWork) -> LandedRow:
    survivor = register_survivor(intake.survivor, actor=actor, uow=uow)
    identification = record_identification(survivor, intake.identification, actor=actor, uow=uow)
    code = create_application(
        identification,
        intake.application_type,
        intake.submitting_organisation,
        actor=actor,
        uow=uow,
    )
    _answer(code, intake.answers, actor, uow)
    screening = submit_application(code, actor=actor, uow=uow)  # screened as it is submitted
    return LandedRow(intake.number, survivor, code, screening.held, screening.notice)


@service(Action.SUBMIT_APPLICATION, writes=True)
def import_applications(
    filename: str, rows: Sequence[IntakeRow], *, actor: Actor, uow: UnitOfWork
) -> IntakeResult:
    """Land every row of a DOSVY workbook, or none: see the module's description."""
    if not rows:
        raise BulkIntakeRefused(filename, [RowProblem(0, "", "it has no rows of data.")])
    if len(rows) > MAX_ROWS:
        raise BulkIntakeRefused(
            filename,
            [RowProblem(0, "", f"it has {len(rows)} rows; at most {MAX_ROWS} per file.")],
        )
    today = today_in_cambodia()
    problems: list[RowProblem] = []
    valid: list[RowIntake] = []
    for row in rows:
        intake, found = _row_intake(row, actor, today)
        problems.extend(found)
        if intake is not None:
            valid.append(intake)
    landed: list[LandedRow] = []
    for intake in valid:  # even when other rows failed: their rules' problems are listed too
        try:
            landed.append(_land(intake, actor, uow))
        except CompfundError as error:  # a service's rule; the file is refused below
            column = error.column if isinstance(error, _CellRefused) else ""
            problems.append(RowProblem(intake.number, column, error.message))
    if problems:
        raise BulkIntakeRefused(filename, problems)
    return IntakeResult(filename, tuple(landed))
