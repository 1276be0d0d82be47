"""Cohorts: batch pre-screening (`checker batch`), similarity between submissions and IQA sampling
(`checker sample`). Each module is small; `commands.py` holds the command-line entry points."""
