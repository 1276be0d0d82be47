"""What a file really is, judged by its content (magic bytes, zip contents), and archive safety checks."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from ..errors import LimitExceeded, UnreadableInput
from ..limits import Limits

MB = 1024 * 1024

# content kind -> how to describe it ("its content looks like ...")
DESCRIPTION = {
    "docx": "a Word document", "odt": "an OpenDocument text document", "pdf": "PDF", "rtf": "RTF",
    "text": "plain text", "ole": "an old Word .doc file", "html": "a web page (HTML)",
    "xlsx": "an Excel workbook", "pptx": "a PowerPoint presentation", "opendocument": "an OpenDocument file that is not text",
    "zip": "a zip archive", "png": "a PNG image", "jpeg": "a JPEG image", "binary": "binary data, not text",
    "damaged-zip": "a damaged or incomplete zip archive (Word and OpenDocument files are zip archives)",
}
# extension -> the content kind it promises, and how to name it ("'x.docx' is not ...")
EXTENSIONS = {
    ".docx": ("docx", "a Word document"), ".odt": ("odt", "an OpenDocument text document"),
    ".pdf": ("pdf", "a PDF"), ".rtf": ("rtf", "an RTF document"), ".txt": ("text", "a text file"),
    ".text": ("text", "a text file"), ".md": ("text", "a Markdown file"), ".markdown": ("text", "a Markdown file"),
    ".doc": ("ole", "an old Word .doc file"),
}
SUPPORTED = {"docx": ".docx", "odt": ".odt", "pdf": ".pdf", "rtf": ".rtf", "text": ".txt"}

_ENCRYPTED_OOXML = "EncryptedPackage".encode("utf-16-le")
_DOCTYPE_MARKERS = (b"<!DOCTYPE", b"<!ENTITY", "<!DOCTYPE".encode("utf-16-le"), "<!ENTITY".encode("utf-16-le"),
                    "<!DOCTYPE".encode("utf-16-be"), "<!ENTITY".encode("utf-16-be"))


def content_kind(path: Path, head: bytes, limits: Limits) -> str:
    """One of the DESCRIPTION keys, or 'ole-encrypted'."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return zip_kind(path, limits)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole-encrypted" if _ENCRYPTED_OOXML in path.read_bytes() else "ole"
    if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{\\rtf"):
        return "rtf"
    if head.startswith(b"\x89PNG"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:100].lower()
    if start.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 50:
        return "binary"
    return "text"


def zip_kind(path: Path, limits: Limits) -> str:
    """Open a zip archive within the limits and say what it holds; refuse XML with a DOCTYPE."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        return "damaged-zip"
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_archive_members:
            raise LimitExceeded(f"'{path.name}' holds {len(infos):,} files inside, over the limit of "
                                f"{limits.max_archive_members:,}; raise it with --max-members if the file is genuine")
        total = sum(info.file_size for info in infos)
        if total > limits.max_unzipped_bytes:
            raise LimitExceeded(f"'{path.name}' unpacks to {total / MB:,.0f} MB, over the limit of "
                                f"{limits.max_unzipped_bytes / MB:,.0f} MB; raise it with --max-unzipped-mb "
                                f"if the file is genuine")
        names = {info.filename for info in infos}
        if "word/document.xml" in names:
            kind = "docx"
        elif "mimetype" in names:
            mimetype = _read_small(archive, "mimetype")
            kind = "odt" if mimetype.startswith(b"application/vnd.oasis.opendocument.text") else "opendocument"
        elif "xl/workbook.xml" in names:
            kind = "xlsx"
        elif "ppt/presentation.xml" in names:
            kind = "pptx"
        else:
            kind = "zip"
        if kind in ("docx", "odt"):
            scan_xml(archive, path.name, limits, weight=ODT_WEIGHT if kind == "odt" else 1)
        return kind


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as fh:
            return fh.read(200).strip()
    except (zipfile.BadZipFile, OSError, ValueError):
        return b""


ODT_WEIGHT = 5   # odfpy keeps each element as Python objects: about five times lxml's memory


def scan_xml(archive: zipfile.ZipFile, name: str, limits: Limits, weight: int = 1) -> None:
    """Stream every XML part once, before any parser sees it. Word and OpenDocument never write a
    DOCTYPE, so one inside can only be an entity-expansion (billion laughs) or external-entity (XXE)
    attack; and the number of elements, which is what a parsed tree costs in memory, is bounded."""
    elements, allowed = 0, limits.max_xml_elements // weight
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        try:
            with archive.open(info) as fh:
                tail = b""
                while chunk := fh.read(1 << 16):
                    data = tail + chunk
                    if any(marker in data for marker in _DOCTYPE_MARKERS):
                        raise UnreadableInput(
                            f"'{name}' contains an XML document type declaration (<!DOCTYPE or <!ENTITY), "
                            f"which word processors never write; it was refused for safety")
                    elements += chunk.count(b"<") - chunk.count(b"</")
                    if elements > allowed:
                        raise LimitExceeded(
                            f"'{name}' holds more than {allowed:,} XML elements, too many to read safely"
                            f"{' (an OpenDocument file counts five times)' if weight > 1 else ''}; "
                            f"raise the limit with --max-elements if the file is genuine")
                    tail = data[-32:]
        except (UnreadableInput, LimitExceeded):
            raise
        except Exception as exc:  # BadZipFile, zlib.error, EOFError: a corrupt member
            raise UnreadableInput(f"'{name}' is damaged or incomplete; open it and save it again") from exc


_RUN = re.compile(r"\S+")


def refuse_many_words(text: str, name: str, limits: Limits, slack: float = 2.0) -> None:
    """Stop before lines, blocks and the pipeline are built for text that is far over the word limit.
    Markup (Markdown marks, RTF table bars) can be counted here, so the bound is `slack` times the limit;
    the exact count is checked after reading. Counting does not build a list of the words."""
    allowed = int(limits.max_words * slack) + 1000
    count = 0
    for count, _ in enumerate(_RUN.finditer(text), start=1):
        if count > allowed:
            raise LimitExceeded(f"'{name}' has over {allowed:,} words, far over the limit of {limits.max_words:,}; "
                                f"raise it with --max-words if the file is genuine")
