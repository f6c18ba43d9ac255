"""The whole extraction, top to bottom.

1. marks: find quotations by their marks (pure string pass over the whole text);
2. candidates: map them onto the tokens of each parsed paragraph, find the cues;
3. sieves: attribute each quotation in its paragraph;
4. speakers: resolve speakers across the document;
5. records: build the ``Quote`` records.

Stages 2-3 work one paragraph at a time and keep only plain offsets, so a whole novel
streams through in constant memory.
"""
from __future__ import annotations

import bisect
from functools import partial
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

import attrs
from attrs import define, evolve, field, frozen

from . import genre as genre_mod
from . import marks as marks_mod
from . import speakers
from .candidates import Para, build_para, looks_like_title, sentence_initial
from .errors import Warnings, warn
from .lexicon import DEFAULT_CUE_CLASSES, CueLexicon, Lexicons, check_cue_classes
from .mentions import Mention, collect as collect_mentions
from .paragraphs import indents_prose, set_in
from .records import Cue, Quote, Span
from .reported import paragraph_forms, reported_quotes
from .segments import (Segment, doc_segments, doc_text, for_pipe, parse_text, parseable,
                       text_pieces, token_columns)
from .sieves import (DIRECT_SIEVES, Attribution, attribute_units, colon_intro, implied,
                     narration_intro, silence, units_by_group)


def _sieve_tuple(value):
    return None if value is None else tuple((str(n), f) for n, f in value)


@frozen
class Config:
    """What the pipeline does; the spaCy component's config maps onto it."""

    cue_classes: Tuple[str, ...] = field(default=DEFAULT_CUE_CLASSES,
                                         converter=lambda v: check_cue_classes(v))
    lexicon: Optional[CueLexicon] = field(default=None, eq=False)
    genre: str = field(default="auto", validator=attrs.validators.in_(genre_mod.GENRES))
    reported: Optional[bool] = None  # indirect and mixed speech; None: on unless fiction
    min_unattributed_words: int = 6
    # coreference clusters a user's own component put in ``doc.spans[<prefix>*]``
    coref_prefix: Optional[str] = "coref_clusters"
    # the ordered (name, function) sieves for quotations in marks; None: DIRECT_SIEVES
    sieves: Optional[Tuple[Tuple[str, object], ...]] = field(default=None, eq=False,
                                                             converter=_sieve_tuple)

    @property
    def cue_lexicon(self) -> CueLexicon:
        return self.lexicon if self.lexicon is not None else CueLexicon.default()


@define(slots=True, eq=False)
class Local:
    """A quotation as one paragraph saw it: parts, attribution and where it stands."""

    kind: str
    parts: List[Tuple[int, int]]
    para: int
    attribution: Optional[Attribution]
    chain: int = -1
    paragraph_initial: bool = False
    speaker_name: Optional[str] = None
    entity: Optional[object] = None  # speakers.Entity
    source: Optional["Local"] = None  # the quotation this one continues
    vocatives: List[Mention] = field(factory=list)
    addressed: List[object] = field(factory=list)  # speakers.Entity its vocatives name


@define(slots=True, eq=False)
class DocState:
    """Everything the document-level stages need, in plain offsets."""

    text: str
    genre: str = "news"
    reported: bool = True
    quotes: List[Local] = field(factory=list)
    paras: List[speakers.ParaInfo] = field(factory=list)
    # the paragraph before, when it may introduce a quotation opening the next one ("X
    # said:"): ``(para index, the function that finds the attribution, its Para)``, run
    # only if such a quotation comes; the one Para it holds is dropped at the next one
    intro: Optional[Tuple[int, Callable[[Para], Optional[Attribution]], Para]] = None
    coref: List[List[Tuple[int, int, str]]] = field(factory=list)  # user clusters
    set_in_marked: bool = False  # do indented paragraphs stand out as verse or letters?


def speechlike(text: str, para_start: int, start: int, end: int, open_pos: int,
               min_words: int, fiction: bool = False) -> bool:
    """Could an unattributed quotation be speech rather than a title or scare quote?"""
    content = text[start:end]
    initial = sentence_initial(text, para_start, open_pos)
    if looks_like_title(content) and not (fiction and initial and content.endswith(",")):
        return False  # but in a novel '"Joe," was the laconic answer' is an answer
    words = len(content.split())
    if initial:
        return words >= 1
    return words >= min_words


def analyse_paragraph(p: Para, state: DocState, config: Config) -> None:
    attribute_units(p, config.sieves if config.sieves is not None else DIRECT_SIEVES,
                    fiction=state.genre == "fiction")
    text = p.text
    found: List[Local] = []
    absorbed = set()
    if state.reported:
        used = [u.attribution.cue_token for u in p.units if u.attribution is not None]
        forms = paragraph_forms(p)
        for kind, parts, att, units in forms or reported_quotes(p, used):
            found.append(Local(kind, parts, p.index, att))
            absorbed.update(units)
    # verse recited or a letter read out in a novel is not dialogue
    set_apart = state.set_in_marked and set_in(text, p.seg.start, p.seg.end)
    for group in () if set_apart else units_by_group(p):
        if all(k in absorbed for k in group):
            continue
        units = [p.units[k] for k in group]
        att = next((u.attribution for u in units if u.attribution is not None), None)
        cue = att.cue_token if att is not None else next(
            (c.i for c in p.cues if c.j < units[0].a <= c.j + 3), -1)
        if cue >= 0 and implied(p, cue):
            continue  # "her eyes said: "…"": not spoken
        if state.genre == "fiction" and (cue >= 0 and _named_or_thought(p, cue, units[0])
                                         or _word_before(p, units[0]).lower() in _REPORTING_WORDS):
            continue  # 'the excuse that "…"', 'a case of "…"': words reported, not spoken
        if att is None:
            u0 = units[0]
            if not any(speechlike(text, p.seg.start, u.start, u.end, u.mq.open,
                                  config.min_unattributed_words, state.genre == "fiction")
                       for u in units) \
                    and u0.mq.close >= 0:
                continue
            if u0.inline and u0.mq.close >= 0:
                continue
        found.append(Local(
            "direct", [(u.start, u.end) for u in units], p.index, att,  # type: ignore[arg-type]
            chain=units[0].mq.chain,
            paragraph_initial=units[0].mq.open == p.seg.start))
    found.sort(key=lambda q: q.parts[0][0])
    intro = state.intro
    if found and intro is not None and intro[0] == p.index - 1 and found[0].paragraph_initial \
            and found[0].attribution is None:
        found[0].attribution = intro[1](intro[2])
    continue_in_paragraph(found)
    state.quotes.extend(found)
    narration, vocatives = collect_mentions(p.doc, p.lo, p.hi, p.offset, text, p.index, p.lex,
                                            p.in_quote, p.cols)
    silent = silence(p) if state.genre == "fiction" and not found and not p.units else None
    state.paras.append(speakers.ParaInfo(p.index, p.seg.start, p.seg.end, narration, vocatives,
                                         silent))
    if text[p.seg.end - 1] == ":":
        state.intro = (p.index, colon_intro, p)
    elif not found and not p.units and silent is None:  # "He made no answer." gives no speaker
        state.intro = (p.index, partial(narration_intro, fiction=state.genre == "fiction"), p)
    else:
        state.intro = None


_REPORTING_WORDS = frozenset({"that", "of"})


def _word_before(p: Para, u) -> str:
    """The word run straight into a quotation's opening mark ("" if punctuation or
    nothing comes before it); a line break may lie between them."""
    k = u.mq.open
    while k > p.seg.start and p.text[k - 1].isspace():
        k -= 1
    j = k
    while j > p.seg.start and p.text[j - 1].isalpha():
        j -= 1
    return p.text[j:k]


def _named_or_thought(p: Para, cue: int, u) -> bool:
    """A quotation run into narration after a verb of naming or of thought ("what he
    called "a rant"", "knew that "Monsieur le Comte" would come"): words mentioned,
    not spoken. Only mid-sentence, straight after a word."""
    if not _word_before(p, u)[-1:].islower():
        return False
    match = p.cue_at(cue)
    return match is not None and (match.entry.cls == "cognition" or "naming" in match.entry.frame)


def continue_in_paragraph(found: List[Local]) -> None:
    """Unattributed quotations take the speaker of the nearest attributed one in the
    same paragraph: the one before, or failing that the one after."""
    last: Optional[Local] = None
    for q in found:
        if q.attribution is not None:
            # '"…," said Caddell, speaking of her health. "…"': the quotation goes on
            # from the tag's speech verb, not from the report in its aside
            if last is None or q.kind == "direct" or not _same_speaker(last, q):
                last = q
        elif last is not None:
            q.attribution = evolve(last.attribution, sieve="continuation",
                                   confidence=min(0.85, last.attribution.confidence))
            q.source = last
    nxt: Optional[Local] = None
    for q in reversed(found):
        if q.attribution is not None:
            nxt = q if q.source is None else q.source
        elif nxt is not None:
            q.attribution = evolve(nxt.attribution, sieve="continuation",
                                   confidence=min(0.7, nxt.attribution.confidence))
            q.source = nxt


def _same_speaker(a: Local, b: Local) -> bool:
    sa, sb = a.attribution.speaker, b.attribution.speaker
    return a.kind == "direct" and sa is not None and sb is not None and sa.start == sb.start


def _merge_chains(quotes: List[Local]) -> List[Local]:
    """Join the paragraphs of a quotation that runs over several paragraphs."""
    out: List[Local] = []
    by_chain: Dict[int, Local] = {}
    for q in quotes:
        prev = by_chain.get(q.chain) if q.chain >= 0 else None
        if prev is not None and q.para > prev.para \
                and not _other_speaker(prev.attribution, q.attribution):
            prev.parts.extend(q.parts)
            if prev.attribution is None:
                prev.attribution = q.attribution
            continue
        by_chain[q.chain] = q
        out.append(q)
    return out


def _other_speaker(a: Optional[Attribution], b: Optional[Attribution]) -> bool:
    """Does ``b`` name someone else than ``a``? A paragraph that seemed to go on with
    the last one's open quotation but has its own, other speaker starts a new one."""
    sa, sb = (a.speaker if a else None), (b.speaker if b else None)
    if sa is None or sb is None or sa.kind != "name" or sb.kind != "name" \
            or not sa.name or not sb.name:
        return False
    return not set(sa.name.lower().split()) & set(sb.name.lower().split())


def _span(text: str, m: Optional[Mention]) -> Optional[Span]:
    return Span(m.start, m.end, text[m.start:m.end]) if m is not None else None


def build_records(state: DocState) -> List[Quote]:
    text = state.text
    out = []
    for q in state.quotes:
        att = q.attribution
        parts = tuple(Span(s, e, text[s:e]) for s, e in q.parts)
        if att is None:
            out.append(Quote(q.kind, parts, sieve="none", confidence=0.0))
            continue
        cue = Cue(att.cue[0], att.cue[1], text[att.cue[0]:att.cue[1]], att.cue[2]) \
            if att.cue else None
        speaker_name = q.speaker_name
        if speaker_name is None and att.speaker is not None:
            m = att.speaker.antecedent or att.speaker
            speaker_name = m.name if m.kind in ("name", "group") else None
        out.append(Quote(q.kind, parts, _span(text, att.speaker), speaker_name, cue,
                         _span(text, att.addressee), att.sieve, att.confidence,
                         negated=att.negated, hypothetical=att.hypothetical))
    out.sort(key=lambda r: (r.start, r.end))
    return out


def run(text: str, segments: Iterable[Segment], scan: "marks_mod.ScanResult",
        config: Config, coref: Sequence[List[Tuple[int, int, str]]] = ()) -> List[Quote]:
    """Stages 2-5 over parsed paragraph segments of ``text``."""
    if scan.problems:
        warn(Warnings.W001.format(n=len(scan.problems), first=scan.problems[0]), stacklevel=5)
    by_para: Dict[int, List[marks_mod.MarkedQuote]] = {}
    for q in scan.top_level():
        by_para.setdefault(q.paragraph, []).append(q)
    lexicon, lex = config.cue_lexicon, Lexicons.default()
    genre = genre_mod.detect(text) if config.genre == "auto" else config.genre
    reported = config.reported if config.reported is not None else genre != "fiction"
    state = DocState(text, genre, reported, coref=list(coref),
                     set_in_marked=genre == "fiction" and not indents_prose(text))
    cols_of, cols = None, None  # read once per Doc (a user's Doc has many segments)
    for seg in segments:
        if not seg.parsed:
            continue
        if seg.doc is not cols_of:
            cols_of, cols = seg.doc, token_columns(seg.doc)
        p = build_para(seg, text, by_para.get(seg.para, ()), lexicon, config.cue_classes, lex,
                       cols)
        analyse_paragraph(p, state, config)
    state.quotes = _merge_chains(state.quotes)
    speakers.resolve(state, lex)
    if genre == "fiction":
        cut_nested(state.quotes, scan, text)
    return build_records(state)


def cut_nested(quotes: Sequence[Local], scan: "marks_mod.ScanResult", text: str) -> None:
    """In a novel, words a speaker quotes from someone else ("I said to her: 'Take it or
    leave it.' But she …") are not the speaker's own: cut them, marks and all, out of
    the parts of the quotation around them (PDNC's convention). Pieces left with no
    word are dropped; a quotation that would be left with nothing keeps its parts."""
    nested = sorted((q.open, q.close + q.close_len) for q in scan.quotes
                    if q.depth == 1 and q.close >= 0 and _quoted_sentence(text, q))
    if not nested:
        return
    starts = [a for a, _ in nested]
    for q in quotes:
        if q.kind != "direct":
            continue
        parts: List[Tuple[int, int]] = []
        for s, e in q.parts:
            k = bisect.bisect_left(starts, s)
            for a, b in nested[k:bisect.bisect_left(starts, e)]:
                if b <= e:
                    parts.append((s, a))
                    s = b
            parts.append((s, e))
        parts = [_trimmed(text, s, e) for s, e in parts if _has_word(text, s, e)]
        if parts:
            q.parts = parts


def _quoted_sentence(text: str, q: "marks_mod.MarkedQuote") -> bool:
    """Is a nested quotation a sentence, set off by a colon or comma ("I said: 'When
    love comes …'") or in double marks ('I tried to say "How doth …," but')? Dialect
    elisions ("a 'bomination befo' de Lawd") are not."""
    i = q.open
    while i > 0 and text[i - 1].isspace():
        i -= 1
    first = next((c for c in text[q.start:q.end] if c.isalnum()), "")
    return i > 0 and (text[i - 1] in ":," or q.family == marks_mod.DQ) and first.isupper()


def _has_word(text: str, s: int, e: int) -> bool:
    return any(c.isalnum() for c in text[s:e])


def _trimmed(text: str, s: int, e: int) -> Tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def always(start: int, end: int) -> bool:
    return True


def extract_text(nlp, text: str, config: Config, *, batch_size: int = 64) -> List[Quote]:
    scan = marks_mod.scan(text)
    segments = parse_text(nlp, text, scan.paragraphs, always, batch_size=batch_size)
    return run(text, segments, scan, config)


def extract_texts(nlp, texts: Iterable[str], config: Config, *, batch_size: int = 64
                  ) -> Iterator[List[Quote]]:
    """``extract_text`` over many texts, with the paragraphs of ``batch_size`` texts at a
    time going through one ``nlp.pipe`` stream."""
    limit = max(1000, int(getattr(nlp, "max_length", 1_000_000)) - 1)
    for chunk in _chunks(texts, max(1, batch_size)):
        plans = []
        for text in chunk:
            scan = marks_mod.scan(text)
            plans.append((text, scan, list(text_pieces(text, scan.paragraphs, limit))))
        docs = nlp.pipe((for_pipe(nlp, parseable(t[s:e]))
                         for t, _, pieces in plans for _, s, e in pieces), batch_size=batch_size)
        for text, scan, pieces in plans:
            segments = (Segment(next(docs), 0, -1, s, i, s, e) for i, s, e in pieces)
            yield run(text, (_full(seg) for seg in segments), scan, config)


def _full(seg: Segment) -> Segment:
    seg.hi = len(seg.doc)
    return seg


def _chunks(items: Iterable[str], n: int) -> Iterator[List[str]]:
    buf: List[str] = []
    for item in items:
        buf.append(item)
        if len(buf) >= n:
            yield buf
            buf = []
    if buf:
        yield buf


def extract_doc(doc, config: Config) -> List[Quote]:
    text = doc_text(doc)
    scan = marks_mod.scan(text)
    return run(text, doc_segments(doc, scan.paragraphs), scan, config,
               coref_clusters(doc, config.coref_prefix))


def coref_clusters(doc, prefix: Optional[str]) -> List[List[Tuple[int, int, str]]]:
    """Clusters from a coreference component: every ``doc.spans`` group whose key starts
    with ``prefix`` is one entity's mentions (the layout spacy-experimental's coref
    component writes: ``coref_clusters_1``, ``coref_clusters_2``, …)."""
    if not prefix:
        return []
    return [[(span.start_char, span.end_char, span.text) for span in group]
            for key, group in doc.spans.items() if key.startswith(prefix) and len(group)]
