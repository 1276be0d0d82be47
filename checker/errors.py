"""Errors the user can act on. Each maps to one documented exit code (see README, "Exit codes")."""

from __future__ import annotations


class CheckerError(Exception):
    """Base class: the message is one plain line, shown on stderr without a traceback."""

    exit_code = 1


class UsageError(CheckerError):
    exit_code = 2


class InputNotFound(CheckerError):
    """The file does not exist or cannot be opened."""

    exit_code = 3


class UnreadableInput(CheckerError):
    """The file exists but cannot be read as a submission: corrupt, truncated, wrong type."""

    exit_code = 4


class UnknownUnit(CheckerError):
    exit_code = 5


class InvalidSpec(CheckerError):
    """A unit specification or config file is malformed."""

    exit_code = 6


class EmptyDocument(CheckerError):
    """The file holds no text to check (empty, whitespace only, or a scanned PDF with no text layer)."""

    exit_code = 7


class ProtectedDocument(CheckerError):
    """The document is password-protected or encrypted."""

    exit_code = 8


class LimitExceeded(CheckerError):
    """A configured safety limit (size, pages, words, time) was exceeded."""

    exit_code = 9


class OutputError(CheckerError):
    """The output cannot be written safely (e.g. it would overwrite an input)."""

    exit_code = 10


class FindingsFailed(CheckerError):
    """The check ran, and a finding named in --fail-on was present."""

    exit_code = 11
