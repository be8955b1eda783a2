"""One mechanism for the bilingual vocabularies (topics, lead sectors): spellings to a key,
the key's name in the reader's language, an unknown word as given."""

from __future__ import annotations

import pytest

from core.app import create_app
from core.vocabulary import Vocabulary, fold


def test_spellings_fold_to_one_key_and_unknown_words_stay_as_given() -> None:
    words = Vocabulary({"ai": "Artificial intelligence"}, {"ai": "ai", "人工智能": "ai"})
    assert fold(" A.I. ") == "ai" and fold("Warm-up") == fold("WARM UP") == "warmup"
    assert words.key("A.I.") == words.key("人工智能") == "ai"
    assert words.key("GEW 2026") is None and words.key(None) is None
    assert words.label("人工智能") == "Artificial intelligence"
    assert words.label("  GEW 2026 ") == "GEW 2026" and words.label(None) == ""


def test_a_key_spelled_but_never_named_is_refused() -> None:
    with pytest.raises(ValueError, match="robotics"):
        Vocabulary({"ai": "Artificial intelligence"}, {"ai": "ai", "robots": "robotics"})


def test_names_read_in_the_readers_language() -> None:
    from events.topics import topic_label
    from partners.leads.sectors import sector_label

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})
    with app.test_request_context("/zh/"):
        assert topic_label("Artificial Intelligence") == sector_label("AI") == "人工智能"
