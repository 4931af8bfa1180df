"""Kubernetes resource quantities: parsing and canonical serialization.

The operator hands every resource value to ``resource.Quantity``, so what reaches the API
server is the canonical form: ``1000m`` becomes ``1``, ``1024Mi`` becomes ``1Gi``, ``30M``
stays ``30M``. This module does the same so the rendered YAML equals the operator's.
"""

import functools
import re
from decimal import ROUND_CEILING, Decimal
from fractions import Fraction

_QUANTITY = re.compile(
    r"^(?P<sign>[+-]?)(?P<number>[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
    r"(?P<suffix>[KMGTPE]i|[numkMGTPE]|[eE][+-]?[0-9]+)?$"
)
_CANONICAL = re.compile(r"(-?[0-9]+)([a-zA-Z]*|e-?[0-9]+)")
"""What :func:`canonical_quantity` writes: an integer and a suffix or a decimal exponent."""
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_SUFFIX = {exponent: suffix for suffix, exponent in _DECIMAL.items()}
_NANO = Fraction(1, 10**9)
_INT64_MAX = 2**63 - 1
_INT32 = 2**31

MAX_QUANTITY_CHARS = 128
"""The longest quantity read: longer texts are refused before any arithmetic (real ones have a few characters)."""


class QuantityError(ValueError):
    """The text is not a Kubernetes quantity."""


def canonical_quantity(value: str | int) -> str:
    """Return the canonical form of a quantity, as ``resource.Quantity.String()`` prints it.

    Raises ``QuantityError`` when ``value`` is not a quantity, is longer than
    :data:`MAX_QUANTITY_CHARS` characters, or has a decimal exponent (``1e5``) outside the
    32-bit range that ``resource.Quantity`` keeps. The cost is bounded by the length: a huge
    exponent (``1e999999999``) is never expanded.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > 4 * MAX_QUANTITY_CHARS:
            raise QuantityError("an integer too large to be a quantity")
        value = str(value)
    if not isinstance(value, str):
        raise QuantityError(f"a {type(value).__name__} is not a quantity")
    if len(value) > MAX_QUANTITY_CHARS:
        raise QuantityError(f"a quantity has at most {MAX_QUANTITY_CHARS} characters")
    return _canonical_text(value)


@functools.lru_cache(maxsize=1024)
def _canonical_text(text: str) -> str:
    """:func:`canonical_quantity` of a string, memoized: a few values recur in every test."""
    match = _QUANTITY.match(text)
    if match is None:
        raise QuantityError(f"{text!r} is not a quantity")
    negative = match["sign"] == "-"
    whole, _, fraction = match["number"].partition(".")
    mantissa = int(whole + fraction or "0")
    suffix = match["suffix"] or ""
    if suffix in _BINARY:
        amount = Fraction(mantissa, 10 ** len(fraction)) * 1024 ** _BINARY[suffix]
        amount = min(_round_up_to_nano(amount), Fraction(_INT64_MAX))  # resource.Quantity caps binary values
        return _format_binary(-amount if negative else amount)
    if suffix[:1] in ("e", "E") and len(suffix) > 1:
        exponent = int(suffix[1:])
        if not -_INT32 <= exponent < _INT32:
            raise QuantityError(f"{text!r}: the exponent does not fit in 32 bits")
        return _format_decimal(negative, mantissa, exponent - len(fraction), exponent_form=True)
    return _format_decimal(negative, mantissa, _DECIMAL[suffix] - len(fraction), exponent_form=False)


def quantity_sign(value: str | int) -> int:
    """-1, 0 or 1: the sign of a quantity (bounded cost, as :func:`canonical_quantity`)."""
    mantissa, _ = _exact(value)
    return (mantissa > 0) - (mantissa < 0)


def compare_quantities(left: str | int, right: str | int) -> int:
    """-1, 0 or 1 as ``left`` is less than, equal to or greater than ``right``.

    Exact, and bounded by the texts' lengths: ``1e999999999`` is compared by its number of
    digits, never expanded.
    """
    (left_mantissa, left_exponent), (right_mantissa, right_exponent) = _exact(left), _exact(right)
    left_sign = (left_mantissa > 0) - (left_mantissa < 0)
    right_sign = (right_mantissa > 0) - (right_mantissa < 0)
    if left_sign != right_sign or left_sign == 0:
        return (left_sign > right_sign) - (left_sign < right_sign)
    left_abs, right_abs = abs(left_mantissa), abs(right_mantissa)
    left_digits = len(str(left_abs)) + left_exponent
    right_digits = len(str(right_abs)) + right_exponent
    if left_digits != right_digits:  # the same sign: more digits is further from zero
        return left_sign if left_digits > right_digits else -left_sign
    lowest = min(left_exponent, right_exponent)  # equal digit counts: the shift is bounded by the texts
    left_scaled: int = left_abs * 10 ** (left_exponent - lowest)
    right_scaled: int = right_abs * 10 ** (right_exponent - lowest)
    return left_sign * ((left_scaled > right_scaled) - (left_scaled < right_scaled))


def _exact(value: str | int) -> tuple[int, int]:
    """A quantity as ``(mantissa, exponent)``, its value ``mantissa * 10**exponent``, exactly."""
    canonical = canonical_quantity(value)
    match = _CANONICAL.fullmatch(canonical)
    if match is None:  # pragma: no cover - canonical_quantity always writes this form
        raise QuantityError(canonical)
    mantissa, suffix = int(match[1]), match[2]
    if suffix in _BINARY:
        return mantissa * 1024 ** _BINARY[suffix], 0
    if suffix.startswith("e"):
        return mantissa, int(suffix[1:])
    return mantissa, _DECIMAL[suffix]


def is_quantity(value: object) -> bool:
    """Tell whether ``value`` (a string or an integer) is a Kubernetes quantity."""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        return False
    try:
        canonical_quantity(value)
    except QuantityError:
        return False
    return True


def _round_up_to_nano(amount: Fraction) -> Fraction:
    """Kubernetes keeps nine decimal places and rounds away from zero past them."""
    nanos = amount / _NANO
    if nanos.denominator == 1:
        return amount
    rounded = Decimal(abs(nanos.numerator)) / Decimal(nanos.denominator)
    whole = int(rounded.to_integral_value(rounding=ROUND_CEILING))
    return Fraction(whole if amount >= 0 else -whole) * _NANO


def _format_binary(amount: Fraction) -> str:
    """Binary-SI values under 1024 or with a fraction fall back to decimal SI, as in Go."""
    if amount.denominator != 1 or -1024 < amount < 1024:
        nanos = amount / _NANO  # a whole number: the amount was rounded to nanos
        return _format_decimal(amount < 0, abs(int(nanos)), -9, exponent_form=False)
    whole = amount.numerator
    power = 0
    while power < 6 and whole != 0 and whole % 1024 == 0:
        whole //= 1024
        power += 1
    suffix = "" if power == 0 else next(s for s, p in _BINARY.items() if p == power)
    return f"{whole}{suffix}"


def _format_decimal(negative: bool, mantissa: int, exponent: int, *, exponent_form: bool) -> str:
    """``mantissa * 10**exponent`` in canonical form, without ever computing ``10**exponent``.

    Past nine decimal places the value is rounded away from zero to a whole number of
    nanos; then factors of ten move into the exponent, which becomes a multiple of three.
    An SI suffix stops at ``E`` (10^18); the exponent form (``1e21``) has no such cap.
    """
    if mantissa == 0:
        return "0"
    if exponent < -9:
        cut = -9 - exponent
        if cut > len(str(mantissa)):
            mantissa = 1
        else:
            mantissa, rest = divmod(mantissa, 10**cut)
            mantissa += 1 if rest else 0
        exponent = -9
    while mantissa % 10 == 0:
        mantissa //= 10
        exponent += 1
    while exponent % 3 != 0:
        mantissa *= 10
        exponent -= 1
    if not exponent_form:
        while exponent > 18:
            mantissa *= 1000
            exponent -= 3
    sign = "-" if negative else ""
    if exponent_form:
        return f"{sign}{mantissa}" if exponent == 0 else f"{sign}{mantissa}e{exponent}"
    return f"{sign}{mantissa}{_DECIMAL_SUFFIX[exponent]}"
