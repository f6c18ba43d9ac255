"""Speaker resolution rules, on hand-built document states (no model needed)."""
import re
from types import SimpleNamespace

from quoteattr.lexicon import Lexicons
from quoteattr.mentions import Mention
from quoteattr.pipeline import DocState
from quoteattr.speakers import Entities, Entity, Resolver, Turn, _echo


def _name(text: str, para: int, gender: str = "m") -> Mention:
    return Mention(0, len(text), text, "name", text.lower(), name=text, gender=gender,
                   para=para, label="PERSON", subject=True)


def _resolver(genre: str = "fiction") -> Resolver:
    return Resolver(DocState("", genre=genre), Lexicons.default())


def test_he_is_never_the_first_person_narrator():
    r = _resolver()
    narrator = r.narrator()
    narrator.gender = "m"  # the narrator is known to be a man
    holmes = r.entities.link(_name("Holmes", 0), 0)
    r.history.append((0, holmes, True))
    r.history.append((1, narrator, True))  # "I turned to my companion."
    entity, rule = r.pronoun("m", 1, [], None)
    assert entity is holmes, rule


def test_he_resolves_to_the_subject_of_the_paragraph():
    r = _resolver()
    holmes = r.entities.link(_name("Holmes", 0), 0)
    watson = r.entities.link(_name("Watson", 1), 1)
    r.history.append((0, holmes, True))
    r.history.append((1, watson, True))
    entity, rule = r.pronoun("m", 1, [], None)
    assert (entity, rule) == (watson, "pronoun_local")


def test_a_headline_verb_run_into_a_name_is_not_part_of_it():
    r = _resolver("news")
    headline = r.entities.link(_name("Obama Says", 0), 0)  # "Obama Says Museum Will …"
    later = r.entities.link(_name("President Obama", 2), 2)
    assert headline is later
    assert r.entities.canonical(later, news=True) == "Obama"


def test_a_surname_that_is_not_a_speech_verb_stays():
    r = _resolver("news")
    e = r.entities.link(_name("Rosa Parks", 0, "f"), 0)  # "parks" is no cue
    assert r.entities.canonical(e, news=True) == "Rosa Parks"


def test_a_lower_case_word_the_recogniser_ran_into_a_name_is_dropped():
    r = _resolver()
    e = r.entities.link(_name("George moves", 0), 0)  # "George moves to the window"
    assert r.entities.canonical(e) == "George"


def test_a_name_two_people_share_is_the_one_taking_part_in_the_conversation():
    r = _resolver()
    # two people the text keeps apart (the father and the son, as a novel's narration
    # does): registered as the entity table would hold them
    father = Entity(0, ["emerson"], ["Emerson"], "mr", "Mr.", "m")
    son = Entity(1, ["george", "emerson"], ["George", "Emerson"], None, None, "m")
    for e in (father, son):
        r.entities.all.append(e)
        for t in e.tokens:
            r.entities.by_token.setdefault(t, []).append(e)
    r.turns.append(Turn(1, son, []))  # '"…," said George.'
    assert r.addressed(_name("Mr. Emerson", 2), 2) is son  # '"Oh, Mr. Emerson, …"'
    assert r.addressed(_name("Emerson", 2), 2) is son
    r.turns.append(Turn(3, father, []))  # both talking: the name decides as before
    assert r.addressed(_name("Mr. Emerson", 4), 4) is father


def test_a_name_asked_back_is_not_a_call():
    text = '"It is something that Mr. Beebe said." "Mr. Beebe?" said his mother. "Lucy?"'
    said, asked, called = (SimpleNamespace(parts=[(m.start(1), m.end(1))])
                           for m in re.finditer(r'"([^"]+)"', text))  # the three quotations
    beebe = Mention(asked.parts[0][0], asked.parts[0][0] + 9, "Mr. Beebe", "name", "beebe",
                    name="Mr. Beebe", gender="m")
    lucy = Mention(called.parts[0][0], called.parts[0][0] + 4, "Lucy", "name", "lucy",
                   name="Lucy", gender="f")
    assert _echo(text, beebe, asked, said)
    assert not _echo(text, lucy, called, asked)


def test_a_title_is_not_a_woman_of_the_same_surname_in_a_novel():
    entities = Entities(Lexicons.default(), fiction=True)
    daughter = entities.link(_name("Miss Morstan", 0, "f"), 0)
    father = entities.link(_name("Captain Morstan", 3, "-"), 3)
    assert daughter is not father
    assert (daughter.name, father.name) == ("Miss Morstan", "Captain Morstan")


def test_a_familiar_name_is_the_one_person_it_shortens_in_a_novel():
    entities = Entities(Lexicons.default(), fiction=True)
    elizabeth = entities.link(_name("Elizabeth Bennet", 0, "f"), 0)
    assert entities.link(_name("Lizzy", 2, "f"), 2) is elizabeth
    assert entities.canonical(elizabeth) == "Elizabeth Bennet"


def test_a_familiar_name_is_not_guessed_when_two_people_have_the_full_one():
    entities = Entities(Lexicons.default(), fiction=True)
    entities.link(_name("Thomas Gradgrind", 0), 0)
    entities.link(_name("Thomas Bounderby", 1), 1)
    tom = entities.link(_name("Tom", 2), 2)
    assert tom.name == "Tom"


def test_a_familiar_name_is_its_own_person_in_the_news():
    entities = Entities(Lexicons.default(), fiction=False)
    elizabeth = entities.link(_name("Elizabeth Warren", 0, "f"), 0)
    assert entities.link(_name("Lizzie", 2, "f"), 2) is not elizabeth
