"""1,000 synthetic survivors through every default report and export: not one name
(Khmer or Latin), document number or phone number in any cell, sheet, page, property
or embedded file. The identified export of the same data is the positive control: the
same scan finds every one of them there, so it can see them (Khmer included).
About two minutes on each database (demo data 20 s, the audit trail PDF 20-40 s, and
reading the PDFs back); ``pytest -s`` prints the figures.
"""

from __future__ import annotations

import os
import time
from datetime import date
from pathlib import Path

import pytest

from compfund.demo.generate import DemoRequest, make_demo
from compfund.queries.audit_trail import AuditRange
from compfund.queries.register import RegisterFilter
from reports.exporting import export_audit_trail, export_register
from tests.conftest import TestDatabase
from tests.reports.privacy_scan import (
    Needles,
    Text,
    pdf_hidden_text,
    pdf_page_text,
    scan,
    xlsx_text,
)

SURVIVORS = int(os.environ.get("COMPFUND_PRIVACY_SURVIVORS", "1000"))
REASON = "Positive control of the privacy scan"


def _texts(path: Path) -> list[Text]:
    if path.suffix == ".pdf":
        return [pdf_page_text(path), pdf_hidden_text(path)]
    return [xlsx_text(path)]


@pytest.mark.slow
def test_no_default_export_names_a_survivor(database: TestDatabase, tmp_path: Path) -> None:
    started = time.monotonic()
    request = DemoRequest(
        survivors=SURVIVORS, seed=5, as_of=date(2026, 11, 1), login_prefix=database.prefix
    )
    demo = make_demo(database.engine, request)
    passwords = {lg.login: lg.password for lg in demo.logins}

    def desk(name: str):  # type: ignore[no-untyped-def]
        login = database.login(name)
        return database.desk_for(login, passwords[login])

    officer, auditor = desk("fund_officer1"), desk("auditor1")
    needles = Needles.of(database.engine)
    assert min(needles.counts().values()) > 100, needles.counts()
    officials = Needles.officials(database.engine)
    negative = needles.excluding_names(officials)
    made = time.monotonic()
    timings: dict[str, float] = {}
    exports = {
        "register": lambda f, o: export_register(officer, RegisterFilter(), f, o),
        "audit": lambda f, o: export_audit_trail(auditor, AuditRange(), f, o),
        "identified": lambda f, o: export_register(officer, RegisterFilter(), f, o, reason=REASON),
    }
    for fmt in ("xlsx", "pdf"):
        for kind, export in exports.items():
            out = tmp_path / f"{kind}.{fmt}"
            t = time.monotonic()
            export(fmt, out)
            timings[out.name] = time.monotonic() - t
            if kind != "identified":  # scanned at once: see tests/reports/privacy_scan.py
                hits = scan(negative, _texts(out))
                assert all(not found for found in hits.values()), (out.name, hits)
                continue
            hits = scan(needles, _texts(out)[:1])  # the cells or the pages alone
            for what in ("names_km", "names_latin", "documents", "phones"):
                missing = getattr(needles, what) - hits[what]
                assert not missing, (out.name, what, len(missing), sorted(missing)[:5])
            assert not hits["guardian_phones"] - needles.phones  # guardians: never exported
    sizes = {p.name: p.stat().st_size for p in sorted(tmp_path.iterdir()) if p.is_file()}
    print(  # shown with pytest -s: the figures the README quotes
        f"\n{database.kind}: demo {made - started:.1f}s, exports "
        + ", ".join(f"{k} {v:.1f}s" for k, v in timings.items())
        + "; sizes "
        + ", ".join(f"{k} {v // 1024} KiB" for k, v in sizes.items())
    )
