"""compfund: the NCCT Survivor Compensation Fund's system (core, no Qt, no report library)."""

__version__ = "0.1.0"
