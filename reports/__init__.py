"""Spreadsheets and PDFs of the fund's registers and audit trail (openpyxl, ReportLab).

Importing this package corrects ReportLab's text-rise bookkeeping for shaped Khmer
(see ``reports.reportlab_fixes``) before any PDF is drawn.
"""

from reports import reportlab_fixes

reportlab_fixes.apply()
