"""The document model: a submission is an ordered list of typed blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

BLOCK_KINDS = (
    "title", "front", "contents", "heading", "paragraph", "list_item", "table",
    "caption", "quote", "reference", "appendix", "footnote",
)


@dataclass
class Block:
    """One unit of a submission: a paragraph, heading, table, reference entry and so on."""

    id: str
    kind: str
    text: str
    level: int | None = None                 # heading level (1 = top)
    source: dict = field(default_factory=dict)  # {"paragraph": 12} or {"page": 3, "line": 40}
    rows: list[list[str]] | None = None      # table cells, row by row
    style: str | None = None                 # style name in the source file, if any

    def to_dict(self) -> dict:
        data = {"id": self.id, "kind": self.kind, "text": self.text, "source": self.source}
        if self.level is not None:
            data["level"] = self.level
        if self.rows is not None:
            data["rows"] = self.rows
        if self.style:
            data["style"] = self.style
        return data


@dataclass
class Submission:
    """What every reader returns, whatever the file format."""

    path: str
    format: str                              # "docx", "pdf", "odt", "rtf", "txt", "md"
    blocks: list[Block]
    declared_words: int | None = None        # "Word count: 3,150" on the front page
    notes: list[str] = field(default_factory=list)  # e.g. "read as cp1252, not UTF-8"
