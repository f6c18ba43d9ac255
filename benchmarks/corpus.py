"""Deterministic synthetic news and fiction text, so the benchmarks need no data files.

Every text is built from templates (direct quotes before and after their cue, split
quotes, indirect and mixed speech, "according to", colon introductions, unattributed
conversation turns, narration) with names, cues and quotation-mark styles drawn from a
seeded ``random.Random``: the same arguments always give the same text.

    python benchmarks/corpus.py --genre fiction --n 1          # print a sample
    python benchmarks/corpus.py --stats --n 200                # size of a corpus

The other benchmark scripts take ``--jsonl PATH`` to read real texts (one JSON object
per line with a ``text`` field) instead; ``load_jsonl`` reads them at run time.
"""
from __future__ import annotations

import argparse
import json
import random
import textwrap
from typing import Iterator, List, Optional

FIRST_NAMES = """James Mary Ahmed Olga Wei Fatima Carlos Ingrid Kwame Priya Dmitri Aiko
    Sean Lucia Tomasz Amara Henrik Leila Mateo Chloe Ravi Nadia Oscar Yuki Bernard Elena
    Felix Grace Hugo Irene""".split()
SURNAMES = """Smith Lavrov Okafor Nguyen Schmidt Haddad Garcia Kowalski Tanaka Brennan
    Moreau Petrov Rossi Lindqvist Mensah Choudhury Novak O'Neill Fischer Alvarez Kim
    Dubois Costa Hughes Yilmaz Bauer Sato Walsh Ivanova Mbeki""".split()
ROLES = ["the foreign minister", "a spokesman for the ministry", "the senator",
         "the company's chief executive", "a police spokeswoman", "the mayor",
         "an official who asked not to be named", "the union leader", "the prosecutor",
         "a senior diplomat", "the central bank governor", "the coach"]
NEWS_CUES = ["said", "said", "said", "told reporters", "added", "warned", "insisted",
             "explained", "stressed", "noted", "argued", "claimed", "wrote", "announced"]
REPORT_CUES = ["said", "said", "told reporters", "warned", "argued", "claimed", "denied",
               "announced", "acknowledged", "stressed", "insisted", "suggested"]
FICTION_CUES = ["said", "said", "said", "cried", "replied", "asked", "whispered",
                "answered", "exclaimed", "murmured", "returned", "continued", "added"]
PRONOUNS = ["he", "she"]
# (open, close) pairs; a text uses one style for its top-level quotations
STYLES = [('"', '"'), ("\u201c", "\u201d"), ("\u2018", "\u2019"), ("``", "''"),
          ("\u00ab", "\u00bb"), ("\u201e", "\u201c")]
STYLE_WEIGHTS = [6, 5, 1, 1, 1, 1]

SUBJECTS = ["we", "the government", "our team", "nobody", "the talks", "the people",
            "this country", "the market", "my family", "they", "the committee", "you",
            "the plan", "the army", "everyone here", "the company", "I"]
VERBS = ["will not accept", "have never seen", "cannot ignore", "must defend",
         "will support", "did not expect", "are ready for", "have always wanted",
         "should reconsider", "will never forget", "have to rebuild", "do not understand",
         "might yet welcome", "could lose"]
OBJECTS = ["such a deal", "the results", "this decision", "the proposal", "any delay",
           "the new rules", "a second chance", "the old bridge", "these threats",
           "the election", "peace", "the truth", "your letter", "that offer"]
ADJUNCTS = ["", "", "", " today", " at any price", " in the coming weeks",
            " without a fight", " after all these years", " for now", " once again",
            " under these conditions", " before winter"]
CLAUSES = ["the talks had stalled", "the economy would recover by spring",
           "the ministry was considering new sanctions", "no decision had been made",
           "the agreement would be signed next week", "prices were likely to rise",
           "the investigation was still under way", "the plan had the support of the board",
           "the strike would end soon", "the figures were misleading"]
NARRATION = ["The meeting took place behind closed doors in the capital.",
             "Prices rose by 3 percent in the third quarter.",
             "The rain had not stopped since morning.",
             "Officials gathered in the main hall shortly after noon.",
             "The road to the village was still closed.",
             "She looked out of the window at the grey sea.",
             "A long silence followed, broken only by the clock.",
             "The room was warm, and the fire burned low.",
             "Nobody in the house had slept that night.",
             "The letter lay unopened on the table.",
             "He walked slowly to the door and stopped.",
             "Outside, the carriage waited in the lane."]
HEADLINES = ["Talks Stall as Deadline Nears", "Minister Rejects Criticism Over Budget",
             "Markets Fall After Surprise Announcement", "City Council Approves New Bridge",
             "Strike Enters Third Week", "Court Delays Ruling on Election Dispute"]
WRAP_WIDTH = 72


def lower_first(sentence: str) -> str:
    return sentence if sentence.startswith("I ") else sentence[0].lower() + sentence[1:]


class Writer:
    """Builds one text from templates with its own seeded random source."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        self.open, self.close = self.rng.choices(STYLES, weights=STYLE_WEIGHTS)[0]

    def pick(self, items):
        return self.rng.choice(items)

    def name(self) -> str:
        return f"{self.pick(FIRST_NAMES)} {self.pick(SURNAMES)}"

    def sentence(self) -> str:
        subject = self.pick(SUBJECTS)
        text = f"{subject} {self.pick(VERBS)} {self.pick(OBJECTS)}{self.pick(ADJUNCTS)}"
        return text[0].upper() + text[1:]

    def speech(self, sentences: int) -> str:
        return ". ".join(self.sentence() for _ in range(sentences))

    def continuation(self, sentences: int) -> str:
        """Speech that goes on after an interruption: its first letter lower case."""
        return lower_first(self.speech(sentences))

    def quoted(self, content: str) -> str:
        return f"{self.open}{content}{self.close}"

    def nested(self) -> str:
        """A quotation with a quotation inside it, in the other family of marks."""
        inner = "'" if self.open in ('"', "``") else "\u2018"
        inner_close = "'" if inner == "'" else "\u2019"
        said = lower_first(self.sentence())
        return f"{self.sentence()}, and they told us {inner}{said}{inner_close}"

    def wrap(self, paragraph: str) -> str:
        return "\n".join(textwrap.wrap(paragraph, WRAP_WIDTH, break_on_hyphens=False))


def news_paragraph(w: Writer) -> str:
    speaker, role, cue = w.name(), w.pick(ROLES), w.pick(NEWS_CUES)
    surname = speaker.split()[-1]
    form = w.rng.randrange(9)
    if form == 0:
        return f"{w.quoted(w.speech(1) + ',')} {surname} {cue}. {w.pick(NARRATION)}"
    if form == 1:
        return f"{speaker}, {role}, {cue}: {w.quoted(w.speech(2) + '.')}"
    if form == 2:
        return (f"{w.quoted(w.sentence() + ',')} {speaker} {cue}, "
                f"{w.quoted(w.continuation(1) + '.')}")
    if form == 3:
        return f"{speaker} {w.pick(REPORT_CUES)} that {w.pick(CLAUSES)}."
    if form == 4:
        return f"According to {role}, {w.pick(CLAUSES)}."
    if form == 5:
        fragment = " ".join(w.sentence().split()[:4]).lower()
        return f"{surname} said the plan was {w.quoted(fragment)} and would fail."
    if form == 6:
        return f"{w.quoted(w.nested() + '.')} {role[0].upper() + role[1:]} said."
    if form == 7:
        return f"{w.pick(NARRATION)} {w.pick(NARRATION)}"
    return f"{surname} told reporters on Tuesday that {w.pick(CLAUSES)}, {w.pick(PRONOUNS)} added."


def fiction_paragraph(w: Writer, cast: List[str]) -> str:
    name, cue = w.pick(cast), w.pick(FICTION_CUES)
    form = w.rng.randrange(8)
    if form == 0:
        return f"{w.quoted(w.speech(1) + ',')} {cue} {name}."
    if form == 1:
        return f"{w.quoted(w.speech(1) + ',')} {w.pick(PRONOUNS)} {cue}."
    if form == 2:
        return w.quoted(w.speech(w.rng.randint(1, 3)) + w.pick([".", "!", "?"]))
    if form == 3:
        return f"{name} {w.pick(['smiled', 'frowned', 'sighed', 'nodded'])}. {w.quoted(w.speech(1) + '.')}"
    if form == 4:
        return (f"{w.quoted(w.sentence() + ',')} said {name}, "
                f"{w.quoted(w.continuation(2) + '!')}")
    if form == 5:
        return f"{name} {cue}, with more restraint: {w.quoted(w.nested() + '.')}"
    return " ".join(w.pick(NARRATION) for _ in range(w.rng.randint(2, 6)))


def news_text(seed: int, paragraphs: int = 12) -> str:
    w = Writer(seed)
    body = [news_paragraph(w) for _ in range(paragraphs)]
    return "\n\n".join([w.pick(HEADLINES)] + body)


def fiction_text(seed: int, paragraphs: int = 30, wrapped: bool = True) -> str:
    w = Writer(seed)
    cast = [f"{w.pick(['Mr.', 'Mrs.', 'Miss', 'Dr.'])} {w.pick(SURNAMES)}" for _ in range(2)]
    cast += [w.pick(FIRST_NAMES) for _ in range(2)]
    body = [fiction_paragraph(w, cast) for _ in range(paragraphs)]
    if wrapped:
        body = [w.wrap(p) for p in body]
    return "\n\n".join(body)


def texts(n: int, genre: str = "mixed", seed: int = 0) -> List[str]:
    """``n`` texts; "mixed" alternates news articles and fiction chapters."""
    out = []
    for i in range(n):
        kind = genre if genre != "mixed" else ("news", "fiction")[i % 2]
        out.append(news_text(seed + i) if kind == "news" else fiction_text(seed + i))
    return out


def text_of_length(n_chars: int, genre: str = "fiction", seed: int = 0) -> str:
    """One long text of exactly ``n_chars`` characters (cut at the end), built from
    chapters or articles joined by blank lines, each with its own seed."""
    pieces, size, i = [], 0, 0
    while size < n_chars:
        piece = fiction_text(seed + i) if genre == "fiction" else news_text(seed + i)
        pieces.append(piece)
        size += len(piece) + 2
        i += 1
    return "\n\n".join(pieces)[:n_chars]


def load_jsonl(path: str, limit: Optional[int] = None) -> List[str]:
    """The ``text`` field of each line of a JSONL file (read, never copied)."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                out.append(json.loads(line)["text"])
            if limit is not None and len(out) >= limit:
                break
    return out


def repeat_to_length(sources: List[str], n_chars: int) -> str:
    """Texts joined by blank lines, repeated as needed, cut to ``n_chars``."""
    if not sources:
        raise ValueError("no texts to build from")
    pieces, size = [], 0
    for i in _cycle_indices(len(sources)):
        if size >= n_chars:
            break
        pieces.append(sources[i])
        size += len(sources[i]) + 2
    return "\n\n".join(pieces)[:n_chars]


def _cycle_indices(n: int) -> Iterator[int]:
    while True:
        yield from range(n)


def word_count(items: List[str]) -> int:
    return sum(len(t.split()) for t in items)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--genre", choices=["news", "fiction", "mixed"], default="mixed")
    ap.add_argument("--n", type=int, default=2, help="number of texts")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--stats", action="store_true", help="print sizes instead of the texts")
    args = ap.parse_args()
    items = texts(args.n, args.genre, args.seed)
    if args.stats:
        chars = sum(len(t) for t in items)
        print(f"{len(items)} texts, {chars} characters, {word_count(items)} words")
        return
    print("\n\n=====\n\n".join(items))


if __name__ == "__main__":
    main()
