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
    r"^(?P<number>[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))"
    r"(?P<suffix>[KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))?$"
)
_BINARY = {"Ki": 1, "Mi": 2, "Gi": 3, "Ti": 4, "Pi": 5, "Ei": 6}
_DECIMAL = {"n": -9, "u": -6, "m": -3, "": 0, "k": 3, "M": 6, "G": 9, "T": 12, "P": 15, "E": 18}
_DECIMAL_SUFFIX = {exponent: suffix for suffix, exponent in _DECIMAL.items()}
_NANO = Fraction(1, 10**9)


class QuantityError(ValueError):
    """The text is not a Kubernetes quantity."""


def canonical_quantity(value: str | int) -> str:
    """Return the canonical form of a quantity, as ``resource.Quantity.String()`` prints it.

    Raises ``QuantityError`` when ``value`` is not a quantity.
    """
    text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
    if not isinstance(text, str):
        raise QuantityError(f"{value!r} is not a quantity")
    return _canonical_text(text)


@functools.lru_cache(maxsize=1024)
def _canonical_text(text: str) -> str:
    """:func:`canonical_quantity` of a string, memoized: a few values recur in every test."""
    match = _QUANTITY.match(text.strip() if text != "" else text)
    if match is None or text != text.strip():
        raise QuantityError(f"{text!r} is not a quantity")
    number = Fraction(Decimal(match["number"]))
    suffix = match["suffix"] or ""
    if suffix in _BINARY:
        amount = number * 1024 ** _BINARY[suffix]
        return _format_binary(_round_up_to_nano(amount))
    if suffix[:1] in ("e", "E"):
        amount = number * Fraction(10) ** int(Decimal(suffix[1:]))
        return _format_decimal(_round_up_to_nano(amount), exponent_form=True)
    amount = number * Fraction(10) ** _DECIMAL[suffix]
    return _format_decimal(_round_up_to_nano(amount), exponent_form=False)


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
        return _format_decimal(amount, exponent_form=False)
    whole = amount.numerator
    power = 0
    while power < 6 and whole != 0 and whole % 1024 == 0:
        whole //= 1024
        power += 1
    suffix = "" if power == 0 else next(s for s, p in _BINARY.items() if p == power)
    return f"{whole}{suffix}"


def _format_decimal(amount: Fraction, *, exponent_form: bool) -> str:
    """Pick the largest exponent (a multiple of three) that keeps the mantissa whole."""
    if amount == 0:
        return "0"
    exponent = -9
    mantissa = amount / _NANO
    while mantissa.denominator == 1 and mantissa.numerator % 1000 == 0 and exponent < 18:
        mantissa /= 1000
        exponent += 3
    value = int(mantissa)
    if exponent_form:
        return str(value) if exponent == 0 else f"{value}e{exponent}"
    return f"{value}{_DECIMAL_SUFFIX[exponent]}"
