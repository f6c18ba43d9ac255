"""Text prepared for the parser: honorific abbreviations kept whole."""
import pytest


@pytest.mark.parametrize("text, tokens", [
    pytest.param("replied Mlle. Blanche gravely", ["replied", "Mlle.", "Blanche", "gravely"],
                 id="merged"),
    pytest.param("CAPT. HALE WROTE", ["CAPT.", "HALE", "WROTE"], id="capitals"),
    pytest.param("the hotel in Mlle.", ["the", "hotel", "in", "Mlle."], id="at-the-end"),
])
def test_abbreviations_are_one_token_before_parsing(text, tokens):
    import spacy

    from quoteattr.segments import for_pipe

    nlp = spacy.blank("en")
    doc = for_pipe(nlp, text)
    assert [t.text for t in doc] == tokens
    assert doc.text == text
    assert len(nlp.tokenizer("Mlle. Blanche")) == 3  # the pipeline itself is unchanged


def test_text_without_abbreviations_goes_to_the_pipe_as_text():
    import spacy

    from quoteattr.segments import for_pipe

    assert for_pipe(spacy.blank("en"), "Mr. Hale said so.") == "Mr. Hale said so."
