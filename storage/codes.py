"""The codes and secrets of workshops: join codes, PINs, admin and private-link tokens.

A join code is read aloud and typed on phones, so it uses 31 characters nobody confuses (no
0/O, 1/I/L): 6 of them give 887 million codes. It is not a secret: anyone in the room knows it.

The secrets are never stored or logged in clear:

* a PIN is short and may be chosen by a person, so it is stored salted and slow to test
  (scrypt, n=2**14, r=8, p=1: about 70 ms a check, 16 MiB of memory), in a self-describing
  text ``scrypt$n=16384,r=8,p=1$<salt>$<hash>`` that a later revision can strengthen;
* admin and private-link tokens are 192 random bits, beyond guessing, so SHA-256 is enough and
  lets a token be looked up by its hash.

Every comparison of secrets is constant-time (``hmac.compare_digest``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets

from storage.errors import InvalidValueError

#: The characters of a join code: digits 2-9 and capital letters without I, L and O.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
PIN_LENGTH = 6
PIN_MIN, PIN_MAX = 4, 12
#: Random bytes of an admin or private-link token (32 URL-safe characters).
TOKEN_BYTES = 24

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
_SCRYPT_SALT_BYTES = 16
_SCRYPT_KEY_BYTES = 32
#: Memory allowed to scrypt: 128 * r * n bytes are needed (16 MiB); OpenSSL's default is less
#: than twice that, so it is given explicitly.
_SCRYPT_MAXMEM = 64 * 1024 * 1024
_SCRYPT_PARAMETERS = re.compile(r"n=(\d+),r=(\d+),p=(\d+)")
#: What a person may type between the characters of a code: spaces, dashes, dots, underscores.
_CODE_SEPARATORS = re.compile(r"[\s\-._]+")


def new_code() -> str:
    """A random join code (the caller retries when it is already in use)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """The code as stored: capitals, without the spaces or dashes a person types between.

    Raises :class:`InvalidValueError` (field ``code``) for a code of the wrong length or with a
    character codes never contain, saying which.
    """
    if not isinstance(text, str):
        raise InvalidValueError("code", f"{text!r} is not a workshop code")
    code = _CODE_SEPARATORS.sub("", text).upper()
    if not code:
        raise InvalidValueError("code", "type the workshop code the facilitator shows")
    wrong = sorted({character for character in code if character not in CODE_ALPHABET})
    if wrong:
        shown = ", ".join(repr(character) for character in wrong)
        raise InvalidValueError(
            "code",
            f"{shown} never appear(s) in a workshop code: codes use the digits 2 to 9 and the "
            "letters A to Z except I, L and O",
        )
    if len(code) != CODE_LENGTH:
        raise InvalidValueError(
            "code", f"a workshop code has {CODE_LENGTH} characters, not {len(code)}"
        )
    return code


def new_pin() -> str:
    """A random PIN of 6 digits (leading zeros kept)."""
    return f"{secrets.randbelow(10**PIN_LENGTH):0{PIN_LENGTH}d}"


def checked_pin(pin: str) -> str:
    """The PIN without surrounding spaces; :class:`InvalidValueError` unless 4 to 12 digits."""
    if not isinstance(pin, str):
        raise InvalidValueError("pin", "a PIN is text of 4 to 12 digits")
    pin = pin.strip()
    if not (pin.isascii() and pin.isdigit() and PIN_MIN <= len(pin) <= PIN_MAX):
        # The PIN itself is never repeated in a message: messages may be logged.
        raise InvalidValueError("pin", f"a PIN is {PIN_MIN} to {PIN_MAX} digits (0-9)")
    return pin


def hash_pin(pin: str) -> str:
    """The salted, slow hash of a PIN, in the self-describing text stored in ``pin_hash``."""
    salt = secrets.token_bytes(_SCRYPT_SALT_BYTES)
    key = _scrypt(checked_pin(pin), salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P)
    return f"scrypt$n={SCRYPT_N},r={SCRYPT_R},p={SCRYPT_P}${_b64(salt)}${_b64(key)}"


def verify_pin(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN of the hash ``stored`` (constant-time; False when malformed)."""
    try:
        pin = checked_pin(pin)
    except InvalidValueError:
        return False
    parts = stored.split("$")
    if len(parts) != 4 or parts[0] != "scrypt":
        return False
    parameters = _SCRYPT_PARAMETERS.fullmatch(parts[1])
    if parameters is None:
        return False
    n, r, p = (int(value) for value in parameters.groups())
    try:
        salt, expected = _unb64(parts[2]), _unb64(parts[3])
        key = _scrypt(pin, salt, n=n, r=r, p=p, size=len(expected))
    except ValueError:
        return False
    return hmac.compare_digest(key, expected)


def new_token() -> str:
    """A random token for an admin or private link (192 bits, URL-safe)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    """SHA-256 of a token, in hexadecimal: what is stored and looked up."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def verify_token(token: str, stored_hash: str) -> bool:
    """Whether ``token`` hashes to ``stored_hash`` (constant-time)."""
    if not isinstance(token, str) or not token:
        return False
    return hmac.compare_digest(hash_token(token), stored_hash)


def _scrypt(
    pin: str, salt: bytes, *, n: int, r: int, p: int, size: int = _SCRYPT_KEY_BYTES
) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, maxmem=_SCRYPT_MAXMEM, dklen=size
    )


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64") from exc
