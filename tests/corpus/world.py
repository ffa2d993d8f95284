"""The corpus's world: real organisations, funders, programs and places, and fictional people's names.

Benign organisations and funders are written here (well-known real universities, companies and
research funders with their countries); listed institutions, FCOC funders and talent programs are
read from the repo's starter lists (lists/*.yaml) so the corpus follows them. `known_names()` is
the whole naming universe (id -> every name and alias), which the extraction benchmark uses to tell
"the same organisation written differently" from "a different organisation with a similar name".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
LISTS = REPO / "lists"


@dataclass(frozen=True)
class Org:
    """An organisation: canonical name, other names as CVs write them, ISO2 country, city."""

    id: str
    name: str
    country: str
    city: str
    aliases: tuple[str, ...] = ()
    kind: str = "university"  # university | institute | company
    listed: bool = False


@dataclass(frozen=True)
class Funder:
    """A research funder and how its grant numbers look (a format with # for digits)."""

    id: str
    name: str
    country: str | None
    aliases: tuple[str, ...] = ()
    grant_formats: tuple[str, ...] = ("#######",)
    currency: str = "USD"
    fcoc: bool = False


@dataclass(frozen=True)
class Program:
    """A talent program from lists/talent_programs.yaml."""

    id: str
    name: str
    country: str
    aliases: tuple[str, ...] = field(default_factory=tuple)


def _o(id_: str, name: str, country: str, city: str, *aliases: str, kind: str = "university") -> Org:
    return Org(id_, name, country, city, tuple(aliases), kind)


BENIGN: tuple[Org, ...] = (
    _o("mit", "Massachusetts Institute of Technology", "US", "Cambridge, MA", "MIT"),
    _o("stanford", "Stanford University", "US", "Stanford, CA"),
    _o("ucb", "University of California, Berkeley", "US", "Berkeley, CA", "UC Berkeley"),
    _o("harvard", "Harvard University", "US", "Cambridge, MA"),
    _o("princeton", "Princeton University", "US", "Princeton, NJ"),
    _o("caltech", "California Institute of Technology", "US", "Pasadena, CA", "Caltech"),
    _o("umich", "University of Michigan", "US", "Ann Arbor, MI"),
    _o("uiuc", "University of Illinois Urbana-Champaign", "US", "Urbana, IL", "UIUC"),
    _o("gatech", "Georgia Institute of Technology", "US", "Atlanta, GA", "Georgia Tech"),
    _o("cmu", "Carnegie Mellon University", "US", "Pittsburgh, PA"),
    _o("utaustin", "University of Texas at Austin", "US", "Austin, TX", "UT Austin"),
    _o("columbia", "Columbia University", "US", "New York, NY"),
    _o("ibm", "IBM Research", "US", "Yorktown Heights, NY", kind="company"),
    _o("google", "Google Research", "US", "Mountain View, CA", kind="company"),
    _o("msr", "Microsoft Research", "US", "Redmond, WA", kind="company"),
    _o("toronto", "University of Toronto", "CA", "Toronto"),
    _o("mcgill", "McGill University", "CA", "Montreal"),
    _o("ubc", "University of British Columbia", "CA", "Vancouver", "UBC"),
    _o("waterloo", "University of Waterloo", "CA", "Waterloo"),
    _o("oxford", "University of Oxford", "GB", "Oxford"),
    _o("cambridge", "University of Cambridge", "GB", "Cambridge"),
    _o("imperial", "Imperial College London", "GB", "London"),
    _o("ucl", "University College London", "GB", "London", "UCL"),
    _o("edinburgh", "University of Edinburgh", "GB", "Edinburgh"),
    _o("manchester", "University of Manchester", "GB", "Manchester"),
    _o("eth", "ETH Zurich", "CH", "Zurich", "Swiss Federal Institute of Technology in Zurich", "ETH Zürich"),
    _o("epfl", "Ecole Polytechnique Federale de Lausanne", "CH", "Lausanne", "EPFL",
       "École Polytechnique Fédérale de Lausanne"),
    _o("tum", "Technical University of Munich", "DE", "Munich", "TUM", "Technische Universität München"),
    _o("heidelberg", "Heidelberg University", "DE", "Heidelberg", "Universität Heidelberg"),
    _o("hu-berlin", "Humboldt University of Berlin", "DE", "Berlin", "Humboldt-Universität zu Berlin"),
    _o("rwth", "RWTH Aachen University", "DE", "Aachen"),
    _o("kit", "Karlsruhe Institute of Technology", "DE", "Karlsruhe", "KIT"),
    _o("siemens", "Siemens AG", "DE", "Munich", kind="company"),
    _o("sorbonne", "Sorbonne University", "FR", "Paris", "Sorbonne Université"),
    _o("cnrs", "French National Centre for Scientific Research", "FR", "Paris", "CNRS", kind="institute"),
    _o("grenoble", "Université Grenoble Alpes", "FR", "Grenoble", "University of Grenoble Alpes"),
    _o("delft", "Delft University of Technology", "NL", "Delft", "TU Delft"),
    _o("uva", "University of Amsterdam", "NL", "Amsterdam"),
    _o("philips", "Philips Research", "NL", "Eindhoven", kind="company"),
    _o("leuven", "KU Leuven", "BE", "Leuven"),
    _o("karolinska", "Karolinska Institutet", "SE", "Stockholm", "Karolinska Institute"),
    _o("kth", "KTH Royal Institute of Technology", "SE", "Stockholm"),
    _o("copenhagen", "University of Copenhagen", "DK", "Copenhagen"),
    _o("helsinki", "University of Helsinki", "FI", "Helsinki"),
    _o("oslo", "University of Oslo", "NO", "Oslo"),
    _o("vienna", "University of Vienna", "AT", "Vienna"),
    _o("sapienza", "Sapienza University of Rome", "IT", "Rome"),
    _o("polimi", "Politecnico di Milano", "IT", "Milan"),
    _o("barcelona", "University of Barcelona", "ES", "Barcelona"),
    _o("tokyo", "University of Tokyo", "JP", "Tokyo", "The University of Tokyo"),
    _o("kyoto", "Kyoto University", "JP", "Kyoto"),
    _o("osaka", "Osaka University", "JP", "Osaka"),
    _o("riken", "RIKEN", "JP", "Wako", kind="institute"),
    _o("snu", "Seoul National University", "KR", "Seoul"),
    _o("kaist", "Korea Advanced Institute of Science and Technology", "KR", "Daejeon", "KAIST"),
    _o("nus", "National University of Singapore", "SG", "Singapore", "NUS"),
    _o("ntu", "Nanyang Technological University", "SG", "Singapore"),
    _o("melbourne", "University of Melbourne", "AU", "Melbourne"),
    _o("anu", "Australian National University", "AU", "Canberra", "ANU"),
    _o("sydney", "University of Sydney", "AU", "Sydney"),
    _o("auckland", "University of Auckland", "NZ", "Auckland"),
    _o("weizmann", "Weizmann Institute of Science", "IL", "Rehovot", kind="institute"),
    _o("technion", "Technion - Israel Institute of Technology", "IL", "Haifa", "Technion"),
    _o("iisc", "Indian Institute of Science", "IN", "Bengaluru", "IISc"),
    _o("iitb", "Indian Institute of Technology Bombay", "IN", "Mumbai", "IIT Bombay"),
    _o("usp", "University of Sao Paulo", "BR", "Sao Paulo", "Universidade de São Paulo"),
    _o("uct", "University of Cape Town", "ZA", "Cape Town"),
    _o("ntu-tw", "National Taiwan University", "TW", "Taipei"),
)

# Unlisted organisations in foreign countries of concern: a CV naming them is not "clean".
FCOC_BENIGN: tuple[Org, ...] = (
    _o("tsinghua", "Tsinghua University", "CN", "Beijing", "清华大学"),
    _o("pku", "Peking University", "CN", "Beijing", "北京大学"),
    _o("fudan", "Fudan University", "CN", "Shanghai", "复旦大学"),
    _o("zju", "Zhejiang University", "CN", "Hangzhou", "浙江大学"),
    _o("ustc", "University of Science and Technology of China", "CN", "Hefei", "USTC"),
    _o("nju", "Nanjing University", "CN", "Nanjing", "南京大学"),
    _o("sysu", "Sun Yat-sen University", "CN", "Guangzhou"),
    _o("whu", "Wuhan University", "CN", "Wuhan"),
    _o("hku", "University of Hong Kong", "HK", "Hong Kong", "HKU", "The University of Hong Kong"),
    _o("msu", "Lomonosov Moscow State University", "RU", "Moscow", "Moscow State University"),
    _o("spbu", "Saint Petersburg State University", "RU", "Saint Petersburg", "St. Petersburg State University"),
    _o("nsu", "Novosibirsk State University", "RU", "Novosibirsk"),
    _o("tehran", "University of Tehran", "IR", "Tehran"),
)

# Cities of the listed institutions the corpus uses (the lists give countries, not cities).
LISTED_CITIES: dict[str, str] = {
    "nudt": "Changsha", "hit": "Harbin", "heu": "Harbin", "buaa": "Beijing", "bit": "Beijing",
    "nwpu": "Xi'an", "nuaa": "Nanjing", "njust": "Nanjing", "uestc": "Chengdu", "scu": "Chengdu",
    "caep": "Mianyang", "tju": "Tianjin", "bupt": "Beijing", "bcsrc": "Beijing", "xjtu": "Xi'an",
    "xidian": "Xi'an", "sjtu": "Shanghai", "avic": "Beijing", "casc": "Beijing", "cetc": "Beijing",
    "huawei": "Shenzhen", "hikvision": "Hangzhou", "iflytek": "Hefei", "sensetime": "Hong Kong",
    "dji": "Shenzhen", "bgi": "Shenzhen", "skoltech": "Moscow", "mipt": "Dolgoprudny",
    "bmstu": "Moscow", "sharif": "Tehran", "amirkabir": "Tehran", "afeu": "Xi'an",
}
LISTED_COMPANIES = frozenset({"avic", "casc", "cetc", "huawei", "hikvision", "iflytek", "sensetime", "dji", "bgi"})

_F = Funder
BENIGN_FUNDERS: tuple[Funder, ...] = (
    _F("nsf", "National Science Foundation", "US", ("NSF", "U.S. National Science Foundation"),
       ("CHE-#######", "DMR-#######", "Award No. #######", "CCF-#######")),
    _F("nih", "National Institutes of Health", "US", ("NIH",), ("R01 GM######", "R21 CA######")),
    _F("doe", "U.S. Department of Energy", "US", ("DOE", "Department of Energy"), ("DE-SC00#####",)),
    _F("onr", "Office of Naval Research", "US", ("ONR",), ("N00014-##-1-####",)),
    _F("dfg", "Deutsche Forschungsgemeinschaft", "DE", ("DFG", "German Research Foundation"),
       ("project number #########", "SFB ####"), "EUR"),
    _F("jsps", "Japan Society for the Promotion of Science", "JP", ("JSPS", "JSPS KAKENHI"),
       ("JP##H0####", "KAKENHI JP##K#####"), "JPY"),
    _F("erc", "European Research Council", None, ("ERC",), ("grant agreement No. ######",), "EUR"),
    _F("nserc", "Natural Sciences and Engineering Research Council of Canada", "CA", ("NSERC",),
       ("RGPIN-20##-0####",), "CAD"),
    _F("epsrc", "Engineering and Physical Sciences Research Council", "GB", ("EPSRC",), ("EP/R0#####/1",), "GBP"),
    _F("arc", "Australian Research Council", "AU", ("ARC",), ("DP19010####",), "AUD"),
    _F("snsf", "Swiss National Science Foundation", "CH", ("SNSF",), ("200020_######",), "CHF"),
    _F("anr", "Agence Nationale de la Recherche", "FR", ("ANR", "French National Research Agency"),
       ("ANR-##-CE##-####",), "EUR"),
    _F("nwo", "Dutch Research Council", "NL", ("NWO",), ("VI.Vidi.###.###",), "EUR"),
    _F("nrf-kr", "National Research Foundation of Korea", "KR", ("NRF",), ("NRF-20##R1A2C#######",), "KRW"),
    _F("isf", "Israel Science Foundation", "IL", ("ISF",), ("####/##",), "ILS"),
)

# Grant-number formats and currencies of the FCOC funders (names come from lists/funders.yaml).
FCOC_FUNDER_FORMATS: dict[str, tuple[tuple[str, ...], str]] = {
    "nsfc": (("No. 6########", "No. 1########", "No. 5########"), "CNY"),
    "most-key-rd": (("No. 20##YFA0######", "No. 20##YFB1######"), "CNY"),
    "cas-spr": (("No. XDB########",), "CNY"),
    "provincial-nsf": (("No. 20##A15150#####",), "CNY"),
    "rsf": (("No. ##-##-#####",), "RUB"),
    "rfbr": (("No. ##-0#-00###",), "RUB"),
    "insf": (("No. 9#######",), "IRR"),
}

# Given names and surnames by naming tradition; fictional people are random combinations.
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "zh": (("Wei", "Jing", "Hao", "Lei", "Yan", "Xiaoming", "Qiang", "Min", "Jun", "Yu", "Tao", "Ying", "Peng"),
           ("Zhang", "Wang", "Li", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun", "Gao")),
    "ru": (("Alexei", "Dmitri", "Elena", "Olga", "Sergei", "Natalia", "Ivan", "Irina", "Mikhail", "Tatiana"),
           ("Ivanov", "Petrov", "Smirnov", "Kuznetsov", "Volkov", "Sokolov", "Morozov", "Orlov", "Lebedev")),
    "fa": (("Reza", "Ali", "Maryam", "Sara", "Mohammad", "Hossein", "Leila", "Amir", "Neda", "Parisa"),
           ("Hosseini", "Ahmadi", "Karimi", "Rezaei", "Moradi", "Jafari", "Rahimi", "Mousavi", "Kazemi")),
    "de": (("Lena", "Jonas", "Katrin", "Matthias", "Anja", "Tobias", "Sabine", "Felix"),
           ("Hartwig", "Brenner", "Vogel", "Keller", "Albrecht", "Lindner", "Sauer", "Weissmann")),
    "en": (("Emily", "Daniel", "Sarah", "Michael", "Rachel", "Thomas", "Laura", "James", "Hannah"),
           ("Whitfield", "Carver", "Pennington", "Ashworth", "Holloway", "Drummond", "Kessler", "Marsh")),
    "in": (("Priya", "Arjun", "Ananya", "Rahul", "Kavita", "Vikram", "Meera"),
           ("Raman", "Iyer", "Natarajan", "Kulkarni", "Deshpande", "Menon", "Bhattacharya")),
    "jp": (("Kenji", "Yuki", "Haruto", "Aiko", "Takeshi", "Naoko"), ("Nakamura", "Watanabe", "Kobayashi", "Yamada")),
    "kr": (("Min-jun", "Ji-woo", "Seo-yeon", "Hyun-woo"), ("Park", "Choi", "Jung", "Kang", "Yoon")),
    "eu": (("Camille", "Luca", "Giulia", "Marco", "Sofia", "Javier", "Ines"),
           ("Moreau", "Rossi", "Bianchi", "Garcia", "Ferrari", "Lefebvre", "Novak")),
}
# Where people of each tradition are citizens (first = most likely) and Chinese characters for names.
ORIGIN_COUNTRIES = {"zh": ("CN", "SG", "CA"), "ru": ("RU",), "fa": ("IR", "CA"), "de": ("DE", "AT", "CH"),
                    "en": ("US", "GB", "CA", "AU"), "in": ("IN", "US"), "jp": ("JP",), "kr": ("KR",),
                    "eu": ("FR", "IT", "ES")}
HANZI = {"Zhang": "张", "Wang": "王", "Li": "李", "Liu": "刘", "Chen": "陈", "Yang": "杨", "Huang": "黄",
         "Zhao": "赵", "Wu": "吴", "Zhou": "周", "Xu": "徐", "Sun": "孙", "Gao": "高", "Wei": "伟", "Jing": "静",
         "Hao": "浩", "Lei": "磊", "Yan": "燕", "Xiaoming": "小明", "Qiang": "强", "Min": "敏", "Jun": "军",
         "Yu": "宇", "Tao": "涛", "Ying": "英", "Peng": "鹏"}

# Country names as CVs write them (first = canonical), and demonyms for "Nationality:" lines.
COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("United States", "USA", "U.S.A."), "CA": ("Canada",), "GB": ("United Kingdom", "UK"),
    "CH": ("Switzerland",), "DE": ("Germany",), "FR": ("France",), "NL": ("Netherlands", "The Netherlands"),
    "BE": ("Belgium",), "SE": ("Sweden",), "DK": ("Denmark",), "FI": ("Finland",), "NO": ("Norway",),
    "AT": ("Austria",), "IT": ("Italy",), "ES": ("Spain",), "JP": ("Japan",),
    "KR": ("South Korea", "Korea", "Republic of Korea"), "SG": ("Singapore",), "AU": ("Australia",),
    "NZ": ("New Zealand",), "IL": ("Israel",), "IN": ("India",), "BR": ("Brazil",), "ZA": ("South Africa",),
    "TW": ("Taiwan",), "CN": ("China", "P.R. China", "PR China", "People's Republic of China"),
    "HK": ("Hong Kong", "Hong Kong SAR"), "RU": ("Russia", "Russian Federation"),
    "IR": ("Iran", "Islamic Republic of Iran"),
}
DEMONYMS = {"US": "American", "CA": "Canadian", "GB": "British", "DE": "German", "FR": "French",
            "CN": "Chinese", "RU": "Russian", "IR": "Iranian", "IN": "Indian", "JP": "Japanese",
            "KR": "South Korean", "IT": "Italian", "ES": "Spanish", "AU": "Australian", "AT": "Austrian",
            "CH": "Swiss", "SG": "Singaporean"}


@cache
def _yaml_entries(name: str) -> tuple[dict, ...]:
    return tuple(yaml.safe_load((LISTS / name).read_text(encoding="utf-8"))["entries"])


@cache
def listed_orgs() -> tuple[Org, ...]:
    """Listed institutions that have a city in LISTED_CITIES, from lists/institutions.yaml."""
    out = []
    for e in _yaml_entries("institutions.yaml"):
        if e["id"] in LISTED_CITIES:
            kind = "company" if e["id"] in LISTED_COMPANIES else "university"
            out.append(Org(e["id"], e["name"], e["country"], LISTED_CITIES[e["id"]],
                           tuple(e.get("aliases", ())), kind, listed=True))
    return tuple(out)


@cache
def fcoc_funders() -> tuple[Funder, ...]:
    """The FCOC funders of lists/funders.yaml that the corpus uses, with grant-number formats."""
    out = []
    for e in _yaml_entries("funders.yaml"):
        if e["id"] in FCOC_FUNDER_FORMATS:
            formats, currency = FCOC_FUNDER_FORMATS[e["id"]]
            out.append(Funder(e["id"], e["name"], e["country"], tuple(e.get("aliases", ())), formats, currency, True))
    return tuple(out)


@cache
def programs() -> tuple[Program, ...]:
    """Every talent program of lists/talent_programs.yaml."""
    return tuple(Program(e["id"], e["name"], e["country"], tuple(e.get("aliases", ())))
                 for e in _yaml_entries("talent_programs.yaml"))


@cache
def known_names() -> dict[str, tuple[str, ...]]:
    """Every organisation, funder and program of the lists and of this world: id -> names and aliases."""
    out: dict[str, tuple[str, ...]] = {}
    for org in (*BENIGN, *FCOC_BENIGN):
        out[f"org:{org.id}"] = (org.name, *org.aliases)
    for fund in BENIGN_FUNDERS:
        out[f"funder:{fund.id}"] = (fund.name, *fund.aliases)
    for file, prefix in (("institutions.yaml", "org"), ("funders.yaml", "funder"), ("talent_programs.yaml", "program")):
        for e in _yaml_entries(file):
            out[f"{prefix}:{e['id']}"] = (e["name"], *e.get("aliases", ()))
    return out


def all_orgs() -> tuple[Org, ...]:
    """Benign, FCOC-benign and listed organisations."""
    return (*BENIGN, *FCOC_BENIGN, *listed_orgs())
