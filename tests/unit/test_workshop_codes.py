"""Join codes, PINs and tokens of workshops (storage.codes): no database involved."""

from __future__ import annotations

import hashlib
import re

import pytest

from storage import InvalidValueError
from storage.codes import (
    CODE_ALPHABET,
    CODE_LENGTH,
    checked_pin,
    hash_pin,
    hash_token,
    new_code,
    new_pin,
    new_token,
    normalise_code,
    verify_pin,
    verify_token,
)


def test_the_alphabet_has_no_characters_people_confuse() -> None:
    assert len(CODE_ALPHABET) == len(set(CODE_ALPHABET)) == 31
    assert not set("01ILO") & set(CODE_ALPHABET)
    assert set(CODE_ALPHABET) <= set("23456789ABCDEFGHJKMNPQRSTUVWXYZ")


def test_new_codes_are_six_characters_of_the_alphabet_and_vary() -> None:
    codes = [new_code() for _ in range(2000)]
    assert all(len(code) == CODE_LENGTH == 6 for code in codes)
    assert set("".join(codes)) == set(CODE_ALPHABET)  # every character is drawn
    assert len(set(codes)) > 1990  # 887 million codes: repeats are very rare
    assert all(normalise_code(code) == code for code in codes)


@pytest.mark.parametrize(
    "typed", ["8KFYYW", "8kfyyw", " 8kf-yyw ", "8KF YYW", "8-K-F-Y-Y-W", "8kf.yyw", "8KF\tYYW"]
)
def test_codes_as_people_type_them_are_normalised(typed: str) -> None:
    assert normalise_code(typed) == "8KFYYW"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("8KFYY0", r"'0' never appear\(s\) in a workshop code: .*except I, L and O"),
        ("ioL234", r"'I', 'L', 'O' never appear\(s\)"),
        ("8KF/YW", r"'/' never appear"),
        ("8KFYY", "a workshop code has 6 characters, not 5"),
        ("8KFYYWW", "a workshop code has 6 characters, not 7"),
        (" - ", "type the workshop code"),
    ],
)
def test_malformed_codes_are_refused_with_the_reason(typed: str, message: str) -> None:
    with pytest.raises(InvalidValueError, match=message) as raised:
        normalise_code(typed)
    assert raised.value.field == "code"


def test_new_pins_are_six_digits() -> None:
    pins = [new_pin() for _ in range(500)]
    assert all(re.fullmatch(r"\d{6}", pin) for pin in pins)
    assert len(set(pins)) > 450


@pytest.mark.parametrize("pin", ["1234", " 123456 ", "000000", "123456789012"])
def test_pins_of_4_to_12_digits_are_accepted(pin: str) -> None:
    assert checked_pin(pin) == pin.strip()


@pytest.mark.parametrize("pin", ["123", "1234567890123", "12a4", "", "١٢٣٤", "12 34"])
def test_other_pins_are_refused_without_repeating_them(pin: str) -> None:
    with pytest.raises(InvalidValueError, match="pin: a PIN is 4 to 12 digits") as raised:
        checked_pin(pin)
    if pin.strip():
        assert pin.strip() not in str(raised.value)


def test_a_pin_hash_checks_the_right_pin_only() -> None:
    stored = hash_pin("482913")
    assert verify_pin("482913", stored)
    assert verify_pin(" 482913 ", stored)
    assert not verify_pin("482914", stored)
    assert not verify_pin("48291", stored)
    assert not verify_pin("", stored)


def test_a_pin_hash_is_salted_self_describing_and_hides_the_pin() -> None:
    first, second = hash_pin("482913"), hash_pin("482913")
    assert first != second  # a new salt each time
    assert re.fullmatch(r"scrypt\$n=16384,r=8,p=1\$[\w-]{22}\$[\w-]{43}", first)
    assert "482913" not in first
    assert hashlib.sha256(b"482913").hexdigest() not in first


@pytest.mark.parametrize(
    "stored",
    ["", "scrypt", "sha256$abc", "scrypt$n=16384,r=8$c2FsdA$a2V5", "scrypt$n=16384,r=8,p=1$!$!"],
)
def test_a_malformed_pin_hash_matches_nothing(stored: str) -> None:
    assert not verify_pin("482913", stored)


def test_tokens_are_long_random_and_stored_as_sha256() -> None:
    tokens = {new_token() for _ in range(200)}
    assert len(tokens) == 200
    token = tokens.pop()
    assert re.fullmatch(r"[\w-]{32}", token)
    stored = hash_token(token)
    assert stored == hashlib.sha256(token.encode()).hexdigest()
    assert verify_token(token, stored)
    assert not verify_token(token[:-1], stored)
    assert not verify_token("", stored)
