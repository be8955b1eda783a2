"""Search words marked in titles as the index matches them: Latin by their start, any case;
Chinese runs and their two-character words; everything else escaped."""

from events.highlight import highlight


def test_latin_words_by_their_start_and_plurals() -> None:
    assert highlight("Founders Breakfast", "founder") == "<mark>Founders</mark> Breakfast"
    assert highlight("Demo day", "demos") == "<mark>Demo</mark> day"
    assert highlight("Modem day", "demo") == "Modem day"  # a word's start, not its inside


def test_chinese_runs_and_their_bigrams() -> None:
    assert highlight("新加坡创新创业沙龙", "创新创业") == "新加坡<mark>创新创业</mark>沙龙"
    assert (
        highlight("长阳创谷双创成果展", "创谷 成果")
        == "长阳<mark>创谷</mark>双创<mark>成果</mark>展"
    )


def test_text_is_escaped_and_no_query_marks_nothing() -> None:
    assert highlight("<b>AI</b> & demo", "demo") == "&lt;b&gt;AI&lt;/b&gt; &amp; <mark>demo</mark>"
    assert highlight("AI <day>", "") == "AI &lt;day&gt;"
