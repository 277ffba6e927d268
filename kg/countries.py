"""Countries by ISO 3166 code, with names from pycountry (English and translations)."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from functools import cache

import pycountry

#: Languages whose country names kg adds as labels (pycountry ships the translations).
LABEL_LANGUAGES = ("ar", "fa", "fr", "ru", "es", "zh", "tr", "de")


@dataclass(frozen=True)
class Country:
    """An ISO 3166-1 country with its names per language.

    >>> lookup_country("IR").alpha3
    'IRN'
    """

    alpha2: str
    alpha3: str
    names: tuple[tuple[str, str], ...]

    @property
    def name(self) -> str:
        """The English name."""
        return dict(self.names)["en"]


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


@cache
def lookup_country(code: str) -> Country | None:
    """The country of an ISO 3166-1 alpha-2 or alpha-3 code (upper case), or None."""
    if not code.isupper():
        return None
    record = pycountry.countries.get(alpha_2=code) if len(code) == 2 else pycountry.countries.get(alpha_3=code)
    if record is None:
        return None
    english = getattr(record, "common_name", None) or record.name
    names = [("en", english)]
    for lang in LABEL_LANGUAGES:
        translated = _translations(lang).gettext(record.name)
        if translated and translated != record.name:
            names.append((lang, translated))
    return Country(record.alpha_2, record.alpha_3, tuple(sorted(names)))


@cache
def all_codes() -> tuple[str, ...]:
    """Every alpha-2 and alpha-3 code (for "did you mean" hints)."""
    return tuple(sorted({c.alpha_2 for c in pycountry.countries} | {c.alpha_3 for c in pycountry.countries}))
