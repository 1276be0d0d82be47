"""Property-based tests and a mutation fuzz (issue 8): whatever the text, the blocks or the bytes, the
only outcomes are a report or a clean `CheckerError`, and a report accounts for every block and word."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hostile_corpus as hc
from checker.analysis import Settings, run_check
from checker.document import BLOCK_KINDS, Block, Submission
from checker.errors import CheckerError
from checker.limits import Limits
from checker.readers import read_submission
from checker.readers.lines import BULLET
from checker.units import UnitLibrary
from checker.wordcount import count_text

UNIT = UnitLibrary.load().get("5014")
READ_CODES = {4, 7, 8, 9}        # what reading a file that exists may end in (see README, "Exit codes")
WORDS = ["coaching", "mentoring", "AC", "1.1", "2.2", "evaluate", "however", "team", "Whitmore", "(2017)",
         "performance", "—", "e.g.", "£3,000", "decision-making", "\u0645\u0631\u062d\u0628\u0627", "e\u0301",
         "References", "Appendix", "Word", "count:", "3,150", "Introduction", "Conclusion", "1.", "•"]

_word = st.one_of(st.sampled_from(WORDS), st.text(st.characters(blacklist_categories=("Cs", "Cc", "Z")),
                                                  min_size=1, max_size=12))
_text = st.lists(_word, min_size=0, max_size=40).map(" ".join)
_block = st.tuples(st.sampled_from(BLOCK_KINDS), _text, st.integers(1, 4))


def clean(error: CheckerError, allowed: set[int]) -> None:
    message = str(error)
    assert error.exit_code in allowed, (error.exit_code, message)
    assert message and "\n" not in message and "Traceback" not in message


def assert_accounts_for(report: dict, blocks: list[Block]) -> None:
    """Every block exactly once, in order, verbatim; counted words add up across blocks and kinds."""
    assert [(b["id"], b["kind"], b["text"]) for b in report["blocks"]] == [(b.id, b.kind, b.text) for b in blocks]
    assert [b["words"] for b in report["blocks"]] == [count_text(b.text) for b in blocks]
    wc = report["word_count"]
    assert wc["counted"] == sum(b["words"] for b in report["blocks"] if b["counted"]) == sum(wc["by_kind"].values())
    assert wc["counted"] + sum(e["words"] for e in wc["excluded"].values()) == sum(count_text(b.text) for b in blocks)
    ids = {b.id for b in blocks}
    for criterion in report["criteria"]:
        assert set(criterion["evidence"]) <= ids


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=600), suffix=st.sampled_from([".txt", ".md", ".rtf", ""]))
def test_reading_arbitrary_text_gives_blocks_or_a_clean_error(tmp_path, text, suffix):
    path = tmp_path / f"any{suffix}"
    data = text.encode("utf-8", "surrogatepass")
    path.write_bytes(b"{\\rtf1\\ansi " + data + b"}" if suffix == ".rtf" else data)
    try:
        submission = read_submission(path)
    except CheckerError as error:
        clean(error, READ_CODES)
        return
    assert [b.id for b in submission.blocks] == [f"b{i}" for i in range(len(submission.blocks))]
    assert all(b.text and b.text == b.text.strip() for b in submission.blocks)
    if suffix != ".rtf":                # RTF escapes and code pages can make words of their own
        assert sum(count_text(b.text) for b in submission.blocks) <= len(text.split())


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(paragraphs=st.lists(_text.filter(str.strip), min_size=1, max_size=12))
def test_plain_text_keeps_every_word_of_arbitrary_paragraphs(tmp_path, paragraphs):
    path = tmp_path / "essay.txt"
    text = "\n\n".join(paragraphs)
    path.write_text(text, encoding="utf-8")
    try:
        submission = read_submission(path)
    except CheckerError as error:
        clean(error, READ_CODES)
        return
    if submission.format == "txt":      # Markdown marks, when a text looks like Markdown, are not words
        kept = sum(count_text(b.text) for b in submission.blocks)
        bullets = sum(bool(BULLET.match(line.strip())) for p in paragraphs for line in p.split("\n")
                      if line.strip())      # a bullet mark is not a word, wherever the item lands
        assert len(text.split()) - bullets <= kept <= len(text.split())


@settings(max_examples=25, deadline=None)
@given(raw=st.lists(_block, min_size=1, max_size=14))
def test_the_pipeline_accounts_for_arbitrary_block_sequences(raw):
    blocks = [Block(id=f"b{i}", kind=kind, text=text.strip() or "word", level=level if kind == "heading" else None,
                    rows=[[text.strip() or "word"]] if kind == "table" else None)
              for i, (kind, text, level) in enumerate(raw)]
    submission = Submission(path="generated.txt", format="txt", blocks=blocks)
    report = run_check("generated.txt", UNIT, Settings(), submission=submission).to_dict()
    assert_accounts_for(report, blocks)


# --- a mutation fuzz over a valid Word file --------------------------------------------------------

def _mutate(data: bytes, rng: random.Random, most: int = 8) -> bytes:
    out = bytearray(data)
    how = rng.choice(["flip", "truncate", "duplicate", "zero"])
    if how == "flip":
        for _ in range(rng.randint(1, most)):
            out[rng.randrange(len(out))] ^= rng.randint(1, 255)
    elif how == "truncate":
        del out[rng.randrange(1, len(out)):]
    elif how == "duplicate":
        start = rng.randrange(len(out))
        piece = out[start:start + rng.randint(1, 400)]
        at = rng.randrange(len(out))
        out[at:at] = piece
    else:
        start = rng.randrange(len(out))
        out[start:start + rng.randint(1, 64)] = bytes(min(64, len(out) - start))
    return bytes(out)


def _flip_text(xml: bytes, rng: random.Random) -> bytes:
    """Replace a few bytes of text (just after a '>') with other valid text: white space, a long word,
    right-to-left marks, combining accents, an escaped entity; the package stays well-formed."""
    out = bytearray(xml)
    starts = [i + 1 for i in range(len(out) - 1) if out[i] == ord(">") and out[i + 1] != ord("<")]
    pieces = [b" ", b"\t", b"x" * 5000, "\u202e\u0645\u0631".encode(), "e\u0301\u0308".encode(), b"&amp;", b"AC 9.9"]
    for _ in range(rng.randint(1, 6)):
        at = rng.choice(starts) + rng.randint(0, 3)
        if out[at] not in b"<&":
            out[at:at + 1] = rng.choice(pieces)
    return bytes(out)


def _fuzz_cases(count: int = 150, seed: int = 8) -> list[tuple[str, bytes]]:
    """Two thirds mutate the package's bytes (mostly caught by the zip layer); a third mutate the XML
    inside a well-formed package, so that the mutations reach the XML parser and the reader."""
    rng = random.Random(seed)
    package = hc.docx_bytes()
    xml = hc.docx_member(package)
    cases = []
    for number in range(count):
        if number % 3 == 2:
            mutated = _mutate(xml, rng, most=2) if rng.random() < 0.5 else _flip_text(xml, rng)
            cases.append((f"xml-{number}", hc.rezip(package, replace={"word/document.xml": mutated})))
        else:
            cases.append((f"bytes-{number}", _mutate(package, rng)))
    return cases


def test_mutated_docx_files_give_a_report_or_a_clean_error(tmp_path):
    outcomes = {"report": 0, "error": 0}
    for name, data in _fuzz_cases():
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        try:
            submission = read_submission(path, Limits(time_budget_s=20))
            report = run_check(path, UNIT, Settings(), submission=submission).to_dict()
        except CheckerError as error:
            clean(error, READ_CODES)
            outcomes["error"] += 1
        except Exception as error:  # pragma: no cover - the failure message names the case to replay
            pytest.fail(f"{name}: {type(error).__name__}: {error}")
        else:
            assert_accounts_for(report, submission.blocks)
            outcomes["report"] += 1
        path.unlink()
    assert outcomes["report"] >= 10 and outcomes["error"] >= 10, outcomes
