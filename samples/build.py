"""Render samples/src/<id>.yaml into samples/<id>.<format> and samples/<id>.gold.json (see README.md).

    python samples/build.py              # every source
    python samples/build.py --only ID    # one sample

Output is deterministic: fixed dates, fixed zip timestamps and sorted XML namespaces, so a rebuild
leaves unchanged samples byte for byte the same.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import re
import sys
import zipfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from checker.wordcount import count_text  # noqa: E402

FIXED = datetime.datetime(2024, 1, 1, 9, 0, 0, tzinfo=datetime.timezone.utc)
ZIP_TIME = (2024, 1, 1, 9, 0, 0)
FORMATS = ("docx", "pdf", "txt", "md", "odt", "rtf")
BODY_KINDS = ("paragraph", "list_item", "quote")
KINDS = ("heading", "paragraph", "list_item", "quote", "table", "caption", "footnote", "reference", "appendix")
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def load(path: Path) -> dict:
    sample = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [k for k in ("id", "format", "blocks") if k not in (sample or {})]
    if missing:
        raise SystemExit(f"{path}: missing {', '.join(missing)}")
    if sample["format"] not in FORMATS:
        raise SystemExit(f"{path}: format must be one of {', '.join(FORMATS)}")
    for i, block in enumerate(sample["blocks"]):
        if block.get("kind") not in KINDS:
            raise SystemExit(f"{path}: block {i} has unknown kind {block.get('kind')!r}")
        if block["kind"] == "table" and not block.get("rows"):
            raise SystemExit(f"{path}: block {i} is a table without rows")
        if block["kind"] != "table" and not str(block.get("text", "")).strip():
            raise SystemExit(f"{path}: block {i} has no text")
    sample.setdefault("front", [])
    return sample


def table_text(rows: list[list]) -> str:
    return "\n".join("\t".join(str(c) for c in row) for row in rows)


def gold(sample: dict) -> dict:
    blocks = sample["blocks"]
    body = sum(count_text(b["text"]) for b in blocks if b["kind"] in BODY_KINDS)
    return {
        "id": sample["id"], "unit": str(sample.get("unit", "")), "style": sample.get("style"),
        "split": sample.get("split"), "format": sample["format"], "declared_words": _declared(sample["front"]),
        "body_words": body, "omitted": sample.get("omitted", []), "shallow": sample.get("shallow", []),
        "copied_guidance": [_text(blocks[i]) for i in sample.get("copied_guidance", []) if 0 <= i < len(blocks)],
        "references": {"cited_not_listed": sample.get("cited_not_listed", []),
                       "listed_not_cited": sample.get("listed_not_cited", [])},
        "blocks": [{"kind": b["kind"], "text": _text(b), "criteria": b.get("criteria", [])} for b in blocks],
    }


def _text(block: dict) -> str:
    return table_text(block["rows"]) if block["kind"] == "table" else str(block["text"]).strip()


def _declared(front: list[str]) -> int | None:
    from checker.structure import declared_count
    for line in front:
        found = declared_count(str(line))
        if found is not None:
            return found
    return None


# --- docx -------------------------------------------------------------------------------------------

def render_docx(sample: dict) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

    document = docx.Document()
    props = document.core_properties
    props.author = props.last_modified_by = sample.get("learner", "Learner")
    props.title, props.created, props.modified, props.revision = sample["id"], FIXED, FIXED, 1
    front = [str(line) for line in sample["front"]]
    for i, line in enumerate(front):
        paragraph = document.add_paragraph(line, style="Title" if i == 0 else None)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if front:
        document.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
    notes: list[str] = []
    last = None
    for block in sample["blocks"]:
        kind, text = block["kind"], str(block.get("text", "")).strip()
        if kind == "heading":
            last = document.add_heading(text, level=int(block.get("level", 1)))
        elif kind == "table":
            _docx_table(document, block["rows"])
        elif kind == "footnote":
            notes.append(text)
            _footnote_reference(last or document.add_paragraph(), len(notes))
        else:
            style = {"list_item": "List Bullet", "quote": "Quote", "caption": "Caption"}.get(kind)
            last = document.add_paragraph(text, style=style)
    if notes:
        _footnotes_part(document, notes)
    out = io.BytesIO()
    document.save(out)
    return normalise_zip(out.getvalue())


def _docx_table(document, rows: list[list]) -> None:
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width, style="Table Grid")
    for r, row in enumerate(rows):
        for c in range(width):
            table.cell(r, c).text = str(row[c]) if c < len(row) else ""
    document.add_paragraph()


def _footnote_reference(paragraph, number: int) -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    paragraph._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                                  f'<w:footnoteReference w:id="{number}"/></w:r>'))


def _footnotes_part(document, notes: list[str]) -> None:
    from xml.sax.saxutils import escape

    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f'<w:footnote w:id="{i}"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> '
                   f'{escape(text)}</w:t></w:r></w:p></w:footnote>' for i, text in enumerate(notes, start=1))
    xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{w}">'
           '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
           '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
           f'</w:p></w:footnote>{body}</w:footnotes>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, xml.encode("utf-8"), document.part.package)
    document.part.relate_to(part, RT.FOOTNOTES)


def normalise_zip(data: bytes, first: str | None = None, namespaces: dict[str, str] | None = None) -> bytes:
    """Re-pack with fixed timestamps (and `first` stored uncompressed at the front, for ODF).
    `namespaces` (uri -> prefix), when given, are all declared on each XML part's root element."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        names = source.namelist()
        if first in names:
            names = [first] + [n for n in names if n != first]
        for name in names:
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_STORED if name == first else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            body = source.read(name)
            if name.endswith(".xml"):
                body = _sorted_namespaces(body, namespaces)
            target.writestr(info, body)
    return out.getvalue()


def _sorted_namespaces(xml: bytes, declare: dict[str, str] | None = None) -> bytes:
    """odfpy declares, in set order, the namespaces its process has used so far (so a second document
    built in the same process declares more); declare a fixed set, sorted, so output does not vary."""
    match = re.search(rb"<(?!\?)([\w:.-]+)((?:\s+[\w:.-]+=\"[^\"]*\")+)\s*(/?)>", xml)
    if not match:
        return xml
    attributes = re.findall(rb"[\w:.-]+=\"[^\"]*\"", match.group(2))
    declared = {a for a in attributes if a.startswith(b"xmlns")}
    if declare:
        declared |= {f'xmlns:{prefix}="{uri}"'.encode() for uri, prefix in declare.items()}
    ordered = sorted(declared) + [a for a in attributes if not a.startswith(b"xmlns")]
    tag = b"<" + match.group(1) + b" " + b" ".join(ordered) + match.group(3) + b">"
    return xml[:match.start()] + tag + xml[match.end():]


# --- pdf --------------------------------------------------------------------------------------------

def render_pdf(sample: dict) -> bytes:
    from fpdf import FPDF

    unicode_font = (FONT_DIR / "DejaVuSans.ttf").exists()
    running = f"{sample.get('learner', 'Learner')} - Unit {sample.get('unit', '')}".strip()

    class Paper(FPDF):
        def header(self) -> None:
            if self.page_no() > 1:
                self.set_font(family, "", 8)
                self.cell(0, 6, clean(running), align="R")
                self.ln(12)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font(family, "", 8)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Paper(format="A4")
    pdf.set_creation_date(FIXED)
    pdf.set_title(sample["id"])
    pdf.set_author(sample.get("learner", "Learner"))
    pdf.set_margins(25, 20, 25)
    pdf.set_auto_page_break(True, margin=22)
    if unicode_font:
        family = "DejaVu"
        for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf"), ("I", "DejaVuSans-Oblique.ttf")):
            pdf.add_font(family, style, str(FONT_DIR / file))
    else:
        family = "helvetica"

    def clean(text: str) -> str:
        if unicode_font:
            return text
        for a, b in {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "…": "...", "•": "-"}.items():
            text = text.replace(a, b)
        return text.encode("latin-1", "replace").decode("latin-1")

    def write(text: str, size: float = 11, style: str = "", indent: float = 0, after: float = 3.5) -> None:
        pdf.set_font(family, style, size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(pdf.epw - indent - (indent if style == "I" else 0), size * 0.5, clean(text),
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(after)

    pdf.add_page()
    if sample["front"]:
        pdf.set_y(80)
        for i, line in enumerate(sample["front"]):
            pdf.set_font(family, "B" if i == 0 else "", 16 if i == 0 else 12)
            pdf.multi_cell(0, 8, clean(str(line)), align="C", new_x="LMARGIN", new_y="NEXT")
            pdf.ln(4)
        pdf.add_page()
    notes = []
    for block in sample["blocks"]:
        kind, text = block["kind"], str(block.get("text", "")).strip()
        if kind == "heading":
            pdf.ln(2)
            write(text, 15 if int(block.get("level", 1)) == 1 else 13, "B", after=2)
        elif kind == "list_item":
            write(("• " if unicode_font else "- ") + text, indent=6, after=1.5)
        elif kind == "quote":
            write(text, style="I", indent=12)
        elif kind == "caption":
            write(text, 9, "I")
        elif kind == "table":
            _pdf_table(pdf, family, block["rows"], clean)
        elif kind == "footnote":
            notes.append(text)
        else:
            write(text)
    if notes:
        write("Notes", 13, "B", after=2)
        for i, note in enumerate(notes, start=1):
            write(f"{i}. {note}", 9, after=1.5)
    return bytes(pdf.output())


def _pdf_table(pdf, family: str, rows: list[list], clean) -> None:
    width = max(len(r) for r in rows)
    pdf.set_font(family, "", 10)
    with pdf.table(line_height=5, padding=1.5, v_align="TOP", text_align="LEFT") as table:
        for row in rows:
            cells = table.row()
            for c in range(width):
                cells.cell(clean(str(row[c])) if c < len(row) else "")
    pdf.ln(4)


# --- txt, md, rtf ------------------------------------------------------------------------------------

def render_txt(sample: dict) -> bytes:
    out = [str(line) for line in sample["front"]] + [""] if sample["front"] else []
    notes = []
    for block in sample["blocks"]:
        kind, text = block["kind"], str(block.get("text", "")).strip()
        if kind == "table":
            out += ["\t".join(str(c) for c in row) for row in block["rows"]] + [""]
        elif kind == "list_item":
            if out and out[-1] == "" and len(out) > 1 and out[-2].startswith("- "):
                out.pop()
            out += [f"- {text}", ""]
        elif kind == "quote":
            out += [f"    {text}", ""]
        elif kind == "footnote":
            notes.append(text)
        else:
            out += [text, ""]
    if notes:
        out += ["Notes", ""] + [f"{i}. {n}" for i, n in enumerate(notes, start=1)] + [""]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def render_md(sample: dict) -> bytes:
    out = []
    for line in sample["front"]:
        out += [_md_escape(str(line)), ""]
    if sample["front"]:
        out += ["---", ""]
    notes = []
    for block in sample["blocks"]:
        kind, text = block["kind"], str(block.get("text", "")).strip()
        if kind == "heading":
            out += ["#" * int(block.get("level", 1)) + " " + text, ""]
        elif kind == "list_item":
            if len(out) > 1 and out[-1] == "" and out[-2].startswith("- "):
                out.pop()
            out += [f"- {_md_escape(text)}", ""]
        elif kind == "quote":
            out += [f"> {_md_escape(text)}", ""]
        elif kind == "table":
            rows = [[str(c).replace("|", "\\|") for c in r] for r in block["rows"]]
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            out += ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * width]
            out += ["| " + " | ".join(r) + " |" for r in rows[1:]] + [""]
        elif kind == "footnote":
            notes.append(text)
            if len(out) > 1 and out[-1] == "" and not out[-2].startswith("|"):
                out[-2] += f"[^{len(notes)}]"
        else:
            out += [_md_escape(text), ""]
    out += [f"[^{i}]: {_md_escape(n)}" for i, n in enumerate(notes, start=1)]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def _md_escape(text: str) -> str:
    text = re.sub(r"([*_`\[\]\\])", r"\\\1", text)
    return re.sub(r"^(#|>|-|\+|\d+[.)])", r"\\\1", text)


def render_rtf(sample: dict) -> bytes:
    def esc(text: str) -> str:
        out = []
        for ch in text:
            if ch in "\\{}":
                out.append("\\" + ch)
            elif ord(ch) > 127:
                code = ord(ch)
                out.append(f"\\u{code if code < 32768 else code - 65536}?")
            else:
                out.append(ch)
        return "".join(out)

    parts = [r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0\fswiss Arial;}}"
             r"{\stylesheet{\s0 Normal;}{\s1 heading 1;}{\s2 heading 2;}}"
             r"{\info{\title " + esc(sample["id"]) + r"}{\creatim\yr2024\mo1\dy1\hr9\min0}}\f0\fs22"]
    for i, line in enumerate(sample["front"]):
        parts.append(r"\pard\qc" + (r"\b\fs32 " if i == 0 else r"\fs24 ") + esc(str(line)) + r"\b0\fs22\par")
    if sample["front"]:
        parts.append(r"\page")
    notes = []
    for block in sample["blocks"]:
        kind, text = block["kind"], str(block.get("text", "")).strip()
        if kind == "heading":
            level = int(block.get("level", 1))
            parts.append(rf"\pard\s{min(level, 2)}\sb240\sa120\b\fs{30 if level == 1 else 26} {esc(text)}\b0\fs22\par")
        elif kind == "list_item":
            parts.append(r"\pard\li720\fi-360\sa60 \bullet\tab " + esc(text) + r"\par")
        elif kind == "quote":
            parts.append(r"\pard\li720\ri720\sa120\i " + esc(text) + r"\i0\par")
        elif kind == "table":
            width = max(len(r) for r in block["rows"])
            for row in block["rows"]:
                cells = [str(row[c]) if c < len(row) else "" for c in range(width)]
                parts.append(r"\trowd" + "".join(rf"\cellx{2400 * (c + 1)}" for c in range(width))
                             + "".join(rf"\pard\intbl {esc(c)}\cell" for c in cells) + r"\row")
            parts.append(r"\pard\par")
        elif kind == "footnote":
            notes.append(text)
        else:
            parts.append(r"\pard\sa120 " + esc(text) + r"\par")
    if notes:
        parts.append(r"\pard\sb240\b\fs26 Notes\b0\fs22\par")
        parts += [rf"\pard\sa60 {i}. {esc(n)}\par" for i, n in enumerate(notes, start=1)]
    parts.append("}")
    return ("\n".join(parts) + "\n").encode("ascii")


# --- odt --------------------------------------------------------------------------------------------

def render_odt(sample: dict) -> bytes:
    from odf.opendocument import OpenDocumentText
    from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import H, List, ListItem, Note, NoteBody, NoteCitation, P

    doc = OpenDocumentText()
    named = {}
    for name, display, props in (("Title", "Title", {"fontsize": "20pt", "fontweight": "bold"}),
                                 ("Heading_20_1", "Heading 1", {"fontsize": "16pt", "fontweight": "bold"}),
                                 ("Heading_20_2", "Heading 2", {"fontsize": "13pt", "fontweight": "bold"}),
                                 ("Quotations", "Quotations", {"fontstyle": "italic"}),
                                 ("Caption", "Caption", {"fontsize": "9pt"})):
        style = Style(name=name, displayname=display, family="paragraph")
        style.addElement(TextProperties(**props))
        doc.styles.addElement(style)
        named[display] = style
    body_start = Style(name="BodyStart", family="paragraph")
    body_start.addElement(ParagraphProperties(breakbefore="page"))
    doc.automaticstyles.addElement(body_start)
    column = Style(name="Col", family="table-column")
    column.addElement(TableColumnProperties(columnwidth="5cm"))
    doc.automaticstyles.addElement(column)

    for i, line in enumerate(sample["front"]):
        doc.text.addElement(P(stylename=named["Title"] if i == 0 else None, text=str(line)))
    if sample["front"]:
        doc.text.addElement(P(stylename=body_start))  # an empty paragraph that starts a new page
    last = None
    for n, block in enumerate(sample["blocks"]):
        kind, text = block["kind"], str(block.get("text", "")).strip()
        if kind == "heading":
            level = int(block.get("level", 1))
            element = H(outlinelevel=level, stylename=named[f"Heading {min(level, 2)}"], text=text)
        elif kind == "list_item":
            element = List()
            item = ListItem()
            item.addElement(P(text=text))
            element.addElement(item)
        elif kind == "table":
            width = max(len(r) for r in block["rows"])
            element = Table(name=f"Table{n}")
            element.addElement(TableColumn(numbercolumnsrepeated=width, stylename=column))
            for row in block["rows"]:
                tr = TableRow()
                for c in range(width):
                    cell = TableCell(valuetype="string")
                    cell.addElement(P(text=str(row[c]) if c < len(row) else ""))
                    tr.addElement(cell)
                element.addElement(tr)
        elif kind == "footnote":
            note = Note(id=f"ftn{n}", noteclass="footnote")
            note.addElement(NoteCitation(text=str(n)))
            note_body = NoteBody()
            note_body.addElement(P(text=text))
            note.addElement(note_body)
            if last is None:
                last = P()
                doc.text.addElement(last)
            last.addElement(note)
            continue
        else:
            style = {"quote": named["Quotations"], "caption": named["Caption"]}.get(kind)
            element = P(stylename=style, text=text) if style else P(text=text)
        doc.text.addElement(element)
        last = element if kind not in ("list_item", "table") else last
    out = io.BytesIO()
    doc.write(out)
    from odf.namespaces import nsdict

    return normalise_zip(out.getvalue(), first="mimetype", namespaces=nsdict)


RENDERERS = {"docx": render_docx, "pdf": render_pdf, "txt": render_txt, "md": render_md, "odt": render_odt,
             "rtf": render_rtf}


def build(source: Path, out_dir: Path) -> list[Path]:
    sample = load(source)
    data = RENDERERS[sample["format"]](sample)
    target = out_dir / f"{sample['id']}.{sample['format']}"
    gold_path = out_dir / f"{sample['id']}.gold.json"
    _write_if_changed(target, data)
    _write_if_changed(gold_path, (json.dumps(gold(sample), indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    return [target, gold_path]


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", metavar="ID", help="build only this sample")
    parser.add_argument("--src", type=Path, default=HERE / "src", help="folder of sources (default samples/src)")
    parser.add_argument("--out", type=Path, default=HERE, help="where to write (default samples/)")
    args = parser.parse_args(argv)
    sources = sorted(args.src.glob("*.yaml"))
    if args.only:
        sources = [s for s in sources if s.stem == args.only]
        if not sources:
            print(f"no source {args.only}.yaml in {args.src}", file=sys.stderr)
            return 2
    args.out.mkdir(parents=True, exist_ok=True)
    for source in sources:
        for path in build(source, args.out):
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
