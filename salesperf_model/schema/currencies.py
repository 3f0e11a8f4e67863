"""The currency codes a plan or an import may name: ISO 4217's active codes, checked with a hint.

Source: ISO 4217 list one (current currency and funds codes), as published by SIX Group, the
maintenance agency, on 2026-01-01 (read from the table.xml of the PyPI package ``iso4217``
1.16.20260101). Update the tuple when ISO publishes an amendment (BGN left on 2026-01-01).
"""

from __future__ import annotations

import difflib

#: Active ISO 4217 alphabetic codes (list one, 2026-01-01), funds and metals included.
# fmt: off
ISO_4217_CODES: tuple[str, ...] = (
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BHD", "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD",
    "CAD", "CDF", "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP",
    "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP",
    "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF",
    "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR",
    "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD",
    "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN",
    "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD",
    "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX",
    "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAD",
    "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD",
    "XPF", "XPT", "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG",
)
# fmt: on
_CODES = frozenset(ISO_4217_CODES)


def currency_problem(code: object) -> str | None:
    """What is wrong with a currency code, with the closest real one; None when it is one.

    A misspelt code would pass as a label and pay in a currency nobody uses."""
    if code in _CODES:
        return None
    text = str(code)
    head = f"{text!r} is not an ISO 4217 currency code"
    expected = (
        "; expected an active ISO 4217 code: three upper-case letters such as CNY, USD or EUR"
    )
    if text.strip().upper() in _CODES:
        return f"{head} (write currency codes upper-case: {text.strip().upper()!r}){expected}"
    upper = text.strip().upper()
    # letters swapped first (CYN -> CNY): difflib alone ranks BYN as close as CNY
    close = [c for c in ISO_4217_CODES if sorted(c) == sorted(upper)]
    close = close or difflib.get_close_matches(upper, ISO_4217_CODES, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{head}{hint}{expected}"
