"""Intake: registering survivors and applications, one by one or from a DOSVY workbook."""
