"""The workflow table is well formed, and the README shows exactly the table in the code."""

from __future__ import annotations

from pathlib import Path

from compfund.enums import ApplicationStatus as S
from compfund.permissions import PERMISSIONS, Role
from compfund.workflow import TRANSITIONS, Transition, steps_from, words

README = Path(__file__).resolve().parents[2] / "README.md"
HEADING = "## Application workflow"


def markdown_row(t: Transition) -> str:
    roles = ", ".join(r.label for r in Role if r in PERMISSIONS[t.action])
    not_by = " or ".join(words(s) for s in t.not_by_who_set)
    not_by = f"not the officer who made it {not_by}" if not_by else ""
    cells = [
        words(t.source),
        t.step.value,
        words(t.target),
        roles,
        "yes" if t.reason_required else "",
        not_by,
        t.condition.value if t.condition else "",
    ]
    return "| " + " | ".join(cells) + " |"


def readme_rows() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text.split(HEADING, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return rows[1:]  # without the header row


def test_each_pair_of_statuses_has_at_most_one_step() -> None:
    pairs = [(t.source, t.target) for t in TRANSITIONS]
    assert len(pairs) == len(set(pairs))
    assert all(t.source is not t.target for t in TRANSITIONS)


def test_every_step_names_an_action_of_the_permission_table() -> None:
    for t in TRANSITIONS:
        assert PERMISSIONS[t.action], t


def test_every_status_is_reached_from_draft_and_only_closed_has_no_way_out() -> None:
    reached, frontier = {S.DRAFT}, [S.DRAFT]
    while frontier:
        for t in steps_from(frontier.pop()):
            if t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == set(S)
    assert [s for s in S if not steps_from(s)] == [S.CLOSED]


def test_four_eyes_where_money_is_approved_and_decisions_reviewed() -> None:
    approvals = [
        t for t in TRANSITIONS if t.source is S.AWARD_RECOMMENDED and t.target is not S.WITHDRAWN
    ]
    reviews = [
        t for t in TRANSITIONS if t.source is S.REVIEW_REQUESTED and t.target is not S.WITHDRAWN
    ]
    assert approvals and all(t.not_by_who_set == (S.AWARD_RECOMMENDED,) for t in approvals)
    assert reviews and all(set(t.not_by_who_set) == {S.INELIGIBLE, S.REJECTED} for t in reviews)


def test_the_readme_shows_the_table_in_the_code() -> None:
    assert readme_rows() == [markdown_row(t) for t in TRANSITIONS]
