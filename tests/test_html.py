"""render_html: a self-contained page, exact text, nested spans, links, tooltips; displaCy."""
import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.html import (
    GREY,
    PALETTE,
    Mark,
    RenderError,
    render_displacy,
    render_html,
    render_marks,
    speaker_colours,
)
from quoteattr.records import Cue, Quote, Span

VOID = {"meta", "br", "img", "link", "input", "hr"}


class Page(HTMLParser):
    """Parses a page, checks that tags balance, and keeps each id'd element's text."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.stack = []  # [tag, attrs, text pieces]
        self.elements = []  # (tag, attrs, text), in the order they close
        self.in_text = []  # the same, only those inside the text container
        self.feed(page)
        self.close()
        assert not self.stack, f"unclosed tags: {[t for t, _, _ in self.stack]}"

    def handle_starttag(self, tag, attrs):
        assert not (tag == "a" and any(t == "a" for t, _, _ in self.stack)), "nested <a>"
        if tag not in VOID:
            self.stack.append([tag, dict(attrs), []])

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1][0]}"
        tag, attrs, pieces = self.stack.pop()
        self.elements.append((tag, attrs, "".join(pieces)))
        if any(a.get("id") == "text" for _, a, _ in self.stack):
            self.in_text.append(self.elements[-1])

    def handle_data(self, data):
        for _, _, pieces in self.stack:
            pieces.append(data)

    def by_id(self, id_):
        found = [e for e in self.elements if e[1].get("id") == id_]
        assert len(found) == 1, f"{len(found)} elements with id {id_!r}"
        return found[0]

    def with_class(self, cls):
        """Elements of the text container with class ``cls``."""
        return [e for e in self.in_text if cls in e[1].get("class", "").split()]


def text_of(page: str) -> str:
    """The rendered text: the text container with every tag stripped, unescaped."""
    inner = re.search(r'<div class="text" id="text">(.*)</div></main>', page, re.S).group(1)
    return html.unescape(re.sub(r"<[^>]*>", "", inner))


def q(kind, parts, text, speaker=None, name=None, cue=None, sieve="cue_after", conf=0.9,
      addressee=None):
    span = lambda se: Span.from_text(text, *se) if se else None  # noqa: E731
    return Quote(kind=kind, parts=[span(p) for p in parts], speaker=span(speaker),
                 speaker_name=name, cue=Cue.from_text(text, *cue, "say") if cue else None,
                 addressee=span(addressee), sieve=sieve, confidence=conf)


def find(text, sub, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start, start + len(sub)


NEWS = ('"We will build it," Mira Holt said. "The money is there."\n\n'
        'Holt stressed that the "final plan, as Jon Bell put it, was sound" and cheap.\n\n'
        'Nobody answered.')


@pytest.fixture
def news_quotes():
    t = NEWS
    return [
        q("direct", [find(t, "We will build it,")], t, find(t, "Mira Holt"), "Mira Holt",
          find(t, "said")),
        q("direct", [find(t, "The money is there.")], t, find(t, "Mira Holt"), "Mira Holt",
          find(t, "said"), sieve="continuation", conf=0.85),
        # a mixed quote with the other quote's speaker inside it
        q("mixed", [find(t, 'the "final plan, as Jon Bell put it, was sound" and cheap')], t,
          find(t, "Holt", 1), "Mira Holt", find(t, "stressed"), sieve="reported_clause",
          conf=0.8),
        q("indirect", [find(t, "final plan")], t, find(t, "Jon Bell"), "Jon Bell",
          find(t, "put"), sieve="as_put", conf=0.5),
        q("direct", [find(t, "Nobody answered.")], t, sieve="none", conf=0.1),
    ]


def test_page_is_complete_and_self_contained(news_quotes):
    page = render_html(NEWS, quotes=news_quotes, title="Test")
    assert page.startswith("<!DOCTYPE html>")
    assert page.rstrip().endswith("</html>")
    assert "<title>Test · quoteattr</title>" in page
    Page(page)  # balanced
    assert "http://" not in page and "https://" not in page
    assert re.findall(r'(?:src|href)="([^"]*)"', page)
    assert all(url.startswith("#") for url in re.findall(r'(?:src|href)="([^"]*)"', page))
    for external in ("<script", "<link", "<img", "<iframe", "@import", "url("):
        assert external not in page


def test_text_is_exact(news_quotes):
    assert text_of(render_html(NEWS, quotes=news_quotes)) == NEWS


def test_every_part_is_intact_in_its_highlight(news_quotes):
    page = Page(render_html(NEWS, quotes=news_quotes))
    for n, quote in enumerate(news_quotes, 1):
        tag, attrs, text = page.by_id(f"q{n}")
        assert text == quote.parts[0].text
        assert "q" in attrs["class"].split() and quote.kind in attrs["class"].split()


def test_speaker_mention_links_to_the_quote_and_back(news_quotes):
    page = Page(render_html(NEWS, quotes=news_quotes))
    mentions = {text: attrs for tag, attrs, text in page.with_class("spk") if tag == "a"}
    assert set(mentions) == {"Mira Holt", "Holt", "Jon Bell"}
    assert mentions["Mira Holt"]["href"] == "#q1"  # shared by quotes 1 and 2
    assert mentions["Mira Holt"]["data-n"] == "1,2"
    assert mentions["Holt"]["href"] == "#q3"
    assert mentions["Jon Bell"]["href"] == "#q4"
    badges = {a["data-n"]: a.get("href") for _, a, _ in page.with_class("qn")}
    assert badges == {"1": "#s1", "2": "#s1", "3": "#s3", "4": "#s4", "5": None}
    for target in ("s1", "s3", "s4"):
        assert page.by_id(target)[0] == "a"


def test_titles_carry_kind_speaker_sieve_and_confidence(news_quotes):
    page = Page(render_html(NEWS, quotes=news_quotes))
    title = page.by_id("q2")[1]["title"]
    for expected in ("Quote 2", "direct", "Mira Holt", "sieve: continuation",
                     "confidence: 0.85", "cue: said"):
        assert expected in title
    assert "sieve: none" in page.by_id("q5")[1]["title"]


def test_cues_are_marked_inside_and_outside_quotes(news_quotes):
    page = Page(render_html(NEWS, quotes=news_quotes))
    assert sorted(t for _, _, t in page.with_class("cue")) == ["put", "said", "stressed"]
    put = page.by_id("q3")  # the cue "put" sits inside the mixed quote
    assert put[2].count("put") == 1


def test_colours_by_speaker_with_grey_for_unattributed(news_quotes):
    page = Page(render_html(NEWS, quotes=news_quotes))
    colour = lambda n: [c for c in page.by_id(f"q{n}")[1]["class"].split()  # noqa: E731
                        if c.startswith("c")][0]
    assert colour(1) == colour(2) == colour(3) != colour(4)
    assert colour(5) == "c-none"
    legend = [(t) for _, a, t in page.elements if a.get("class") == "legend"][0]
    assert "Mira Holt3" in legend and "Jon Bell1" in legend and "unattributed1" in legend


def test_twelve_speakers_get_distinct_colours_and_more_are_stable():
    names = [f"Speaker{i}" for i in range(15)]
    text = " ".join(f"{n} spoke." for n in names)
    quotes = [q("direct", [find(text, n)], text, find(text, n), n) for n in names]
    colours = speaker_colours(quotes)
    assert [colours[n] for n in names[:12]] == list(PALETTE)
    assert len(set(colours.values())) == 15
    assert colours == speaker_colours(list(reversed(quotes)))  # by position, not list order
    assert GREY not in colours.values()


def test_script_in_the_text_is_escaped():
    text = '<script>alert("x")</script> "A & B <b>," Ann said.'
    quote = q("direct", [find(text, "A & B <b>,")], text, find(text, "Ann"), "Ann",
              find(text, "said"))
    page = render_html(text, quotes=[quote], title="<script>t</script>")
    assert "<script" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page
    assert text_of(page) == text
    assert Page(page).by_id("q1")[2] == "A & B <b>,"


def test_crossing_spans_are_split_without_losing_characters():
    text = "He said the plan works well, Dr Ann Lee noted, in the end."
    quotes = [
        q("indirect", [find(text, "the plan works well, Dr Ann")], text, find(text, "He"), "X"),
        q("indirect", [find(text, "works well, Dr Ann Lee noted, in")], text,
          find(text, "Dr Ann Lee"), "Ann Lee", find(text, "noted")),
    ]
    page = render_html(text, quotes=quotes)
    assert text_of(page) == text
    parsed = Page(page)
    ids = [a["id"] for _, a, _ in parsed.elements if "id" in a]
    assert len(ids) == len(set(ids))
    for n, quote in enumerate(quotes, 1):
        fragments = [t for _, a, t in parsed.with_class("q")
                     if a["title"].startswith(f"Quote {n} ")]
        assert "".join(fragments) == quote.parts[0].text
    assert len(parsed.with_class("q")) == 3  # the second quote is split once


def test_carriage_returns_and_paragraphs_survive():
    text = '"One,"\r\nshe said.\n\n\n"Two."'
    quote = q("direct", [find(text, "One,")], text, find(text, "she"), None, find(text, "said"))
    page = render_html(text, quotes=[quote])
    assert text_of(page) == text
    assert "white-space: pre-wrap" in page


def test_quotes_as_dicts_and_a_mismatch_is_an_error(news_quotes):
    dicts = [x.to_dict() for x in news_quotes]
    assert render_html(NEWS, quotes=dicts) == render_html(NEWS, quotes=news_quotes)
    with pytest.raises(RenderError, match="quote 1"):
        render_html("something else entirely, longer than the quotes", quotes=dicts)


def test_no_quotes_renders_an_empty_legend():
    page = render_html("Nothing to see.", quotes=[])
    assert "No quotes found." in page and text_of(page) == "Nothing to see."


marks = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40), st.sampled_from("as"),
                           st.integers(0, 3)), max_size=12)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet='ab <>&"\n\r', max_size=40), spec=marks)
def test_render_marks_keeps_the_text_and_balances_tags(text, spec):
    ms = [Mark(min(a, b, len(text)), min(max(a, b), len(text)), "a" if tag == "a" else "span",
               {"id": f"m{i}", "href": "#x"} if tag == "a" else {"id": f"m{i}"}, rank,
               links=tag == "a")
          for i, (a, b, tag, rank) in enumerate(spec)]
    out = render_marks(text, ms)
    assert html.unescape(re.sub(r"<[^>]*>", "", out)) == text
    Page(out)
    assert len(re.findall(r'id="(m\d+)"', out)) == len(set(re.findall(r'id="(m\d+)"', out)))


# --- with the model -----------------------------------------------------------------------

STORY = ('"We are ready," Mayor Ana Ruiz said on Monday. "The bridge opens in May."\n\n'
         'She stressed that the tolls would stay low.\n\n'
         'According to the engineers, the work is on schedule.')


@pytest.fixture(scope="module")
def nlp_with_component():
    import spacy

    from quoteattr import model

    nlp = spacy.load(model.default_model_name())  # a private copy: add_pipe mutates it
    nlp.add_pipe("quoteattr")
    return nlp


@pytest.mark.model
def test_render_extracts_when_no_quotes_are_given(nlp):
    import quoteattr

    quotes = quoteattr.extract(STORY, nlp=nlp)
    assert quotes
    page = render_html(STORY, nlp=nlp)
    assert page == render_html(STORY, quotes=quotes)
    assert text_of(page) == STORY
    parsed = Page(page)
    for n, quote in enumerate(quotes, 1):
        for i, part in enumerate(quote.parts):
            assert parsed.by_id(f"q{n}" if i == 0 else f"q{n}-{i + 1}")[2] == part.text
        title = parsed.by_id(f"q{n}")[1]["title"]
        assert f"sieve: {quote.sieve}" in title and f"confidence: {quote.confidence:.2f}" in title
        if quote.speaker is not None:
            assert any(a.get("href") == f"#q{n}" or str(n) in a.get("data-n", "").split(",")
                       for _, a, t in parsed.with_class("spk") if t == quote.speaker.text)


@pytest.mark.model
def test_render_uses_the_quotes_the_component_stored(nlp_with_component):
    doc = nlp_with_component(STORY)
    page = render_html(doc)
    assert page == render_html(STORY, quotes=doc._.quotes)
    assert "Ruiz" in page


@pytest.mark.model
def test_displacy_span_view_shows_speaker_labels(nlp_with_component):
    from spacy import displacy

    doc = nlp_with_component(STORY)
    labels = {span.label_ for span in doc.spans["quoteattr"]}
    assert any("Ruiz" in label for label in labels)
    markup = displacy.render(doc, style="span", options={"spans_key": "quoteattr"},
                             jupyter=False)
    assert any(label in markup for label in labels if "Ruiz" in label)


@pytest.mark.model
def test_render_displacy_from_text_or_plain_doc(nlp, nlp_with_component):
    from_component = render_displacy(nlp_with_component(STORY))
    assert "Ruiz" in from_component
    plain_doc = nlp(STORY)
    markup = render_displacy(plain_doc)
    assert "Ruiz" in markup and "quoteattr" not in plain_doc.spans  # the Doc is not changed
    assert "Ruiz" in render_displacy(STORY, nlp=nlp)


@pytest.mark.model
def test_render_a_plain_doc_extracts_from_it(nlp):
    import quoteattr

    doc = nlp(STORY)
    assert render_html(doc) == render_html(STORY, quotes=quoteattr.extract(doc))
