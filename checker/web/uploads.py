"""Receiving an upload: the size limit while the body streams in, the multipart form parsed in
memory (never spooled to disk), and the file's name made safe. The file's type is judged later by the
readers, from its content; here only the name's extension is checked, to answer quickly and kindly."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import AsyncIterator

from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser
from starlette.requests import ClientDisconnect, Request

from .config import MB

ACCEPTED = (".docx", ".pdf", ".odt", ".rtf", ".txt", ".md")
ALSO_READ = (".text", ".markdown", ".doc")     # read too (for .doc, the reader explains what to do)
FORM_OVERHEAD = 64 * 1024                      # room for the form's other fields and boundaries


class UploadError(Exception):
    """A request the checker cannot take: an HTTP status, an error code and a learner-facing line."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class Upload:
    filename: str                     # safe, with the uploaded extension
    data: bytes
    fields: dict[str, str]


def too_large(limit: int) -> UploadError:
    return UploadError(413, "too_large",
                       f"this file is larger than {limit / MB:g} MB, the most the checker takes here; if your "
                       f"draft has large pictures, save a copy without them (only the text is checked)")


async def read_body(request: Request, limit: int) -> bytes:
    """The whole request body, refused with 413 as soon as it is known to exceed `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit():
            raise UploadError(400, "bad_request", "the request's Content-Length is not a number")
        if int(declared) > limit:
            raise too_large(limit - FORM_OVERHEAD)
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise too_large(limit - FORM_OVERHEAD)
    except ClientDisconnect:
        raise UploadError(400, "bad_request", "the upload was interrupted; please try again") from None
    return bytes(body)


async def _once(body: bytes) -> AsyncIterator[bytes]:
    yield body
    yield b""


async def read_upload(request: Request, max_file_bytes: int) -> Upload:
    """Parse a multipart form with one file part and a few short fields, all in memory."""
    if not request.headers.get("content-type", "").lower().startswith("multipart/form-data"):
        raise UploadError(415, "not_multipart", "send the file as multipart/form-data, with the fields "
                                                "'file' and 'unit'")
    body = await read_body(request, max_file_bytes + FORM_OVERHEAD)
    parser = MultiPartParser(request.headers, _once(body), max_files=1, max_fields=8)
    parser.spool_max_size = len(body) + 1           # keep the file in memory: nothing touches the disk
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise UploadError(422, "bad_form", f"the upload could not be read as a form ({exc})") from None
    try:
        fields = {k: v.strip() for k, v in form.multi_items() if isinstance(v, str)}
        part = form.get("file")
        if not isinstance(part, UploadFile) or not (part.filename or "").strip():
            raise UploadError(422, "no_file", "choose a file to check")
        data = await part.read()
        name = safe_name(part.filename or "")
    finally:
        await form.close()
    if len(data) > max_file_bytes:
        raise too_large(max_file_bytes)
    return Upload(name, data, fields)


def safe_name(name: str) -> str:
    """The file's own name, without folders or control characters, short enough for any file system."""
    name = re.sub(r"[\x00-\x1f\x7f]", "", name.replace("\\", "/"))
    name = PurePosixPath(name).name.strip() or "submission"
    if name.startswith("."):
        name = "submission" + name
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    stem = stem[:60] or "submission"
    return f"{stem}.{suffix[:10]}" if dot else stem


def check_extension(name: str) -> None:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in ACCEPTED + ALSO_READ:
        shown = f"a {suffix} file" if suffix else "a file without an extension"
        raise UploadError(422, "unsupported_type",
                          f"'{name}' is {shown}, which the checker cannot read; choose a .docx, .pdf, .odt, "
                          f".rtf, .txt or .md file")
