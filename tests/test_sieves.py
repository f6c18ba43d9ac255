"""Sieve logic on hand-built parses: no statistical model needed.

Each Doc is built with ``Doc(vocab, words=, spaces=, tags=, heads=, deps=, ents=)``, so
the tests pin the rules themselves, not the parser's mood.
"""
import pytest
import spacy
from spacy.tokens import Doc

import quoteattr
from quoteattr.marks import scan
from quoteattr import sieves
from quoteattr.candidates import build_para
from quoteattr.lexicon import CUE_CLASSES, CueLexicon, Lexicons
from quoteattr.segments import doc_segments

VOCAB = spacy.blank("en").vocab  # an English vocab: lexical attributes like LOWER are set
NO_SPACE_BEFORE = {",", ".", ":", "!", "?", "\u201d", "'s"}


def make_doc(rows):
    """rows: (text, tag, head, dep[, ent]) with ``head`` an absolute token index."""
    words = [r[0] for r in rows]
    spaces = []
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else None
        glue = nxt in NO_SPACE_BEFORE or w == "\u201c"
        spaces.append(nxt is not None and not glue)
    ents = [r[4] if len(r) > 4 else "O" for r in rows]
    return Doc(VOCAB, words=words, spaces=spaces, tags=[r[1] for r in rows],
               heads=[r[2] for r in rows], deps=[r[3] for r in rows], ents=ents)


def para_of(doc):
    text = doc.text
    result = scan(text)
    seg = next(doc_segments(doc, result.paragraphs))
    return build_para(seg, text, result.top_level(), CueLexicon.default(), CUE_CLASSES,
                      Lexicons.default())


# “We agree,” Lavrov said.
TRAILING = [("\u201c", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("agree", "VBP", 6, "ccomp"),
            (",", ",", 2, "punct"), ("\u201d", "''", 2, "punct"),
            ("Lavrov", "NNP", 6, "nsubj", "B-PERSON"), ("said", "VBD", 6, "ROOT"),
            (".", ".", 6, "punct")]
# “We agree,” said Lavrov.
INVERTED = [("\u201c", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("agree", "VBP", 5, "ccomp"),
            (",", ",", 2, "punct"), ("\u201d", "''", 2, "punct"), ("said", "VBD", 5, "ROOT"),
            ("Lavrov", "NNP", 5, "nsubj", "B-PERSON"), (".", ".", 5, "punct")]
# Lavrov said: “We agree.”
LEADING = [("Lavrov", "NNP", 1, "nsubj", "B-PERSON"), ("said", "VBD", 1, "ROOT"),
           (":", ":", 1, "punct"), ("\u201c", "``", 4, "punct"), ("We", "PRP", 4, "nsubj"),
           ("agree", "VBP", 1, "ccomp"), (".", ".", 4, "punct"), ("\u201d", "''", 4, "punct")]
# Lavrov: “We agree.”
COLON = [("Lavrov", "NNP", 0, "ROOT", "B-PERSON"), (":", ":", 0, "punct"),
         ("\u201c", "``", 4, "punct"), ("We", "PRP", 4, "nsubj"), ("agree", "VBP", 0, "appos"),
         (".", ".", 4, "punct"), ("\u201d", "''", 4, "punct")]
# “We agree.” ― Ana Duarte
DASH = [("\u201c", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("agree", "VBP", 2, "ROOT"),
        (".", ".", 2, "punct"), ("\u201d", "''", 2, "punct"), ("\u2015", ":", 2, "punct"),
        ("Ana", "NNP", 7, "compound", "B-PERSON"), ("Duarte", "NNP", 2, "npadvmod", "I-PERSON")]
# “We agree,” he said, “on this.”
INTERRUPTED = [("\u201c", "``", 2, "punct"), ("We", "PRP", 2, "nsubj"), ("agree", "VBP", 6, "ccomp"),
               (",", ",", 2, "punct"), ("\u201d", "''", 2, "punct"), ("he", "PRP", 6, "nsubj"),
               ("said", "VBD", 6, "ROOT"), (",", ",", 6, "punct"), ("\u201c", "``", 9, "punct"),
               ("on", "IN", 6, "prep"), ("this", "DT", 9, "pobj"), (".", ".", 6, "punct"),
               ("\u201d", "''", 6, "punct")]
# The talks will resume, officials said.
INVERTED_INDIRECT = [("The", "DT", 1, "det"), ("talks", "NNS", 3, "nsubj"), ("will", "MD", 3, "aux"),
                     ("resume", "VB", 6, "ccomp"), (",", ",", 6, "punct"),
                     ("officials", "NNS", 6, "nsubj"), ("said", "VBD", 6, "ROOT"),
                     (".", ".", 6, "punct")]
# It was said to be long.
PASSIVE = [("It", "PRP", 2, "nsubjpass"), ("was", "VBD", 2, "auxpass"), ("said", "VBN", 2, "ROOT"),
           ("to", "TO", 4, "aux"), ("be", "VB", 2, "xcomp"), ("long", "JJ", 4, "acomp"),
           (".", ".", 2, "punct")]


@pytest.mark.parametrize("rows,sieve,speaker", [
    (TRAILING, sieves.cue_after, "Lavrov"),
    (INVERTED, sieves.cue_after, "Lavrov"),
    (LEADING, sieves.cue_before, "Lavrov"),
    (COLON, sieves.colon_name, "Lavrov"),
    (DASH, sieves.dash_name, "Ana Duarte"),
])
def test_sieve_fires(rows, sieve, speaker):
    p = para_of(make_doc(rows))
    att = sieve(p, 0)
    assert att is not None
    assert att.speaker.text == speaker


@pytest.mark.parametrize("rows,sieve", [
    (LEADING, sieves.cue_after),  # nothing after the quotation
    (TRAILING, sieves.cue_before),  # nothing before it
    (TRAILING, sieves.colon_name),
    (TRAILING, sieves.dash_name),
    (COLON, sieves.cue_before),  # no cue word
])
def test_sieve_does_not_fire(rows, sieve):
    assert sieve(para_of(make_doc(rows)), 0) is None


def test_sieve_order_first_wins():
    p = para_of(make_doc(TRAILING))
    sieves.attribute_units(p)
    assert p.units[0].attribution.sieve == "cue_after"
    assert p.units[0].attribution.cue[2] == "say"


def test_interrupted_quote_is_one_quote_with_two_parts():
    doc = make_doc(INTERRUPTED)
    (q,) = quoteattr.extract(doc, genre="news")
    assert [part.text for part in q.parts] == ["We agree,", "on this."]
    assert q.speaker.text == "he" and q.cue.lemma == "say"


def test_reported_clause_before_the_cue():
    doc = make_doc(INVERTED_INDIRECT)
    (q,) = quoteattr.extract(doc, genre="news")
    assert q.kind == "indirect" and q.parts[0].text == "The talks will resume"
    assert q.speaker.text == "officials" and q.sieve == "reported_clause"


def test_passive_cue_has_no_speaker():
    assert quoteattr.extract(make_doc(PASSIVE), genre="news") == []


def test_offsets_are_exact_on_hand_built_docs():
    for rows in (TRAILING, INVERTED, LEADING, COLON, DASH, INTERRUPTED):
        doc = make_doc(rows)
        for q in quoteattr.extract(doc, genre="news"):
            for span in list(q.parts) + [q.speaker, q.cue]:
                if span is not None:
                    assert doc.text[span.start:span.end] == span.text


@pytest.mark.parametrize("rows, lemma, text", [
    # As she put it in a letter, …: the phrasal cue read as written, not "put in" around "it"
    ([("As", "IN", 2, "mark"), ("she", "PRP", 2, "nsubj"), ("put", "VBD", 2, "ROOT"),
      ("it", "PRP", 2, "dobj"), ("in", "IN", 2, "prep"), ("a", "DT", 6, "det"),
      ("letter", "NN", 4, "pobj"), (".", ".", 2, "punct")], "put it", "put it"),
    # She put in a word.
    ([("She", "PRP", 1, "nsubj"), ("put", "VBD", 1, "ROOT"), ("in", "RP", 1, "prt"),
      ("a", "DT", 4, "det"), ("word", "NN", 1, "dobj"), (".", ".", 1, "punct")], "put in", "put in"),
    # She pointed it out.
    ([("She", "PRP", 1, "nsubj"), ("pointed", "VBD", 1, "ROOT"), ("it", "PRP", 1, "dobj"),
      ("out", "RP", 1, "prt"), (".", ".", 1, "punct")], "point out", "pointed it out"),
])
def test_phrasal_cue_prefers_the_contiguous_reading(rows, lemma, text):
    p = para_of(make_doc(rows))
    (cue,) = [c for c in p.cues if p.doc[c.i].tag_.startswith("VB")]
    assert cue.lemma == lemma
    assert p.doc[cue.i:cue.j + 1].text == text
