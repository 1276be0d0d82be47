"""The parts of the OpenAPI description that FastAPI cannot infer: `POST /api/check` reads its
multipart body itself (to enforce the size limit while the upload streams in, and to keep it in
memory), so its request body, and its answers, are described here."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from .uploads import ACCEPTED

_SCHEMA = Path(__file__).resolve().parent.parent / "schema" / "report.schema.json"

CHECK_REQUEST = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object",
            "required": ["file", "unit"],
            "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": f"The submission: {', '.join(ACCEPTED)}. Its type is judged by its "
                                        f"content, not its name."},
                "unit": {"type": "string", "examples": ["7015V1"],
                         "description": "The unit's number (see GET /api/units); '7015' finds 7015V1."},
                "audience": {"type": "string", "enum": ["learner", "assessor"], "default": "learner",
                             "description": "Who the HTML report is for (format=html)."},
                "format": {"type": "string", "enum": ["json", "html"], "default": "json",
                           "description": "json: the JSON report; html: the self-contained HTML report."},
            },
        }}},
    },
}



class ErrorBody(BaseModel):
    detail: str = Field(description="One plain line: what is wrong and what to do.")
    error: str = Field(description="A stable code, e.g. too_large or unreadable_file.")


ERRORS = {
    404: "Unknown unit (error: unknown_unit).",
    413: "The file, or its unpacked content, words or pages, is over a safety limit (error: too_large).",
    415: "The request is not multipart/form-data (error: not_multipart).",
    422: "No file or unit, a file type the checker cannot read, or a file that is empty, damaged, "
         "password-protected or not what its name says (errors: no_file, no_unit, unsupported_type, "
         "unreadable_file, empty_file, protected_file, bad_form, bad_audience, bad_format).",
    503: "Too many checks are waiting; try again after Retry-After seconds (error: busy).",
}


def report_schema() -> dict:
    """The JSON report's schema (checker/schema/report.schema.json), as an OpenAPI 3.1 schema object."""
    try:
        schema = json.loads(_SCHEMA.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"type": "object"}
    return {k: v for k, v in schema.items() if k not in ("$schema", "$id")}


def check_responses() -> dict:
    return {
        200: {"description": "The check ran: the JSON report (or the HTML report with format=html).",
              "content": {"application/json": {"schema": report_schema()},
                          "text/html": {"schema": {"type": "string"}}}},
        **{status: {"description": text, "model": ErrorBody} for status, text in ERRORS.items()},
    }

