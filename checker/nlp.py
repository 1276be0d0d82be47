"""The spaCy pipeline, loaded once per process, and the lemma view of text that the checks share."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from .errors import UsageError
from .resources import models_dir
from .units import read_data_file

BLANK = "blank"
_WORD = re.compile(r"[a-z][a-z'\-]*[a-z]|[a-z]")


@cache
def load_nlp(name: str = BLANK):
    """Return a spaCy pipeline. The default is a blank English pipeline with a rule-based sentencizer
    and the lookup lemmatiser from spacy-lookups-data: nothing is downloaded. Any installed package
    name or pipeline folder (e.g. 'en_core_web_sm') can be given instead."""
    import spacy

    if name == BLANK:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        nlp.max_length = 10**9  # no parser or tagger: memory grows with the text, not 1 GB per 100,000 characters
        return nlp
    try:
        nlp = spacy.load(name)
    except (OSError, ImportError, ValueError) as exc:
        raise UsageError(f"spaCy pipeline '{name}' is not installed here; leave out --nlp to use the built-in one") from exc
    if not any(pipe in nlp.pipe_names for pipe in ("parser", "senter", "sentencizer")):
        nlp.add_pipe("sentencizer")
    return nlp


@cache
def _lookup_table() -> dict:
    nlp = load_nlp(BLANK)
    return nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")


@cache
def adverbs() -> frozenset[str]:
    """English adverbs ('secondly', 'instead', 'likewise'), from WordNet's index in spacy-lookups-data."""
    import gzip
    import json

    from spacy_lookups_data import get_file

    with gzip.open(get_file("en_lemma_index.json.gz"), "rt", encoding="utf-8") as handle:
        return frozenset(json.load(handle)["adv"])


@cache
def _concepts() -> dict:
    """models/lexicons/concepts.yaml: concept groups, set phrases and spelling rules."""
    return read_data_file(models_dir() / "lexicons" / "concepts.yaml")


@cache
def concept_map() -> dict[str, str]:
    """Fold interchangeable words to one (models/lexicons/concepts.yaml)."""
    data = _concepts()
    mapping: dict[str, str] = {}
    for group in data["groups"]:
        for word in group:
            if word in mapping:
                raise ValueError(f"concepts.yaml: '{word}' is in two groups")
            mapping[word] = group[0]
    return mapping


@cache
def _phrases() -> re.Pattern | None:
    """Set terms whose words would otherwise fold apart ('risk assessment' is neither a drawback nor
    an evaluation): one pattern matching any of them, singular or plural (models/lexicons/concepts.yaml)."""
    phrases = sorted(_concepts().get("phrases") or [], key=len, reverse=True)
    if not phrases:
        return None
    return re.compile(r"\b(" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")s?\b")


def _join_phrases(text: str) -> str:
    pattern = _phrases()
    return pattern.sub(lambda m: "-".join(m.group(1).split()), text) if pattern else text


@cache
def stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    extra = read_data_file(models_dir() / "lexicons" / "stopwords.yaml")
    return frozenset(STOP_WORDS) | frozenset(extra["words"])


@cache
def _spelling() -> tuple[tuple[tuple[str, str], ...], frozenset[str], dict[str, str]]:
    data = _concepts().get("spelling") or {}
    suffixes = tuple(sorted(((a, b) for a, b in data.get("suffixes", [])), key=lambda p: -len(p[0])))
    return suffixes, frozenset(data.get("keep", [])), dict(data.get("words", {}))


@lru_cache(maxsize=65536)
def british(word: str) -> str:
    """The British spelling of a lower-case word: 'prioritized' -> 'prioritised', 'behavior' -> 'behaviour'
    (models/lexicons/concepts.yaml, `spelling`)."""
    suffixes, keep, words = _spelling()
    if word in words:
        return words[word]
    if word in keep or len(word) < 6:
        return word
    for us, uk in suffixes:
        if word.endswith(us):
            return word[: -len(us)] + uk
    return word


def lemma(word: str) -> str:
    """Lower-case lookup lemma of one word (case-insensitive, unlike spaCy's table)."""
    word = word.lower()
    return _lookup_table().get(word, word)


def content_terms(text: str) -> list[str]:
    """The content words of `text`, lemmatised, folded by the concept lexicon, stop words dropped."""
    return list(_content_terms(text))


@lru_cache(maxsize=4096)     # the mapper reads each paragraph several times
def _content_terms(text: str) -> tuple[str, ...]:
    folded = concept_map()
    stops = stop_words()
    terms = []
    for word in _WORD.findall(_join_phrases(text.lower().replace("’", "'"))):
        word = word.strip("'-")
        if word.endswith("'s"):          # possessive: "the charity's needs"
            word = word[:-2]
        if len(word) < 2 or word in stops:
            continue
        word = british(word)
        base = lemma(word)
        if base in stops:
            continue
        terms.append(folded.get(base, folded.get(word, base)))
    return tuple(terms)


def sentences(text: str, nlp_name: str = BLANK) -> list[str]:
    """Split text into sentences with the chosen pipeline."""
    nlp = load_nlp(nlp_name)
    return [s.text.strip() for s in nlp(text).sents if s.text.strip()]
