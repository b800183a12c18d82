"""Evaluation harness for policylint: injected defects, judging sheets, precision report."""
