"""Eligibility: the rules (pure), and the facts they read from an application."""
