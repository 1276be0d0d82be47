"""How a failed check is told over the web: an HTTP status, a short error code and one kind line.

The readers' messages are written for the command line; here the hints about command-line options
(which a learner cannot change) are dropped. Nothing in a message quotes the learner's text: the
readers name the file, never its contents.
"""

from __future__ import annotations

import re

from ..errors import (CheckerError, EmptyDocument, InputNotFound, LimitExceeded, ProtectedDocument,
                      UnknownUnit, UnreadableInput)

# error class -> (HTTP status, error code in the JSON body)
STATUS: dict[type, tuple[int, str]] = {
    UnknownUnit: (404, "unknown_unit"),
    LimitExceeded: (413, "too_large"),
    UnreadableInput: (422, "unreadable_file"),
    EmptyDocument: (422, "empty_file"),
    ProtectedDocument: (422, "protected_file"),
    InputNotFound: (422, "unreadable_file"),
}
INTERNAL = (500, "internal_error")
INTERNAL_MESSAGE = ("something went wrong on our side while checking this file; please try again, "
                    "and if it happens again ask your centre for help")
BUSY_MESSAGE = "the checker is busy with other drafts just now; please try again in a minute"

_OPTION_HINT = re.compile(r"[;,]\s*raise it with --[\w-]+(?: if the file is genuine)?")
_UNITS_HINT = re.compile(r"'checker units' lists them all")


def web_message(message: str) -> str:
    """A reader's or checker's one-line message, without the command-line hints."""
    message = _OPTION_HINT.sub("", message)
    return _UNITS_HINT.sub("the list of units on the page shows them all", message).strip()


def describe(exc: CheckerError) -> tuple[int, str, str]:
    """(HTTP status, error code, learner-facing message) for a checker error."""
    for kind, (status, code) in STATUS.items():
        if isinstance(exc, kind):
            return status, code, web_message(str(exc))
    return (*INTERNAL, INTERNAL_MESSAGE)


def sentence(message: str) -> str:
    """'x is empty' -> 'x is empty.' with a capital letter, for the page."""
    message = message.strip()
    if not message:
        return message
    if message[0].islower():
        message = message[0].upper() + message[1:]
    return message if message.endswith((".", "!", "?")) else message + "."
