"""Decoding raw bytes (readers/decoding.py) and repairing odd characters (cleaning/text.py)."""

import time

import pytest

from archive.ingest.cleaning.text import repair_text
from archive.ingest.readers.decoding import decode_bytes
from archive.ingest.types import ParseError
from bench.harness import CORPORA


def test_decode_utf8_with_and_without_bom():
    assert decode_bytes("Zürich – “quoted”".encode()) == "Zürich – “quoted”"
    assert decode_bytes(b"\xef\xbb\xbfHello") == "Hello"


def test_decode_falls_back_to_windows_1252_and_latin_1():
    assert decode_bytes("a £15.8m fee for Mutu, café".encode("latin-1")) == (
        "a £15.8m fee for Mutu, café"
    )
    # Windows-1252 smart quotes, and a byte 1252 leaves undefined, which Latin-1 keeps.
    assert decode_bytes(b"\x93quoted\x94 it\x92s") == "“quoted” it’s"
    assert decode_bytes(b"odd \x81 byte \xe9") == "odd \x81 byte é"


def test_decode_utf16_with_bom():
    assert decode_bytes("Grüße".encode("utf-16")) == "Grüße"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \r\n\t  \n", "whitespace"),
        (b"\xef\xbb\xbf  \n", "whitespace"),
        (b"PK\x03\x04\x00\x00binary", "NUL"),
        (bytes(range(1, 32)) * 20 + b"some text", "control characters"),
    ],
)
def test_decode_rejects_empty_and_binary_input_with_a_clear_message(data, message):
    with pytest.raises(ParseError, match=message):
        decode_bytes(data)


def test_decode_accepts_a_few_stray_control_characters():
    assert decode_bytes(b"a long enough line of text\x03 with one control").startswith("a long")


def test_repair_line_endings():
    assert repair_text("one\r\ntwo\rthree\n") == "one\ntwo\nthree\n"


def test_repair_mojibake():
    assert repair_text("It doesnâ€™t matter") == "It doesn’t matter"
    assert repair_text("mÃ¡s cafÃ©") == "más café"


@pytest.mark.parametrize(
    "correct",
    [
        "He said “yes” – and ‘no’…",
        "Ñoño in São Paulo, naïve Æsir, Ångström, l’État",
        "The £5 fee, 20°C, 5×3, ½ price",
        "Straight \"quotes\" and 'apostrophes' stay straight",
    ],
)
def test_repair_leaves_correct_text_alone(correct):
    assert repair_text(correct) == correct


def test_repair_acute_accent_used_as_apostrophe():
    assert repair_text("Russia´s allies and the students´ union") == (
        "Russia’s allies and the students’ union"
    )
    assert "´" not in repair_text("Assad´s regime")


def test_repair_spaces_invisible_and_control_characters():
    assert repair_text("a\u00a0b\u2009c\u3000d") == "a b c d"
    assert repair_text("zero\u200bwidth\ufeff soft\u00adhyphen") == "zerowidth softhyphen"
    assert repair_text("bell\x07 and\x00 nul\tkept") == "bell and nul\tkept"


def test_repair_strips_trailing_spaces_but_keeps_indentation():
    assert repair_text("line one   \n    indented  \t\nlast ") == "line one\n    indented\nlast"


def test_repair_is_fast_on_a_very_long_line():
    text = "word´s é " * 200_000
    started = time.perf_counter()
    repaired = repair_text(text)
    assert time.perf_counter() - started < 5
    assert "´" not in repaired


@pytest.mark.corpus
def test_bbc_latin1_file_decodes():
    path = CORPORA / "bbc-news" / "sport" / "199.txt"
    if not path.exists():
        pytest.fail("corpora not available")
    text = repair_text(decode_bytes(path.read_bytes()))
    assert "£15.8m" in text
