"""Identifiers of demo rows: USCCs, approval, accreditation, CMA and registration numbers.

Each identifier that must be unique is built from the row's index through a bijection, so
no set of used codes has to be kept, even for a million organisations:

- a USCC (GB 32100-2015) is ``91`` (an enterprise registered by market regulation), the
  region code, a nine-character organisation code (GB 11714: eight characters and their
  check character; either eight digits or the newer ``MA`` form) and the check character
  of :func:`qualicert.registry.uscc.check_digit`;
- approval numbers run ``CNCA-R-YYYY-NNN`` (``CNCA-RF`` for foreign-invested bodies), the
  serial rising with the year as the regulator assigns them;
- a CMA number has twelve digits: year, issuing authority, field, sector and serial.
"""

from __future__ import annotations

from qualicert.registry.uscc import ALPHABET, check_digit

ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
DIGITS = "0123456789"
DIGIT_SPACE = 10**8
MA_SPACE = len(ALPHABET) ** 6
MULTIPLIER = 2_654_435_761  # odd, not a multiple of 5 or 31: coprime with both spaces


def _value(ch: str) -> int:
    """GB 11714 character value: digits as themselves, letters A=10 .. Z=35."""
    return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10


def organisation_code(body: str) -> str:
    """Eight characters and their GB 11714 check character (``0``-``9`` or ``X``)."""
    total = sum(_value(ch) * w for ch, w in zip(body, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def _digits(number: int, alphabet: str, width: int) -> str:
    """``number`` written with ``width`` characters of ``alphabet`` (its base)."""
    out = []
    for _ in range(width):
        number, rest = divmod(number, len(alphabet))
        out.append(alphabet[rest])
    return "".join(reversed(out))


def scramble(index: int, salt: int, alphabet: str, width: int) -> str:
    """A bijection of ``0 .. len(alphabet)**width - 1`` that hides the order of indexes.

    An affine map, the digits reversed, and the affine map again: each step is one-to-one
    (:data:`MULTIPLIER` is coprime with 10 and 31, the sizes of the alphabets used), so
    distinct indexes below the size of the space give distinct codes.
    """
    space = len(alphabet) ** width
    first = _digits((index * MULTIPLIER + salt) % space, alphabet, width)
    second = _number(first[::-1], alphabet)
    return _digits((second * MULTIPLIER + salt) % space, alphabet, width)


def _number(text: str, alphabet: str) -> int:
    """The inverse of :func:`_digits`."""
    number = 0
    for ch in text:
        number = number * len(alphabet) + alphabet.index(ch)
    return number


def uscc(region_code: str, index: int, salt: int, *, newer: bool) -> str:
    """The USCC of organisation number ``index``: distinct indexes give distinct codes.

    ``newer`` selects the ``MA`` organisation-code form that codes issued since 2015 take;
    ``salt`` (from the seed) shifts the sequence so that seeds give different codes.
    """
    body = "MA" + scramble(index, salt, ALPHABET, 6) if newer else scramble(index, salt, DIGITS, 8)
    first17 = f"91{region_code}{organisation_code(body)}"
    return first17 + check_digit(first17)


def approval_number(serial: int, year: int, *, foreign: bool = False) -> str:
    """``CNCA-R-2002-001``; ``CNCA-RF-...`` for a foreign-invested body."""
    return f"CNCA-R{'F' if foreign else ''}-{year}-{serial:03d}"


def accreditation_number(serial: int, *, product: bool = False) -> str:
    """A CNAS certification-body accreditation: ``CNAS C001-M`` (``-P`` for products)."""
    return f"CNAS C{serial:03d}-{'P' if product else 'M'}"


def cma_number(year: int, province: str, field: int, serial: int) -> str:
    """Twelve digits: year (2), issuing province (2), field (2), sector (2), serial (4)."""
    return f"{year % 100:02d}{province[:2]}{field:02d}{(serial * 7) % 89 + 10:02d}{serial:04d}"


def lab_accreditation_number(serial: int) -> str:
    """A CNAS laboratory accreditation: ``CNAS L1234``."""
    return f"CNAS L{serial:04d}"


def registration_number(year: int, scheme_code: str, index: int, salt: int) -> str:
    """An auditor's registration number, such as ``2021-N1QMS-1234567``."""
    return f"{year}-N1{scheme_code}-{scramble(index, salt, DIGITS, 7)}"
