"""Peak memory (RSS) of `checker check` on large inputs, each in a fresh process.

    python benchmarks/memory.py            # every case
    python benchmarks/memory.py text-50mb  # one case

Cases: a 50 MB text file (default limits: refused at the word limit, before lines and blocks are
built); 50 MB of text in 100,000 very long words, under the word limit and checked in full; the largest text the default limits accept (200,000 words), checked in full; a .docx of
100,000 words, checked in full; and a .docx of 900,000 empty paragraphs, just under the default limit
of XML elements (a tiny file that unpacks to 5 MB of markup), read in full. The
figure is the child's own peak resident set size, read from os.wait4. The issue's bar: a few hundred MB.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

PARAGRAPH = ("Coaching helps a supervisor to find their own answers, whereas mentoring passes on the "
             "experience of a senior manager over a longer time; on balance coaching suits our care team, "
             "because handovers improve quickly and the costs of cover are modest. ")


def text_file(path: Path, megabytes: float) -> Path:
    block = (PARAGRAPH * 3 + "\n\n").encode()
    with path.open("wb") as handle:
        for _ in range(int(megabytes * 1024 * 1024) // len(block)):
            handle.write(block)
    return path


def text_long_words(path: Path, megabytes: float) -> Path:
    line = (("coaching" * 60 + " ") * 100 + "\n\n").encode()
    with path.open("wb") as handle:
        for _ in range(int(megabytes * 1024 * 1024) // len(line)):
            handle.write(line)
    return path


def text_words(path: Path, words: int) -> Path:
    per = len((PARAGRAPH * 3).split())
    path.write_text("\n\n".join([PARAGRAPH * 3] * (words // per)) + "\n", encoding="utf-8")
    return path


def docx_words(path: Path, words: int) -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Coaching and mentoring", 1)
    for _ in range(words // len((PARAGRAPH * 3).split())):
        document.add_paragraph(PARAGRAPH * 3)
    document.save(path)
    return path


def docx_empty_paragraphs(path: Path, count: int) -> Path:
    import docx

    out = io.BytesIO()
    document = docx.Document()
    document.add_paragraph(PARAGRAPH * 3)
    document.save(out)
    with zipfile.ZipFile(io.BytesIO(out.getvalue())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "word/document.xml":
                body = body.replace(b"<w:body>", b"<w:body>" + b"<w:p/>" * count, 1)
            target.writestr(item.filename, body)
    return path


CASES = {
    "text-50mb": (lambda folder: text_file(folder / "big.txt", 49.5), []),
    "text-50mb-long-words": (lambda folder: text_long_words(folder / "words.txt", 49.5), []),
    "text-200k-words": (lambda folder: text_words(folder / "long.txt", 199_000), []),
    "docx-100k-words": (lambda folder: docx_words(folder / "long.docx", 100_000), []),
    "docx-900k-empty-paragraphs": (lambda folder: docx_empty_paragraphs(folder / "empty.docx", 900_000), []),
}


def measure(path: Path, extra: list[str]) -> tuple[float, int, float, str]:
    """(peak RSS in MB, exit code, seconds, the first line of stderr) of one check in a new process."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "checker", "check", str(path), "--unit", "5014",
                              "--format", "json", *extra], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = child.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, child.returncode, time.perf_counter() - started, (stderr.splitlines() or [""])[0]


def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory(prefix="checker-memory-") as tmp:
        folder = Path(tmp)
        print(f"{'case':<26} {'input':>9} {'peak RSS':>9} {'exit':>4} {'seconds':>7}  message")
        for name in names or list(CASES):
            make, extra = CASES[name]
            path = make(folder)
            peak, code, seconds, message = measure(path, extra)
            size = path.stat().st_size / 1024 / 1024
            print(f"{name:<26} {size:>6.2f} MB {peak:>6.0f} MB {code:>4} {seconds:>7.1f}  {message[:90]}", flush=True)
            path.unlink()


if __name__ == "__main__":
    main(sys.argv[1:])
