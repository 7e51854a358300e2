"""Screening what people type (safety/text.py)."""

from safety.text import MAX_MESSAGE_CHARS, clean, is_sender_id, screen


def test_control_characters_are_stripped_but_words_kept() -> None:
    assert clean("he\x00 keeps\x07 following\u200b me\u202e") == "he keeps following me"
    assert clean("  line one\nline two\t ") == "line one\nline two"


def test_emoji_accents_and_other_scripts_survive() -> None:
    for text in ("I'm scared 😢", "café naïve", "он преследует меня", "هو يلاحقني", "👩‍👧 my daughter"):
        assert screen(text).text == text
        assert screen(text).problem is None


def test_empty_and_whitespace_only_messages_are_flagged() -> None:
    for text in ("", "   ", "\n\t", "\x00\x01"):
        assert screen(text).problem == "empty"


def test_long_messages_are_flagged_at_the_limit() -> None:
    assert screen("a" * MAX_MESSAGE_CHARS).problem is None
    assert screen("a" * (MAX_MESSAGE_CHARS + 1)).problem == "too_long"


def test_sender_ids_must_look_like_random_tokens() -> None:
    assert is_sender_id("3f2b8c4e-9d1a-4c7b-8e2f-1a2b3c4d5e6f")
    assert is_sender_id("a1b2c3d4e5f6a7b8")
    for bad in (
        None,
        "",
        "default",
        "bob",
        42,
        "x" * 65,
        "has space in it 123",
        "<script>alert(1)</script>",
        "../../etc/passwd",
    ):
        assert not is_sender_id(bad), bad


def test_only_our_own_payloads_pass_as_payloads() -> None:
    from safety.text import as_words

    intents = frozenset({"protection_order", "inform", "restart"})
    values = {"area": frozenset({"hertfordshire"})}
    assert as_words("/protection_order", intents, values) == "/protection_order"
    assert as_words('/inform{"area": "hertfordshire"}', intents, values) == '/inform{"area": "hertfordshire"}'
    assert as_words("/restart", intents, values) == "/restart"
    # A made-up entity value, or an entity our buttons never send, is not a payload either.
    assert as_words('/inform{"area": "my street name"}', intents, values) == 'inform{"area": "my street name"}'
    assert as_words('/inform{"note": "x"}', intents, values) == 'inform{"note": "x"}'
    assert as_words("/inform{not json", intents, values) == "inform{not json"
    # Not ours: read as words, so Rasa neither logs them nor leaves them unanswered.
    assert as_words("/zebra-canary my ex is outside", intents) == "zebra-canary my ex is outside"
    assert as_words("//help", intents) == "help"
    assert as_words("/no_such_intent", intents) == "no_such_intent"
    assert as_words("hello /inform", intents) == "hello /inform"
