"""``compfund eligibility check|recheck|override|extend|requests|policy|set-policy``.

``check`` runs the rules on one application, stores the decision and moves the
application to its outcome. ``recheck`` stores nothing: it compares, for every submitted
application not yet finished, the outcome last stored with the one today's policy would
give (see ``compfund.eligibility.decisions``). An ineligible outcome is a result, not an
error: both exit 0.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from compfund import eligibility_policy as policy
from compfund.cli.desks import logged_in_desk
from compfund.cli.output import emit, table
from compfund.cli.parsing import Group, Parser, add_group, add_leaf
from compfund.clock import parse_date
from compfund.eligibility import decisions as eligibility
from compfund.errors import InvalidInput
from compfund.queries.information_requests import open_information_requests

if TYPE_CHECKING:
    from compfund.cli.main import Globals
    from compfund.desk import Desk


def _desk(options: Globals) -> Desk:
    return logged_in_desk(options)


def _words(value: str | None) -> str:
    return (value or "none").replace("_", " ")


def check(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        report = desk.do(eligibility.check_eligibility, ns.application)
    lines = [
        f"{report.application}: {_words(report.outcome.value)}, now {_words(report.status.value)}"
        f" (decision {report.decision_id}, policy {report.policy_version_id} "
        f"'{report.policy_name}', {report.decided_on})"
    ]
    for line in report.rules:
        overridden = f" [overridden: {line.override_reason}]" if line.override_reason else ""
        lines.append(f"  {line.result.value:<8} {line.rule:<17} {line.reason}{overridden}")
    if report.information_due_on:
        lines.append(f"Information requested from the caseworker, due {report.information_due_on}.")
    emit(options.json, report.to_json(), "\n".join(lines))
    return 0


def recheck(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        found = desk.do(eligibility.recheck, tuple(ns.applications))
    rows = [
        [
            r.application,
            _words(r.status.value),
            _words(r.old_outcome.value if r.old_outcome else None),
            _words(r.new_outcome.value),
            ", ".join(
                f"{c.rule} {_words(c.old.value if c.old else None)}->{c.new.value}"
                for c in r.changed
            ),
        ]
        for r in found
    ]
    changed = sum(1 for r in found if r.old_outcome not in (None, r.new_outcome))
    never = sum(1 for r in found if r.old_outcome is None)
    text = table(rows, ["application", "status", "old outcome", "new outcome", "rules changed"])
    emit(
        options.json,
        {
            "applications": [r.to_json() for r in found],
            "outcome_changed": changed,
            "never_checked": never,
        },
        f"{text}\n{len(found)} applications: {changed} would have another outcome, {never} "
        "were never checked. Nothing was stored.",
    )
    return 0


def override(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        desk.do(eligibility.override_rule, ns.application, ns.rule, ns.reason)
    emit(
        options.json,
        {"application": ns.application, "rule": ns.rule, "reason": ns.reason},
        f"The rule {ns.rule} is set aside for {ns.application}; the next check records why.",
    )
    return 0


def extend(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        desk.do(eligibility.extend_time_limit, ns.application, ns.reason)
    emit(
        options.json,
        {"application": ns.application, "reason": ns.reason},
        f"{ns.application} may be decided past the time limit: {ns.reason}",
    )
    return 0


def requests(ns: argparse.Namespace, options: Globals) -> int:
    as_of = parse_date(ns.as_of, "--as-of date") if ns.as_of else None
    with logged_in_desk(options) as desk:
        found = desk.read(open_information_requests, overdue_only=ns.overdue, as_of=as_of)
    rows = [
        [
            r.application,
            r.survivor_code,
            r.province_code,
            str(r.due_on),
            f"{r.days_overdue} days overdue" if r.overdue else f"{-r.days_overdue} days left",
            r.asked,
        ]
        for r in found
    ]
    emit(
        options.json,
        {"requests": [r.to_json() for r in found]},
        table(rows, ["application", "survivor", "province", "due", "clock", "asked"]),
    )
    return 0


def show_policy(ns: argparse.Namespace, options: Globals) -> int:
    with logged_in_desk(options) as desk:
        found = desk.read(policy.current_policy)
    amounts = "; ".join(f"interim {a.interim_grant}, cap {a.award_cap}" for a in found.amounts)
    text = "\n".join(
        [
            f"Policy {found.id} '{found.name}', in force from {found.effective_from}"
            + (" (used by decisions: only a new version can change it)" if found.used else ""),
            f"  time limit {found.time_limit_days} days, {found.minor_time_limit_days} for a "
            f"minor at the time; review within {found.review_window_days} days; information "
            f"due in {found.information_due_days} days",
            f"  identifying authorities: {', '.join(found.accepted_authorities)}",
            f"  identity documents: {', '.join(found.identity_documents)}",
            f"  {amounts}",
            f"  {found.note}",
        ]
    )
    emit(options.json, found.to_json(), text)
    return 0


def set_policy(ns: argparse.Namespace, options: Globals) -> int:
    try:
        data = json.loads(Path(ns.file).read_text(encoding="utf-8"))
    except OSError as error:
        raise InvalidInput(f"Cannot read {ns.file}: {error.strerror}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise InvalidInput(f"{ns.file} is not a JSON policy: {error}.") from None
    data = policy.policy_from_json(data)
    with logged_in_desk(options) as desk:
        version = desk.do(policy.set_policy, data)
    emit(
        options.json,
        {"policy_version": version, "effective_from": data.effective_from.isoformat()},
        f"Policy {version} '{data.name}' takes effect on {data.effective_from}; the version "
        "before it stays as it was for the decisions that used it.",
    )
    return 0


def register(sub: Group, common: Parser) -> None:
    group = add_group(
        sub, "eligibility", "eligibility decisions, overrides and information requests"
    )
    p = add_leaf(group, common, "check", check, "run the rules, store the decision, show each rule")
    p.add_argument("application", metavar="APPLICATION_CODE")
    p = add_leaf(
        group,
        common,
        "recheck",
        recheck,
        "compare open applications' last outcome with today's policy (stores nothing)",
    )
    p.add_argument("applications", nargs="*", metavar="APPLICATION_CODE")
    p = add_leaf(group, common, "override", override, "set one rule aside, for a reason")
    p.add_argument("application", metavar="APPLICATION_CODE")
    p.add_argument("rule", help="identification, time_limit, identity, consent, ...")
    p.add_argument("--reason", required=True)
    p = add_leaf(group, common, "extend", extend, "accept an application past the time limit")
    p.add_argument("application", metavar="APPLICATION_CODE")
    p.add_argument("--reason", required=True)
    p = add_leaf(group, common, "requests", requests, "unanswered information requests")
    p.add_argument("--overdue", action="store_true", help="only those past their due date")
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="count days as of this date")
    add_leaf(group, common, "policy", show_policy, "the eligibility policy in force today")
    p = add_leaf(
        group,
        common,
        "set-policy",
        set_policy,
        "add a policy version from a JSON file (the shape `policy --json` prints)",
    )
    p.add_argument("file", metavar="FILE.json")
