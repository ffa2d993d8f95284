"""Country names in free text -> ISO 3166-1 alpha-2 codes.

pycountry gives every country's ISO, common and official names; the table below adds the short forms
CVs and bibliographic databases write ("USA", "Peoples R China", "South Korea", "Russia") and the big
cities and provinces that stand for a country in an address line ("Changsha, Hunan"). The screening
stage keeps its own, configurable country tags; this module only turns text into codes.
"""

from __future__ import annotations

import re
from functools import cache

import pycountry

# Written forms that pycountry does not carry. Keys are matched case-insensitively on word boundaries.
_EXTRA_NAMES: dict[str, str] = {
    "us": "US", "usa": "US", "u.s.a.": "US", "u.s.": "US", "united states of america": "US", "america": "US",
    "uk": "GB", "u.k.": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "great britain": "GB",
    "britain": "GB", "northern ireland": "GB",
    "prc": "CN", "p.r. china": "CN", "p. r. china": "CN", "pr china": "CN", "peoples r china": "CN",
    "people's republic of china": "CN", "peoples republic of china": "CN", "mainland china": "CN",
    "中国": "CN", "中华人民共和国": "CN",
    "hong kong sar": "HK", "hksar": "HK", "macao": "MO", "macau": "MO", "macau sar": "MO", "taipa": "MO",
    "russia": "RU", "russian federation": "RU", "iran": "IR", "islamic republic of iran": "IR",
    "north korea": "KP", "dprk": "KP", "south korea": "KR", "republic of korea": "KR", "korea": "KR",
    "taiwan": "TW", "republic of china (taiwan)": "TW", "vietnam": "VN", "viet nam": "VN",
    "syria": "SY", "turkey": "TR", "türkiye": "TR", "czech republic": "CZ", "czechia": "CZ",
    "the netherlands": "NL", "holland": "NL", "venezuela": "VE", "bolivia": "BO", "tanzania": "TZ",
    "laos": "LA", "moldova": "MD", "palestine": "PS", "brunei": "BN", "cape verde": "CV",
    "ivory coast": "CI", "macedonia": "MK", "north macedonia": "MK", "burma": "MM", "uae": "AE",
    "u.a.e.": "AE", "kosovo": "XK", "crimea": "UA",
    # short forms in other languages that pycountry's translations give only in their long form
    "russie": "RU", "rusia": "RU", "rússia": "RU", "russland": "RU", "россия": "RU", "etats-unis": "US",
    "eeuu": "US", "ee. uu.": "US", "eua": "US", "usa": "US", "irán": "IR", "irã": "IR", "corée du sud": "KR",
    "corea del sur": "KR", "coreia do sul": "KR", "südkorea": "KR", "corée du nord": "KP", "corea del norte": "KP",
    "nordkorea": "KP", "taïwan": "TW", "taiwán": "TW", "syrie": "SY", "siria": "SY", "syrien": "SY",
    "chine populaire": "CN", "volksrepublik china": "CN", "république populaire de chine": "CN",
}

# Cities and provinces that identify their country in address lines (the places CVs name most).
_PLACES: dict[str, tuple[str, ...]] = {
    "CN": ("Beijing", "Shanghai", "Tianjin", "Chongqing", "Guangzhou", "Shenzhen", "Wuhan", "Nanjing",
           "Hangzhou", "Chengdu", "Xi'an", "Xian", "Harbin", "Changsha", "Hefei", "Jinan", "Qingdao",
           "Dalian", "Shenyang", "Changchun", "Zhengzhou", "Kunming", "Xiamen", "Suzhou", "Mianyang",
           "Guangdong", "Jiangsu", "Zhejiang", "Shandong", "Sichuan", "Hubei", "Hunan", "Henan", "Hebei",
           "Shaanxi", "Shanxi", "Heilongjiang", "Jilin", "Liaoning", "Anhui", "Fujian", "Jiangxi",
           "Yunnan", "Guizhou", "Guangxi", "Hainan", "Gansu", "Xinjiang", "Lanzhou", "Taiyuan", "Hunan"),
    "RU": ("Moscow", "Saint Petersburg", "St. Petersburg", "Novosibirsk", "Yekaterinburg", "Kazan",
           "Tomsk", "Skolkovo", "Dolgoprudny", "Sarov", "Snezhinsk", "Nizhny Novgorod"),
    "IR": ("Tehran", "Isfahan", "Esfahan", "Shiraz", "Tabriz", "Mashhad"),
    "KP": ("Pyongyang",),
    "HK": ("Kowloon",),
    "TW": ("Taipei", "Hsinchu", "Tainan"),
    "KR": ("Seoul", "Daejeon", "Pohang", "Busan"),
    "JP": ("Tokyo", "Kyoto", "Osaka", "Sendai", "Nagoya", "Tsukuba"),
    "DE": ("Berlin", "Munich", "München", "Heidelberg", "Aachen", "Hamburg", "Stuttgart", "Karlsruhe"),
    "FR": ("Paris", "Lyon", "Grenoble", "Toulouse", "Marseille"),
    "GB": ("London", "Oxford", "Cambridge, UK", "Edinburgh", "Manchester", "Glasgow", "Bristol"),
    "CH": ("Zurich", "Zürich", "Geneva", "Lausanne", "Basel"),
    "CA": ("Toronto", "Montreal", "Montréal", "Vancouver", "Ottawa", "Waterloo, ON", "Ontario", "Quebec", "Québec",
           "British Columbia", "Alberta", "Nova Scotia", "Manitoba", "Saskatchewan"),
    "AU": ("Sydney", "Melbourne", "Canberra", "Brisbane", "Queensland", "New South Wales", "Tasmania"),
    "SG": ("Singapore",),
    "IL": ("Tel Aviv", "Jerusalem", "Haifa", "Rehovot"),
    "IN": ("Bangalore", "Bengaluru", "Mumbai", "New Delhi", "Chennai", "Kanpur"),
    "IT": ("Rome", "Milan", "Turin", "Pisa"),
    "NL": ("Amsterdam", "Delft", "Eindhoven", "Utrecht", "Leiden"),
    "SE": ("Stockholm", "Lund", "Uppsala", "Gothenburg"),
    "ES": ("Madrid", "Barcelona"),
    "BY": ("Minsk",),
    "CU": ("Havana",),
    "SY": ("Damascus",),
}

# Adjectives of nationality ('Chinese / Canadian' citizenship, 'Chinese Academy of Sciences').
_DEMONYMS = {
    "american": "US", "chinese": "CN", "canadian": "CA", "british": "GB", "german": "DE", "french": "FR",
    "russian": "RU", "iranian": "IR", "indian": "IN", "japanese": "JP", "korean": "KR", "italian": "IT",
    "spanish": "ES", "dutch": "NL", "swiss": "CH", "swedish": "SE", "australian": "AU", "brazilian": "BR",
    "mexican": "MX", "israeli": "IL", "turkish": "TR", "polish": "PL", "greek": "GR", "cuban": "CU",
    "syrian": "SY", "belarusian": "BY", "ukrainian": "UA", "pakistani": "PK", "singaporean": "SG",
    "taiwanese": "TW", "vietnamese": "VN", "egyptian": "EG", "nigerian": "NG", "north korean": "KP",
    "south korean": "KR", "irish": "IE", "portuguese": "PT", "austrian": "AT", "belgian": "BE",
    "czech": "CZ", "slovak": "SK", "hungarian": "HU", "romanian": "RO", "bulgarian": "BG", "serbian": "RS",
    "croatian": "HR", "slovenian": "SI", "danish": "DK", "norwegian": "NO", "finnish": "FI", "estonian": "EE",
    "latvian": "LV", "lithuanian": "LT", "kazakh": "KZ", "kazakhstani": "KZ", "uzbek": "UZ", "georgian": "GE",
    "armenian": "AM", "azerbaijani": "AZ", "iraqi": "IQ", "lebanese": "LB", "jordanian": "JO", "saudi": "SA",
    "emirati": "AE", "qatari": "QA", "afghan": "AF", "bangladeshi": "BD", "sri lankan": "LK", "nepali": "NP",
    "nepalese": "NP", "thai": "TH", "malaysian": "MY", "indonesian": "ID", "filipino": "PH", "argentine": "AR",
    "argentinian": "AR", "chilean": "CL", "colombian": "CO", "peruvian": "PE", "venezuelan": "VE",
    "south african": "ZA", "kenyan": "KE", "ethiopian": "ET", "ghanaian": "GH", "moroccan": "MA",
    "tunisian": "TN", "algerian": "DZ", "new zealander": "NZ", "icelandic": "IS", "luxembourgish": "LU",
    "macanese": "MO", "hongkonger": "HK", "hong konger": "HK", "myanmar": "MM", "burmese": "MM",
    "cambodian": "KH", "mongolian": "MN", "libyan": "LY", "sudanese": "SD", "yemeni": "YE", "omani": "OM",
    "kuwaiti": "KW", "bahraini": "BH", "moldovan": "MD", "tajik": "TJ", "kyrgyz": "KG", "turkmen": "TM",
}

# Research-meeting venues and national laboratories' towns that are below the city gazetteer's 15,000
# people (intake/places.py) or share their name with a larger town abroad ('Los Alamos', Chile).
_VENUES: dict[str, tuple[str, ...]] = {
    "DE": ("Oberwolfach", "Dagstuhl", "Schloss Dagstuhl", "Ringberg", "Kloster Seeon", "Bad Honnef"),
    "FR": ("Les Houches", "Cargèse", "Cargese", "Saclay", "Luminy"),
    "CH": ("Villigen", "Arosa", "Davos", "Ascona", "Monte Verità", "Les Diablerets"),
    "IT": ("Erice", "Lake Como"),
    "ES": ("Benasque",),
    "GB": ("Hinxton", "Harwell", "Daresbury", "Chilbolton"),
    "GR": ("Heraklion",),
    "IL": ("Sde Boker",),
    "CA": ("Banff",),
    "US": ("Aspen", "Telluride", "Woods Hole", "Cold Spring Harbor", "Argonne", "Los Alamos", "Upton",
           "Yorktown Heights", "Murray Hill", "Santa Fe, NM", "Snowmass"),
}

# Abbreviations are only countries when written in capitals ("US", not "us").
_CASE_SENSITIVE = {"US", "UK", "PRC", "USA", "UAE", "DPRK"}


@cache
def _names() -> dict[str, str]:
    """Folded name -> code for every known written form."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.setdefault(value.casefold(), country.alpha_2)
    names.update(_EXTRA_NAMES)
    for name, code in _translated_names().items():
        names.setdefault(name, code)
    for table in (_PLACES, _VENUES):
        for code, places in table.items():
            for place in places:
                names.setdefault(place.casefold(), code)
    return names


# Languages whose country names CVs of international visitors write ('Chine', 'Alemania', 'Deutschland')
_LANGUAGES = ("fr", "es", "de", "pt", "it", "ru")
# translations that are also given names or ordinary words in a CV ('Maurice' is Mauritius in French)
_NOT_COUNTRIES = frozenset({"maurice", "malte", "chad"})


def _translated_names() -> dict[str, str]:
    """Folded country name -> code in _LANGUAGES, from pycountry's ISO 3166 translations; names of five
    letters or more only (short ones are words: 'Inde', 'Cina' stay out)."""
    import gettext

    out: dict[str, str] = {}
    for language in _LANGUAGES:
        try:
            translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]).gettext
        except OSError:  # a pycountry build without its locales: English names only
            continue
        for country in pycountry.countries:
            for attr in ("name", "common_name"):
                value = getattr(country, attr, None)
                written = translate(value) if value else ""
                folded = written.casefold()
                if written and written != value and len(folded) >= 5 and "," not in folded \
                        and folded not in _NOT_COUNTRIES:
                    out.setdefault(folded, country.alpha_2)
    return out


@cache
def _pattern() -> re.Pattern[str]:
    """One alternation of all names, longest first, on word boundaries."""
    forms = sorted((n for n in _names() if n.upper() not in _CASE_SENSITIVE), key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in forms)
    acronyms = "|".join(sorted(_CASE_SENSITIVE, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:(?i:{alternatives})|(?-i:(?:{acronyms})))(?![\w])")


def country_code(text: str | None) -> str | None:
    """The code of a country named by the whole text ("Peoples R China", "U.S.A.", "Germany")."""
    if not text:
        return None
    spaced = " ".join(text.split()).strip(",;")
    if spaced.casefold() in _names() and spaced.upper() not in _CASE_SENSITIVE:
        return _names()[spaced.casefold()]  # "U.S.A." keeps its dots
    folded = spaced.strip(".")
    if "." in folded and (folded + ".").casefold() in _names():  # 'U.S.A' (a segment's last dot cut off)
        return _names()[(folded + ".").casefold()]
    if folded.upper() in _CASE_SENSITIVE:
        return _names().get(folded.casefold()) if folded.isupper() else None
    if len(folded) == 2 and folded.isupper() and pycountry.countries.get(alpha_2=folded):
        return folded
    return _names().get(folded.casefold())


def countries_in(text: str) -> list[tuple[str, int, int]]:
    """(code, start, end) of each country or identifying place named in the text, in order."""
    found = []
    for match in _pattern().finditer(text):
        code = _names().get(match.group(0).casefold())
        if code:
            found.append((code, match.start(), match.end()))
    return found


def last_country(text: str) -> str | None:
    """The country an address-like text ends in (addresses run from small to large)."""
    found = countries_in(text)
    if not found:
        return None
    codes = [code for code, _, _ in found]
    # "Kowloon, Hong Kong, Peoples R China": the special administrative region is the precise answer
    if codes[-1] == "CN" and any(c in {"HK", "MO"} for c in codes[:-1]):
        return next(c for c in reversed(codes) if c in {"HK", "MO"})
    return codes[-1]


def demonym(text: str) -> str | None:
    """The country an adjective of nationality names ('Chinese' -> CN, 'South Korean' -> KR)."""
    return _DEMONYMS.get(text.strip().lower())
