"""Genre detection and hard-wrap detection, on texts written for these tests."""
import pytest

from quoteattr.genre import detect
from quoteattr.paragraphs import indents_prose, looks_hard_wrapped, set_in

WRAPPED_NOVEL = (
    "The rain had not stopped since the morning, and the road from the village\n"
    "was a river of mud by the time the carriage came in sight of the house.\n\n"
    "\"You are late,\" said she, without rising from her chair by the fire.\n\n"
    "He made no answer at first, but stood by the door turning his hat in his\n"
    "hands, as a man does who has rehearsed a speech and lost the thread of it.\n\n"
    "\"The bridge was down,\" said he at last. \"We went round by the mill.\"\n\n"
    "She looked at him then for the first time, and saw that his coat was torn\n"
    "at the shoulder and that there was blood, not much, on the cuff of it.\n"
)

NEWS_WITH_WRAPPED_NOTE = (
    "Council Delays Vote On Harbour Plan, Mayor Says.\n\n"
    "The city council postponed its vote on the harbour redevelopment plan on Tuesday after "
    "residents packed the chamber to object to the loss of the public beach.\n\n"
    "\u201cWe need more time to hear from the people who live there,\u201d Mayor Ana Ruiz "
    "said after the meeting, adding that a new vote would be held next month.\n\n"
    "The plan, first proposed in 2019, would add a marina and two hotels to the waterfront "
    "and has been opposed by a coalition of neighbourhood groups.\n\n"
    "Editor's note: This story has been\n"
    "updated to include\n"
    "comments from the mayor\n"
    "and the council's vote\n"
    "schedule.\n"
)

NEWS_SAID_HE = (
    "Ruiz said he would not sign the plan. Asked about the beach, said he was sure a "
    "compromise could be found. The developer, who said he had spent two years on the "
    "design, said he expected a vote in March. Officials said he has not filed papers."
)

CASES = [
    pytest.param(WRAPPED_NOVEL, "fiction", True, id="wrapped-novel"),
    pytest.param(NEWS_WITH_WRAPPED_NOTE, "news", False, id="news-wrapped-editors-note"),
    pytest.param(NEWS_SAID_HE, "news", False, id="news-said-he-would"),
    pytest.param('"I shall go," said she. "Go, then!" cried he. "Go!"', "fiction", False,
                 id="tags-after-pronoun"),
]


@pytest.mark.parametrize("text, genre, wrapped", CASES)
def test_genre_and_wrapping(text, genre, wrapped):
    assert looks_hard_wrapped(text) is wrapped
    assert detect(text) == genre



VERSE = (
    "\"Say it for me,\" said the Captain, and Nell stood up by the window.\n\n"
    "\"Down by the mill the water runs,\" she began,\n"
    "    \"And over the stones it goes;\n"
    "Where it is bound for nobody knows,\n"
    "    Nor where the river flows.\"\n\n"
    "\"That will do,\" said the Captain. \"You have it by heart, I see.\"\n\n"
    "He took a letter from his coat and read it to her.\n\n"
    "      \"My dear Brother,\n\n"
    "      \"The ship is in, and I am well.\n\n"
    "      \"Yours ever, Tom Pike.\"\n\n"
    "\"He writes a fine hand,\" said Nell.\n"
)


def test_verse_is_told_from_prose_by_its_indented_lines():
    verse = VERSE.index("\"Down")
    end = VERSE.index("flows.\"") + 7
    assert set_in(VERSE, verse, end)
    assert not set_in(WRAPPED_NOVEL, 0, len(WRAPPED_NOVEL))
    assert not indents_prose(WRAPPED_NOVEL + "\n\n" + VERSE)
    indented = "\n\n".join(["The road ran on\n  past the mill\n  and the church."] * 3)
    assert indents_prose(indented)  # a layout, not verse


@pytest.mark.model
def test_recited_verse_in_a_novel_is_not_dialogue():
    import quoteattr

    text = WRAPPED_NOVEL + "\n" + VERSE
    contents = [q.parts[0].text for q in quoteattr.extract(text, genre="fiction")]
    assert "That will do," in contents and "Say it for me," in contents
    assert "He writes a fine hand," in contents
    assert not any(w in c for c in contents for w in ("water runs", "stones", "Brother", "ship"))
