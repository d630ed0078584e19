"""PDF reports: a bilingual table of an export, its chain head, and its rows embedded.

The same data and parameters give the same bytes: ReportLab's invariant mode, the
fonts registered afresh for each document, and a creation date taken from the data
(the time of the audit event at the chain head printed on the page), never the clock.
The first page prints the chain head read before the export, the parameters, the
time of the data and who exported it. The document information names no one (title
of the report, author and creator "compfund") and carries the export's manifest under
the key ``/CompfundManifest``; the rows themselves are embedded as ``rows.json`` so
``compfund audit verify-export`` can recompute their digest from the file.
"""

from __future__ import annotations

import io
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, LongTable, Paragraph, SimpleDocTemplate, Spacer
from reportlab.platypus.tables import TableStyle

from compfund.queries.export_table import ExportTable
from reports.khmer import ZWSP, word_breaks
from reports.pdf_text import LATIN_FONT, CellStyles, cell, register_fonts, text_width

Progress = Callable[[int, int], None]
MANIFEST_KEY = "CompfundManifest"
ROWS_FILE = "rows.json"
MARGIN = 10 * mm
PADDING = 2
BODY_SIZE = 6.5
SIGNATURE_HEIGHT = 18 * mm
DOCUMENT_SIZE = 9.5  # a letter, voucher or statement: read by the payee, not scanned
FUND_EN = "NCCT Survivor Compensation Fund"
FUND_KM = "មូលនិធិសំណងជនរងគ្រោះពីការជួញដូរមនុស្ស គ.ជ.ប.ជ"
WIDEST_COLUMN = 170.0  # points; longer values wrap
LONGEST_CELL = 1200  # characters drawn in one cell (a table row cannot span pages)
SAMPLE_ROWS = 400
_LOCK = threading.Lock()  # fonts are registered process-wide: one document at a time


def rows_json(table: ExportTable) -> bytes:
    body = {"columns": [c.key for c in table.columns], "rows": [list(r) for r in table.rows]}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class _Info(pdfdoc.PDFInfo):  # type: ignore[misc]
    manifest = ""

    def format(self, document: Any) -> bytes:
        date = pdfdoc.PDFDate(ts=document._timeStamp)
        entries = {
            "Title": pdfdoc.PDFString(self.title),
            "Author": pdfdoc.PDFString(self.author),
            "Subject": pdfdoc.PDFString(self.subject),
            "Keywords": pdfdoc.PDFString(self.keywords),
            "Creator": pdfdoc.PDFString(self.creator),
            "Producer": pdfdoc.PDFString(self.producer),
            "CreationDate": date,
            "ModDate": date,
            "Trapped": pdfdoc.PDFName("False"),
            MANIFEST_KEY: pdfdoc.PDFString(self.manifest),
        }
        formatted: bytes = pdfdoc.PDFDictionary(entries).format(document)
        return formatted


def _attach(canvas: Canvas, name: str, data: bytes, description: str) -> None:
    """Embed ``data`` as a file attachment named ``name`` (the PDF's EmbeddedFiles)."""
    doc = canvas._doc
    stream = pdfdoc.PDFStream(
        pdfdoc.PDFDictionary(
            {
                "Type": pdfdoc.PDFName("EmbeddedFile"),
                "Params": pdfdoc.PDFDictionary({"Size": len(data)}),
            }
        ),
        content=data,
        filters=[pdfdoc.PDFZCompress],
    )
    spec = pdfdoc.PDFDictionary(
        {
            "Type": pdfdoc.PDFName("Filespec"),
            "F": pdfdoc.PDFString(name),
            "UF": pdfdoc.PDFString(name),
            "Desc": pdfdoc.PDFString(description),
            "EF": pdfdoc.PDFDictionary({"F": doc.Reference(stream)}),
        }
    )
    files = pdfdoc.PDFArray([pdfdoc.PDFString(name), doc.Reference(spec)])
    doc.Catalog.Names = pdfdoc.PDFDictionary(
        {"EmbeddedFiles": pdfdoc.PDFDictionary({"Names": files})}
    )


def _fixed_time(table: ExportTable) -> Any:
    """ReportLab's timestamp, set to the time of the data (UTC), not the clock."""
    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(invariant=True)
    moment = table.head.at or datetime(2000, 1, 1, tzinfo=UTC)
    moment = moment.astimezone(UTC)
    stamp.t = moment.timestamp()
    stamp.lt = moment.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def _canvas_maker(table: ExportTable) -> Callable[..., Canvas]:
    def make(*args: Any, **kwargs: Any) -> Canvas:
        canvas = Canvas(*args, **kwargs)
        doc = canvas._doc
        doc._timeStamp = _fixed_time(table)
        info = _Info()
        info.__dict__.update(doc.info.__dict__)
        info.manifest = table.manifest().to_text()
        doc.info = info
        _attach(canvas, ROWS_FILE, rows_json(table), "The rows of this report, as exported")
        return canvas

    return make


def _footer(table: ExportTable) -> Callable[[Canvas, Any], None]:
    text = (
        f"{FUND_EN} - {table.title_en} - audit chain head before export "
        f"{table.head.hash[:16]}... (event {table.head.seq})"
    )

    def draw(canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(LATIN_FONT, 6.5)
        canvas.drawString(MARGIN, MARGIN / 2, text)
        canvas.drawRightString(doc.pagesize[0] - MARGIN, MARGIN / 2, f"page {doc.page}")
        canvas.restoreState()

    return draw


def _paragraph(text: str, width: float, styles: CellStyles) -> Paragraph:
    held = cell(text, width, styles)
    return held if isinstance(held, Paragraph) else Paragraph(escape(held), styles.plain)


def _front(table: ExportTable, width: float) -> list[Flowable]:
    title = CellStyles(13, bold=True)
    body = CellStyles(8)
    parameters = ", ".join(f"{k} = {v}" for k, v in table.parameters) or "none (everything)"
    lines = [
        (f"{FUND_KM}  {FUND_EN}", body),
        (table.title_km, title),
        (table.title_en, title),
        (f"Parameters: {parameters}", body),
        (f"Audit chain head before this export: {table.head.hash} (event {table.head.seq})", body),
        (f"Data as at (time of that event, Cambodia): {table.head.shown_at}", body),
        (f"Rows: {len(table.rows)}; SHA-256 of the rows: {table.rows_sha256}", body),
        (f"Exported by: {table.exported_by}", body),
    ]
    story: list[Flowable] = [_paragraph(text, width, styles) for text, styles in lines]
    story.append(Spacer(1, 4 * mm))
    return story


def body_size(table: ExportTable) -> float:
    return DOCUMENT_SIZE if table.kind.payee_document else BODY_SIZE


def _column_widths(table: ExportTable, width: float) -> list[float]:
    """Each column as wide as its values (a sample) up to a share of the page: water-filling
    finds the widest allowance T such that short columns keep their width and the long
    ones share what is left, wrapping."""
    sample = table.rows[:SAMPLE_ROWS]
    size = body_size(table)
    wanted = []
    for i, column in enumerate(table.columns):
        words = column.en.split() + word_breaks(column.km).replace(ZWSP, " ").split()
        heading = max(text_width(word, size) for word in words)
        values = [text_width(str(row[i]), size) for row in sample]
        natural = min(max([heading, *values]), WIDEST_COLUMN)
        wanted.append(natural + 2 * PADDING + 1)
    if sum(wanted) <= width:
        return [w * width / sum(wanted) for w in wanted]
    low, high = 0.0, max(wanted)
    for _ in range(40):
        cap = (low + high) / 2
        low, high = (cap, high) if sum(min(w, cap) for w in wanted) <= width else (low, cap)
    return [min(w, low) for w in wanted]


def page_for(table: ExportTable) -> tuple[float, float]:
    """A4 portrait for a payee's document, A4 landscape for a register, A3 landscape for
    the wide identified register."""
    if table.kind.payee_document:
        return float(A4[0]), float(A4[1])
    width, height = landscape(A3) if len(table.columns) > 14 else landscape(A4)
    return float(width), float(height)


def _heights(table: ExportTable) -> list[float | None] | None:
    """Room to sign: a payee document's line with nothing in its details is left tall."""
    if not table.kind.payee_document:
        return None
    heights: list[float | None] = [None]  # the heading
    heights += [SIGNATURE_HEIGHT if row[-1] == "" else None for row in table.rows]
    return heights


def _grid(table: ExportTable, width: float, progress: Progress | None) -> LongTable:
    widths = _column_widths(table, width)
    size = body_size(table)
    head_styles, body_styles = CellStyles(size, bold=True), CellStyles(size)
    header = [
        [_paragraph(text, w - 2 * PADDING, head_styles) for text in (c.km, c.en)]
        for c, w in zip(table.columns, widths, strict=True)
    ]
    data: list[list[Any]] = [header]

    # A row cannot span pages: a cell holds at most what half a page's lines of its
    # column carry (a line broken early at a hyphen or a space counted as half full).
    lines = (page_for(table)[1] - 2 * MARGIN) / 2 / (size * 1.25)
    longest = [min(LONGEST_CELL, int(lines * (w - 2 * PADDING) / size)) for w in widths]

    def shown(value: object, limit: int) -> str:
        text = str(value)
        if len(text) <= limit:
            return text
        rest = len(text) - limit
        return f"{text[:limit]} ... ({rest} more characters in the embedded {ROWS_FILE})"

    total = len(table.rows)
    for n, row in enumerate(table.rows, start=1):
        data.append(
            [
                cell(shown(value, limit), w - 2 * PADDING, body_styles)
                for value, w, limit in zip(row, widths, longest, strict=True)
            ]
        )
        if progress and (n % 200 == 0 or n == total):
            progress(n, total)
    grid = LongTable(data, colWidths=widths, repeatRows=1, rowHeights=_heights(table))
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), LATIN_FONT, size, size * 1.25),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
                ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8ecf2")),
            ]
        )
    )
    return grid


def pdf_bytes(table: ExportTable, progress: Progress | None = None) -> bytes:
    """The PDF of ``table`` (the same bytes for the same table)."""
    with _LOCK:
        register_fonts()
        out = io.BytesIO()
        page = page_for(table)
        doc = SimpleDocTemplate(
            out,
            pagesize=page,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            invariant=1,
            title=table.title_en,
            author="compfund",
            subject="",
            keywords="",
            creator="compfund",
        )
        width = page[0] - 2 * MARGIN
        story = _front(table, width) + [_grid(table, width, progress)]
        footer = _footer(table)
        doc.build(story, onFirstPage=footer, onLaterPages=footer, canvasmaker=_canvas_maker(table))
        return out.getvalue()
