"""Knowing the language of a message (safety/language.py).

The examples here are the ones the thresholds were chosen on; the held-out set
(tests/nlu/languages.yml) is measured by scripts/evaluate_languages.py and never tuned on.
"""

from __future__ import annotations

import pytest

from safety.content import library
from safety.language import LanguageGuess, detect, detector
from scripts.evaluate_languages import english_sets

SUPPORTED_EXAMPLES = [
    # Welsh, as people write it: mutations, colloquial forms, missing accents, English words.
    ("Rwy'n cael fy stelcian gan fy nghyn-bartner", "cy"),
    ("Mae e'n dilyn fi adre o'r gwaith bob nos", "cy"),
    ("Dwi angen help, mae o'n curo ar y drws", "cy"),
    ("Beth yw Gorchymyn Diogelu Rhag Stelcio?", "cy"),
    ("mae hi'n anfon negeseuon cas ata i bob dydd", "cy"),
    ("Ydw i'n gallu ffonio'r heddlu am hyn?", "cy"),
    ("dwi ddim yn gwybod be i neud", "cy"),
    ("mae o'n stalkio fi ar Facebook", "cy"),
    ("dwi'n scared iawn, be dwi fod i neud", "cy"),
    ("plis helpwch fi", "cy"),
    # Polish, with and without its letters.
    ("Mój były partner mnie śledzi i grozi mi", "pl"),
    ("boje sie ze on przyjdzie do pracy", "pl"),
    ("on mnie bije", "pl"),
    # Romanian.
    ("Fostul meu iubit mă amenință în fiecare zi", "ro"),
    ("nu stiu ce sa fac, ma urmareste peste tot", "ro"),
    ("Unde pot gasi ajutor?", "ro"),
    # Panjabi in Gurmukhi, one word included.
    ("ਉਹ ਮੇਰਾ ਪਿੱਛਾ ਕਰਦਾ ਹੈ", "pa"),
    ("ਮਦਦ", "pa"),
    # Urdu in Urdu script.
    ("مجھے مدد چاہیے", "ur"),
    ("وہ میرا پیچھا کرتا ہے", "ur"),
    # Arabic.
    ("أنا خائفة منه", "ar"),
    ("ساعدني", "ar"),
    # Portuguese and Spanish, without accents too.
    ("ele não para de me ligar", "pt"),
    ("tenho medo de sair de casa", "pt"),
    ("me sigue a todas partes", "es"),
    ("no se que hacer", "es"),
    # Bengali.
    ("আমি ভয় পাচ্ছি", "bn"),
    ("সাহায্য", "bn"),
]


@pytest.mark.parametrize(("text", "code"), SUPPORTED_EXAMPLES)
def test_each_supported_language_is_recognised(text: str, code: str) -> None:
    guess = detect(text)
    assert guess.code == code, guess
    assert not guess.romanised


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("mainu dar lagda hai oh mera picha karda", "pa"),
        ("tusi menu dass sakde ho ki karan", "pa"),
        ("mujhe bahut dar lag raha hai", "ur"),
        ("woh mera peecha karta hai aur dhamki deta hai", "ur"),
        ("please meri madad karo", "ur"),
        ("kya aap meri madad kar sakte hain", "ur"),
    ],
)
def test_romanised_panjabi_and_urdu_are_recognised_and_marked(text: str, code: str) -> None:
    guess = detect(text)
    assert (guess.code, guess.romanised, guess.script) == (code, True, "latin"), guess


@pytest.mark.parametrize(
    "text",
    [
        "J'ai peur de rentrer chez moi",  # French
        "Ho bisogno di aiuto per favore",  # Italian
        "Ich brauche Hilfe",  # German
        "Yardıma ihtiyacım var",  # Turkish
        "Tá eagla orm roimhe",  # Irish: not Welsh
        "من از او می ترسم",  # Persian: not Urdu or Arabic
        "Мне нужна помощь",  # Russian, by script
        "मुझे मदद चाहिए",  # Hindi in Devanagari, by script
        "મને મદદ જોઈએ છે",  # Gujarati, by script
    ],
)
def test_another_language_is_other(text: str) -> None:
    assert detect(text).code == "other"


@pytest.mark.parametrize(
    "text",
    [
        "hi",
        "ok",
        "help",
        "help me",
        "sorry",
        "thx",
        "lol",
        "ok ok ok",
        "na na na",
        "gracias",
        "merci",
        "diolch",
        "mujhe",
        "hai",
        "que sera sera",
        "",
        "   ",
        "😢😢",
        "!!!",
        # Short English questions in the bot's own shorthand, once read as "another language".
        "non mol cost?",
        "stop ncii hash",
    ],
)
def test_short_messages_stay_english(text: str) -> None:
    assert detect(text).code == "en"


@pytest.mark.parametrize(
    "text",
    [
        "Siân",
        "Dafydd Jones",
        "Rhys ap Gwilym Evans",
        "Ana Maria Popescu",
        "jose de la cruz",
        "Mohammed Iqbal Khan",
        "Harpreet Kaur Sandhu",
        "Maria Gonzalez Rodriguez",
        "Aberystwyth",
        "Ystrad Mynach Caerphilly",
        "Blaenau Ffestiniog Gwynedd",
        "Betws y Coed",
        "betws y coed",
        "pen y bont ar ogwr",
        "rhondda cynon taf",
        "Llys Ynadon Caerdydd",
        "Llandudno Junction station",
        "CF10 1AA",
        "SW1A 2AA",
        "LL55 4UR",
        "£50",
        "10/10",
        "2pm",
        "flat 3b",
        library().services["emergency"].phone,
        library().services["silent_solution"].phone,
    ],
)
def test_names_places_postcodes_and_numbers_stay_english(text: str) -> None:
    assert detect(text).code == "en"


@pytest.mark.parametrize(
    "text",
    [
        "he followed me from Llanfairpwllgwyngyll to Betws-y-Coed",
        "I live in Llanfairpwllgwyngyll and he's outside",
        "he keeps turning up in Llanelli and Carmarthen",
        "he called me cariad",
        "he said 'dwi'n dy garu di' to me",
        "my ex is Polish and keeps calling me kurwa",
        "he keeps saying te quiero",
        "bonjour, my ex is following me",
        "inshallah he will leave me alone",
        "my ex is Pakistani and his family call me besharam",
        "he keeps saying mera pyar",
        "HELP ME PLEASE HES HERE",
        "ma ex is followin me",
        "ah dinnae ken whit tae dae",
    ],
)
def test_mostly_english_with_foreign_words_stays_english(text: str) -> None:
    assert detect(text).code == "en"


@pytest.mark.parametrize(("name", "texts"), list(english_sets().items()))
def test_no_english_test_or_training_message_is_taken_for_another_language(name: str, texts) -> None:
    wrong = [(t, detect(t).code) for t in texts]
    assert [w for w in wrong if w[1] != "en"] == []


def test_the_guess_is_small_and_holds_no_text() -> None:
    text = "Mae e'n dilyn fi adre o'r gwaith bob nos"
    guess = detect(text).as_dict()
    assert set(guess) == {"code", "confidence", "script", "romanised", "basis"}
    assert 0 <= guess["confidence"] <= 1
    assert not any(isinstance(v, str) and any(w in v for w in text.split() if len(w) > 2) for v in guess.values())


def test_the_detector_is_loaded_once_per_process() -> None:
    assert detector() is detector()


def test_a_guess_is_immutable() -> None:
    guess = detect("Mój były partner mnie śledzi i grozi mi")
    with pytest.raises(AttributeError):
        guess.code = "en"  # type: ignore[misc]
    assert isinstance(guess, LanguageGuess)
