"""Render quotes as one self-contained HTML page, or through displaCy's span view.

``render_html`` highlights every quote part in its speaker's colour, underlines the
cue, marks the speaker mention (a link to the quote; the quote's number badge links
back), and puts kind, speaker, sieve and confidence in each quote's tooltip. The page
has inline CSS only: no scripts, fonts or images, so it can be mailed or archived.

``render_displacy`` shows the spans the spaCy component stores in
``doc.spans["quoteattr"]`` with ``spacy.displacy`` (style "span"), in the same colours.
"""
from __future__ import annotations

import html
import zlib
from collections import Counter
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import attrs

from .errors import Errors, InputTypeError, QuoteattrError
from .records import Quote

UNATTRIBUTED = "unattributed"
SPANS_KEY = "quoteattr"

# (background, accent) pairs, in the order speakers first appear; distinct hues.
PALETTE: Tuple[Tuple[str, str], ...] = (
    ("#cfe3ff", "#1f5fbf"),  # blue
    ("#ffe0c2", "#b85700"),  # orange
    ("#d3f2d0", "#2e7d32"),  # green
    ("#ffd6e0", "#c2185b"),  # pink
    ("#e6dcff", "#6a3fc1"),  # purple
    ("#fff1a8", "#8a6d00"),  # yellow
    ("#c9f0ec", "#00796b"),  # teal
    ("#ecdccf", "#7b4a2a"),  # brown
    ("#fbd5f5", "#a3219a"),  # magenta
    ("#e4f5bd", "#557300"),  # lime
    ("#cdeefc", "#0272a3"),  # sky
    ("#ffd9cc", "#c0392b"),  # red
)
GREY: Tuple[str, str] = ("#e6e6e6", "#6b6b6b")


class RenderError(QuoteattrError, ValueError):
    """The quotes passed do not fit the text they are rendered on."""


# --- speakers and colours ------------------------------------------------------------

def speaker_label(quote: Quote) -> str:
    """The name a quote is grouped and coloured by (the component's span label)."""
    if quote.speaker_name:
        return quote.speaker_name
    return quote.speaker.text if quote.speaker else UNATTRIBUTED


def hashed_colour(label: str) -> Tuple[str, str]:
    """A stable (background, accent) pair for speakers beyond the palette."""
    hue = zlib.crc32(label.encode("utf-8")) % 360
    return f"hsl({hue}, 80%, 88%)", f"hsl({hue}, 55%, 32%)"


def speaker_colours(quotes: Sequence[Quote]) -> Dict[str, Tuple[str, str]]:
    """Speaker label -> (background, accent), palette colours by first appearance."""
    colours: Dict[str, Tuple[str, str]] = {}
    for q in sorted(quotes, key=lambda q: q.start):
        label = speaker_label(q)
        if label in colours:
            continue
        if label == UNATTRIBUTED:
            colours[label] = GREY
        else:
            n = sum(1 for k in colours if k != UNATTRIBUTED)
            colours[label] = PALETTE[n] if n < len(PALETTE) else hashed_colour(label)
    return colours


# --- the layered marks and the single pass over the text ------------------------------

@attrs.define
class Mark:
    """One highlighted range; ``rank`` orders marks that cover the same range."""

    start: int
    end: int
    tag: str
    attrs: Dict[str, str]
    rank: int
    badge: Optional["Badge"] = None  # put right after the first opening tag
    links: bool = False  # has an href; must not open inside another link


@attrs.define
class Badge:
    """The quote number shown at a quote's start (CSS draws ``data-n``; no text added)."""

    n: int
    href: Optional[str] = None

    def render(self, *, in_link: bool) -> str:
        if self.href is None or in_link:
            return f'<span class="qn" data-n="{self.n}" aria-label="quote {self.n}"></span>'
        return (f'<a class="qn" href="{self.href}" data-n="{self.n}" '
                f'aria-label="quote {self.n}, go to its speaker"></a>')


def _open_tag(mark: Mark, *, first: bool, in_link: bool) -> Tuple[str, str]:
    attributes = dict(mark.attrs)
    if not first:
        attributes.pop("id", None)
    tag = mark.tag
    if mark.links and in_link:  # <a> inside <a> is invalid HTML: degrade to a span
        tag = "span"
        attributes.pop("href", None)
    rendered = "".join(f' {k}="{html.escape(v, quote=True)}"' for k, v in attributes.items())
    badge = mark.badge.render(in_link=in_link) if first and mark.badge else ""
    return f"<{tag}{rendered}>{badge}", tag


def escape_text(text: str) -> str:
    # \r would be folded into \n by an HTML parser; a character reference keeps it.
    return html.escape(text, quote=False).replace("\r", "&#13;")


def render_marks(text: str, marks: Iterable[Mark]) -> str:
    """Escape ``text`` and wrap every mark's range in its element.

    Walks the text once, from boundary to boundary. Nested ranges become nested
    elements; a range that crosses another's end is closed and reopened after it
    (the reopened piece has no ``id`` and no badge), so no character is lost or doubled.
    """
    marks = [m for m in marks if m.start < m.end]
    starting: Dict[int, List[Mark]] = {}
    for m in marks:
        starting.setdefault(m.start, []).append(m)
    bounds = sorted({0, len(text)} | {m.start for m in marks} | {m.end for m in marks})
    out: List[str] = []
    stack: List[Tuple[Mark, str]] = []  # open marks with the tag actually used

    def open_marks(to_open: List[Tuple[Mark, bool]]) -> None:
        for mark, first in sorted(to_open, key=lambda mf: (-mf[0].end, mf[0].rank)):
            in_link = any(tag == "a" for _, tag in stack)
            tag_html, tag = _open_tag(mark, first=first, in_link=in_link)
            out.append(tag_html)
            stack.append((mark, tag))

    for pos, nxt in zip(bounds, bounds[1:] + [None]):
        ending = [i for i, (m, _) in enumerate(stack) if m.end == pos]
        reopen: List[Tuple[Mark, bool]] = []
        if ending:
            for mark, tag in reversed(stack[ending[0]:]):
                out.append(f"</{tag}>")
                if mark.end > pos:
                    reopen.append((mark, False))
            del stack[ending[0]:]
        open_marks(reopen + [(m, True) for m in starting.get(pos, ())])
        if nxt is not None:
            out.append(escape_text(text[pos:nxt]))
    out.extend(f"</{tag}>" for _, tag in reversed(stack))
    return "".join(out)


# --- from quotes to marks --------------------------------------------------------------

def quote_id(n: int, part: int = 0) -> str:
    return f"q{n}" if part == 0 else f"q{n}-{part + 1}"


def _group(quotes: Sequence[Quote], attr: str) -> Dict[Tuple[int, int], List[int]]:
    """(start, end) of a quote attribute -> the 1-based numbers of the quotes sharing it."""
    groups: Dict[Tuple[int, int], List[int]] = {}
    for n, q in enumerate(quotes, 1):
        span = getattr(q, attr)
        if span is not None:
            groups.setdefault((span.start, span.end), []).append(n)
    return groups


def _numbers(ns: Sequence[int]) -> str:
    return ("quote " if len(ns) == 1 else "quotes ") + ", ".join(str(n) for n in ns)


def quote_tooltip(n: int, q: Quote) -> str:
    lines = [f"Quote {n} · {q.kind}",
             f"speaker: {q.speaker_name or (q.speaker.text if q.speaker else '—')}"]
    if q.speaker and q.speaker_name and q.speaker.text != q.speaker_name:
        lines[-1] += f" (“{q.speaker.text}”)"
    if q.cue:
        lines.append(f"cue: {q.cue.text} ({q.cue.lemma})")
    if q.addressee:
        lines.append(f"addressee: {q.addressee.text}")
    lines.append(f"sieve: {q.sieve}")
    lines.append(f"confidence: {q.confidence:.2f}")
    return "\n".join(lines)


def quote_marks(quotes: Sequence[Quote], classes: Mapping[str, str]) -> List[Mark]:
    mentions = _group(quotes, "speaker")
    marks: List[Mark] = []
    for n, q in enumerate(quotes, 1):
        cls = classes[speaker_label(q)]
        tip = quote_tooltip(n, q)
        badge = Badge(n)
        if q.speaker is not None:
            badge.href = f"#s{mentions[(q.speaker.start, q.speaker.end)][0]}"
        for i, part in enumerate(q.parts):
            marks.append(Mark(part.start, part.end, "span", rank=0,
                              badge=badge if i == 0 else None,
                              attrs={"class": f"q {q.kind} {cls}", "id": quote_id(n, i),
                                     "title": tip}))
    for (start, end), ns in mentions.items():
        q = quotes[ns[0] - 1]
        marks.append(Mark(start, end, "a", rank=1, links=True, attrs={
            "class": f"spk {classes[speaker_label(q)]}", "id": f"s{ns[0]}",
            "href": f"#{quote_id(ns[0])}", "data-n": ",".join(map(str, ns)),
            "title": f"Speaker of {_numbers(ns)}: {speaker_label(q)}"}))
    for (start, end), ns in _group(quotes, "cue").items():
        q = quotes[ns[0] - 1]
        marks.append(Mark(start, end, "span", rank=2, attrs={
            "class": f"cue {classes[speaker_label(q)]}",
            "title": f"Cue of {_numbers(ns)}: {q.cue.lemma}"}))
    for (start, end), ns in _group(quotes, "addressee").items():
        marks.append(Mark(start, end, "span", rank=3, attrs={
            "class": "adr", "title": f"Addressee of {_numbers(ns)}"}))
    return marks


# --- inputs -----------------------------------------------------------------------------

def _as_quote(q: Union[Quote, Mapping[str, Any]]) -> Quote:
    return q if isinstance(q, Quote) else Quote.from_dict(dict(q))


def check_offsets(text: str, quotes: Sequence[Quote]) -> None:
    """Raise ``RenderError`` unless every span of every quote matches ``text``."""
    for n, q in enumerate(quotes, 1):
        spans = [("part", p) for p in q.parts] + [
            (name, s) for name, s in (("speaker", q.speaker), ("cue", q.cue),
                                      ("addressee", q.addressee)) if s is not None]
        for name, s in spans:
            if s.end > len(text) or text[s.start:s.end] != s.text:
                raise RenderError(
                    f"quote {n}: its {name} {s.text!r} at {s.start}:{s.end} does not match "
                    f"the text ({text[s.start:s.end]!r}); were the quotes extracted from "
                    f"another text?")


def _is_doc(obj: Any) -> bool:
    from spacy.tokens import Doc

    return isinstance(obj, Doc)


def text_and_quotes(text_or_doc: Any, *, nlp: Any = None,
                    quotes: Optional[Iterable[Union[Quote, Mapping[str, Any]]]] = None
                    ) -> Tuple[str, List[Quote]]:
    """The text to render and its quotes: the ones given, the component's, or extracted."""
    from .api import extract
    from .component import USER_DATA_KEY, get_quotes

    if isinstance(text_or_doc, str):
        text = text_or_doc
    elif _is_doc(text_or_doc):
        text = text_or_doc.text
    else:
        raise InputTypeError(Errors.E001.format(got=type(text_or_doc).__name__))
    if quotes is not None:
        found = [_as_quote(q) for q in quotes]
    elif not isinstance(text_or_doc, str) and USER_DATA_KEY in text_or_doc.user_data:
        found = get_quotes(text_or_doc)
    else:
        found = extract(text_or_doc, nlp=nlp)
    check_offsets(text, found)
    return text, found


# --- the page ----------------------------------------------------------------------------

CSS = """
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f6f3; color: #1d1d1f;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.page { max-width: 1060px; margin: 0 auto; padding: 28px 24px 48px;
  display: grid; grid-template-columns: minmax(0, 1fr) 270px; gap: 28px; align-items: start; }
@media (max-width: 820px) { .page { grid-template-columns: 1fr; } }
header { grid-column: 1 / -1; }
h1 { font-size: 22px; margin: 0 0 4px; font-weight: 650; }
.summary { color: #666; margin: 0; }
.text { background: #fff; border: 1px solid #e2e2dc; border-radius: 10px; padding: 26px 30px;
  white-space: pre-wrap; overflow-wrap: break-word;
  font: 17px/1.85 Georgia, "Iowan Old Style", "Times New Roman", serif; }
.q { background: var(--bg); border-radius: 3px; padding: 2px 0;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.q.indirect { background: none; border-bottom: 2px dashed var(--fg);
  background-image: linear-gradient(var(--bg), var(--bg)); background-size: 100% 55%;
  background-position: 0 100%; background-repeat: no-repeat; }
.q.mixed { box-shadow: inset 0 -2px 0 var(--fg); }
.q:target, .spk:target { outline: 2px solid var(--fg); outline-offset: 1px; }
.qn::before { content: attr(data-n); display: inline-block; min-width: 1.45em; margin-right: 3px;
  padding: 0 4px; border-radius: 8px; background: var(--fg); color: #fff; text-align: center;
  font: 600 10.5px/1.55 system-ui, sans-serif; vertical-align: 2px; }
a.qn { text-decoration: none; }
.spk { color: var(--fg); font-weight: 700; text-decoration: none;
  border: 1.5px solid var(--fg); border-radius: 4px; padding: 0 2px;
  box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.spk::after { content: "→" attr(data-n); font: 600 10px system-ui, sans-serif;
  vertical-align: super; margin-left: 1px; }
a.spk:hover { background: var(--bg); }
.cue { text-decoration: underline 2.5px var(--fg); text-underline-offset: 3px;
  text-decoration-skip-ink: none; font-style: italic; }
.adr { text-decoration: underline dotted 1.5px #888; text-underline-offset: 3px;
  text-decoration-skip-ink: none; }
aside { position: sticky; top: 16px; background: #fff; border: 1px solid #e2e2dc;
  border-radius: 10px; padding: 16px 18px; }
aside h2 { font-size: 13px; text-transform: uppercase; letter-spacing: .06em; color: #777;
  margin: 0 0 10px; }
aside h2.key { margin-top: 18px; }
.legend { list-style: none; margin: 0; padding: 0; }
.legend li { display: flex; align-items: center; gap: 8px; padding: 3px 0; }
.swatch { width: 14px; height: 14px; border-radius: 4px; background: var(--bg);
  border: 2px solid var(--fg); flex: none; }
.legend .name { flex: 1; }
.legend .count { color: #777; font-variant-numeric: tabular-nums; }
.key { font-size: 13px; color: #444; }
.key p { margin: 6px 0; }
.empty { color: #777; font-style: italic; }
"""


def colour_css(colours: Mapping[str, Tuple[str, str]], classes: Mapping[str, str]) -> str:
    return "\n".join(f".{classes[label]} {{ --bg: {bg}; --fg: {fg}; }}"
                     for label, (bg, fg) in colours.items())


def legend_html(quotes: Sequence[Quote], classes: Mapping[str, str]) -> str:
    counts = Counter(speaker_label(q) for q in quotes)
    items = [
        f'<li class="{classes[label]}"><span class="swatch"></span>'
        f'<span class="name">{html.escape(label)}</span><span class="count">{counts[label]}</span>'
        f'</li>'
        for label in classes if label != UNATTRIBUTED]
    if UNATTRIBUTED in counts:
        items.append(f'<li class="{classes[UNATTRIBUTED]}"><span class="swatch"></span>'
                     f'<span class="name"><i>unattributed</i></span>'
                     f'<span class="count">{counts[UNATTRIBUTED]}</span></li>')
    if not items:
        return '<p class="empty">No quotes found.</p>'
    return '<ul class="legend">' + "".join(items) + "</ul>"


KEY_HTML = (
    '<h2 class="key">Key</h2><div class="key {cls}">'
    '<p><span class="q direct {cls}">direct quote</span></p>'
    '<p><span class="q indirect {cls}">reported speech</span></p>'
    '<p><span class="q mixed {cls}">mixed quote</span></p>'
    '<p><span class="cue {cls}">cue</span> &nbsp; <span class="spk {cls}" data-n="n">speaker</span>'
    '</p><p>Hover a quote for its sieve and confidence; click a speaker or a number to '
    'jump between them.</p></div>')


def summary_line(quotes: Sequence[Quote]) -> str:
    kinds = Counter(q.kind for q in quotes)
    detail = ", ".join(f"{kinds[k]} {k}" for k in ("direct", "indirect", "mixed") if kinds[k])
    speakers = len({speaker_label(q) for q in quotes} - {UNATTRIBUTED})
    noun = "quote" if len(quotes) == 1 else "quotes"
    return (f"{len(quotes)} {noun}" + (f" ({detail})" if detail else "")
            + f" · {speakers} speaker{'' if speakers == 1 else 's'}")


def render_html(text_or_doc: Any, *, nlp: Any = None,
                quotes: Optional[Iterable[Union[Quote, Mapping[str, Any]]]] = None,
                title: Optional[str] = None) -> str:
    """One self-contained HTML page showing the text with its quotes highlighted.

    ``text_or_doc`` is a text or a spaCy ``Doc`` (if the quoteattr component ran on
    it, its stored quotes are used). ``quotes`` (``Quote`` records or their
    ``to_dict()`` dicts) are rendered instead of extracting; their offsets must match
    the text, else ``RenderError``. ``nlp`` is passed to ``quoteattr.extract``.
    """
    text, found = text_and_quotes(text_or_doc, nlp=nlp, quotes=quotes)
    colours = speaker_colours(found)
    classes = {label: ("c-none" if label == UNATTRIBUTED else f"c{i}")
               for i, label in enumerate(colours)}
    body = render_marks(text, quote_marks(found, classes))
    heading = f"<h1>{html.escape(title)}</h1>" if title else ""
    key_cls = next((c for c in classes.values() if c != "c-none"), "c-none")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title or 'Quotes')} · quoteattr</title>\n"
        f"<style>{CSS}\n.c-none {{ --bg: {GREY[0]}; --fg: {GREY[1]}; }}\n"
        f"{colour_css(colours, classes)}\n</style>\n</head>\n<body>\n"
        f'<div class="page">\n<header>{heading}<p class="summary">{summary_line(found)}</p>'
        "</header>\n"
        f'<main><div class="text" id="text">{body}</div></main>\n'
        f"<aside><h2>Speakers</h2>{legend_html(found, classes)}"
        f"{KEY_HTML.format(cls=key_cls)}</aside>\n"
        "</div>\n</body>\n</html>\n")


# --- displaCy ----------------------------------------------------------------------------

def displacy_colours(quotes: Sequence[Quote]) -> Dict[str, str]:
    """Span label -> colour for displaCy's ``options["colors"]``, as in ``render_html``."""
    return {label: bg for label, (bg, _) in speaker_colours(quotes).items()}


def render_displacy(text_or_doc: Any, *, nlp: Any = None, spans_key: str = SPANS_KEY,
                    page: bool = False) -> str:
    """displaCy's span view (``style="span"``) of the quote parts, labelled by speaker.

    A Doc from a pipeline with the quoteattr component is rendered as it is. Otherwise
    the quotes are extracted and stored the way the component stores them (on a copy,
    for a Doc), so ``displacy.render(doc, style="span",
    options={"spans_key": "quoteattr"})`` shows the same thing.
    """
    from spacy import displacy

    from . import model
    from .api import extract
    from .component import get_quotes, store

    if isinstance(text_or_doc, str):
        nlp = nlp if nlp is not None else model.load()
        doc = nlp(text_or_doc)
        if spans_key not in doc.spans:
            store(doc, extract(text_or_doc, nlp=nlp), spans_key)
    elif _is_doc(text_or_doc):
        doc = text_or_doc
        if spans_key not in doc.spans:
            doc = doc.copy()
            store(doc, extract(doc), spans_key)
    else:
        raise InputTypeError(Errors.E001.format(got=type(text_or_doc).__name__))
    options = {"spans_key": spans_key, "colors": displacy_colours(get_quotes(doc))}
    return displacy.render(doc, style="span", options=options, page=page, jupyter=False)


__all__ = ["RenderError", "render_displacy", "render_html", "speaker_colours",
           "speaker_label"]
