"""Currencies and fixed reference exchange rates: what a money sign means, and what it is worth in USD.

The rates live in ``jobintel/nlp/data/fx.toml``; they are **fixed reference rates as of the date in that
file**, not live quotes, so a salary's USD figure is reproducible across re-tags (see ``docs/fx.md``).

>>> currency_code("CA$"), currency_code("£"), currency_code("usd")
('CAD', 'GBP', 'USD')
>>> round(to_usd(100, "EUR"), 2)
103.5
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CURRENCY_CODES",
    "CURRENCY_MARKS",
    "CURRENCY_PATTERN",
    "FxTable",
    "currency_code",
    "load_fx_table",
    "to_usd",
]

_FX_PATH = Path(__file__).parent / "data" / "fx.toml"

#: ISO-4217 codes recognised in text (upper case anywhere; lower case only for the unambiguous ones below).
# fmt: off
CURRENCY_CODES: frozenset[str] = frozenset((
    "USD", "EUR", "GBP", "CHF", "CAD", "AUD", "NZD", "SEK", "NOK", "DKK", "ISK", "PLN", "CZK", "HUF",
    "RON", "BGN", "JPY", "CNY", "RMB", "HKD", "TWD", "KRW", "SGD", "INR", "ILS", "BRL", "MXN", "ZAR",
    "AED", "SAR", "QAR", "TRY", "PHP", "MYR", "IDR", "THB", "VND", "NGN", "KES", "EGP", "PKR", "KWD",
    "BHD", "OMR", "COP", "CLP", "ARS", "PEN", "UAH", "RUB",
))
# fmt: on
# Lower-case spellings of these never collide with English words ("try", "all", "cop" would).
# fmt: off
_LOWER_OK = frozenset((
    "usd", "eur", "gbp", "chf", "cad", "aud", "nzd", "sek", "nok", "dkk", "pln", "czk", "huf", "jpy",
    "inr", "sgd", "hkd", "brl", "mxn", "ils", "zar",
))
# fmt: on

# Signs and local spellings. Longest first matters only for the regex built below.
_SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "USD$": "USD",
    "U$S": "USD",
    "$": "USD",
    "CA$": "CAD",
    "CAD$": "CAD",
    "CDN$": "CAD",
    "C$": "CAD",
    "Can$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "AUD$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "SG$": "SGD",
    "HK$": "HKD",
    "NT$": "TWD",
    "R$": "BRL",
    "MX$": "MXN",
    "Mex$": "MXN",
    "£": "GBP",
    "₤": "GBP",
    "€": "EUR",
    "¥": "JPY",
    "円": "JPY",
    "CN¥": "CNY",
    "元": "CNY",
    "₹": "INR",
    "Rs.": "INR",
    "Rs": "INR",
    "₪": "ILS",
    "₩": "KRW",
    "원": "KRW",
    "₽": "RUB",
    "руб.": "RUB",
    "руб": "RUB",
    "₱": "PHP",
    "₺": "TRY",
    "TL": "TRY",
    "₦": "NGN",
    "₫": "VND",
    "฿": "THB",
    "₴": "UAH",
    "грн.": "UAH",
    "грн": "UAH",
    "zł": "PLN",
    "Kč": "CZK",
    "Ft": "HUF",
    "lei": "RON",
    "LEI": "RON",
    "лв.": "BGN",
    "лв": "BGN",
    "Fr.": "CHF",
    "SFr.": "CHF",
    "RM": "MYR",
    "Rp": "IDR",
    "KD": "KWD",
    "R": "ZAR",
    "S/.": "PEN",
    "S/": "PEN",
    # Currency names written out ("Zwischen 60.000 und 75.000 Euro"); "dollars" and "pounds" stay out:
    # which dollar is unknown, and "lift 50 pounds" is a weight.
    **dict.fromkeys(("euro", "euros", "Euro", "Euros", "EURO"), "EUR"),
    **dict.fromkeys(("rupees", "Rupees"), "INR"),
    "yen": "JPY",
    "yuan": "CNY",
}


def _guarded(mark: str) -> str:
    # A mark made of letters must not be glued to other letters: "R" in "PAR 100" is no currency.
    # CJK marks ("円", "元") are written glued to the number and its multiplier ("600万円"): no guard.
    pre = r"(?<![^\W\d_])" if mark[0].isalpha() and ord(mark[0]) < 0x3000 else ""
    post = r"(?![^\W\d_])" if mark[-1].isalpha() and ord(mark[-1]) < 0x3000 else ""
    return pre + re.escape(mark) + post


#: Every currency mark CURRENCY_PATTERN matches (symbols, codes, words), longest first.
CURRENCY_MARKS = sorted({*_SYMBOLS, *CURRENCY_CODES, *_LOWER_OK}, key=len, reverse=True)
#: Regex alternation matching one currency mark (sign, code or local spelling) in text.
CURRENCY_PATTERN = "(?:" + "|".join(_guarded(m) for m in CURRENCY_MARKS) + ")"


def currency_code(mark: str | None) -> str | None:
    """The ISO-4217 code for a currency sign, code or local spelling, or ``None`` if unknown.

    >>> currency_code("S$"), currency_code("zł"), currency_code("kr")
    ('SGD', 'PLN', None)
    """
    if not mark:
        return None
    m = mark.strip()
    if m in _SYMBOLS:
        return _SYMBOLS[m]
    up = m.upper()
    if up == "RMB":
        return "CNY"
    if up in CURRENCY_CODES and (m == up or m in _LOWER_OK):
        return up
    return None


@dataclass(frozen=True, slots=True)
class FxTable:
    """Reference rates: ``usd_per_unit[code]`` US dollars buy one unit of ``code``, as of ``date``."""

    date: str
    source: str
    usd_per_unit: dict[str, float]


@functools.cache
def load_fx_table(path: str | None = None) -> FxTable:
    """Load (once) the fixed reference rates shipped in ``nlp/data/fx.toml``.

    >>> load_fx_table().usd_per_unit["USD"]
    1.0
    """
    data = tomllib.loads(Path(path or _FX_PATH).read_text("utf-8"))
    rates = {str(k).upper(): float(v) for k, v in data["usd_per_unit"].items()}
    return FxTable(date=str(data["date"]), source=str(data["source"]), usd_per_unit=rates)


def to_usd(amount: float | None, currency: str | None) -> float | None:
    """``amount`` of ``currency`` in USD at the reference rate; ``None`` when either is unknown.

    >>> to_usd(1000, "GBP")
    1245.0
    >>> to_usd(1000, None) is None
    True
    """
    if amount is None or not currency:
        return None
    rate = load_fx_table().usd_per_unit.get(currency.upper())
    return None if rate is None else amount * rate
