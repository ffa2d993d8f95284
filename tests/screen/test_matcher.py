"""Matcher behaviour as a table of cases: what must match, what must not."""

from __future__ import annotations

from typing import TypedDict

import pytest
from screen_factory import entry

from intake.screen.matcher import Matcher
from intake.screen.normalise import org_tokens, person_tokens


class Case(TypedDict):
    query: str
    kind: str
    expect: str | None  # listed name expected as best match, None = no match


ENTRIES = [
    entry(1, "Harbin Institute of Technology", "HIT", "哈尔滨工业大学"),
    entry(2, "National University of Defense Technology", "NUDT"),
    entry(3, "Beihang University", "Beijing University of Aeronautics and Astronautics", "BUAA"),
    entry(4, "Sichuan University"),
    entry(5, "Tianjin University"),
    entry(6, "Huawei Technologies Co., Ltd."),
    entry(7, "China Academy of Engineering Physics"),
    entry(8, "Northwestern Polytechnical University"),
    entry(9, "OOO Fictional Radio Systems"),
    entry(10, "KOVALENKO, Ivan Petrovich", kind="person"),
    entry(11, "Skolkovo Institute of Science and Technology", "Сколковский институт науки и технологий"),
    entry(12, "Tsinghua University", "THU"),
    entry(13, "Red Sea Trading Corporation"),
    entry(14, "OOO KUST"),
    entry(15, "PJSC IL"),
    entry(16, "Naval Engineering Academy"),
    entry(17, "IVAN", kind="person"),
    entry(19, "Wuhan University of Technology"),
    entry(20, "Disease Control and Prevention Institute"),
    entry(21, "Pasteur Institute of Iran"),
    entry(22, "BASHIROV, Ayyub", kind="person"),
    entry(18, "KOVALENKO, Kovalenko Petrovich", kind="person"),
    # organisations as CVs retype long listed names (issue 12)
    entry(50, "China State Shipbuilding Corporation, Limited (CSSC) 7th Research Academy"),
    entry(51, "PUBLIC JOINT STOCK COMPANY KALINKA ORBITAL SYSTEMS"),
    entry(52, "ACM Research (Shanghai)"),
    entry(53, "Peking University"),
    entry(54, "Nanjing University of Science and Technology"),
    entry(55, "Fictional BlueChemical Limited"),
    entry(56, "Yerevan Telecommunications Research Institute (YETRI) Closed Joint Stock Company (CJSC)"),
    entry(57, "Academy of Military Medical Sciences, Institute of Medical Equipment"),
    # fictional people for the ways CVs write names (issue 12)
    entry(30, "AL-FAZARI, Tariq Hamdan", kind="person"),
    entry(31, "PETRENKO, Mikhail Olegovich", kind="person"),
    entry(32, "PAK, Song-Hwan", kind="person"),
    entry(33, "QIAO, Bin", kind="person"),
    entry(34, "LAMBERT, Oswin", kind="person"),
    entry(35, "HOLLOWAY, Brent", kind="person"),
    entry(36, "MARWICK MARWICK, Tobias", kind="person"),
    entry(37, "VAN DER STRAATEN, Joost", kind="person"),
    entry(38, "MIL, Orsolya", kind="person"),
    entry(39, "ZHANG, Dawei", kind="person"),
]

CASES: list[Case] = [
    {"query": "Harbin Institute of Technology", "kind": "org", "expect": "Harbin Institute of Technology"},
    {"query": "Beijing Institute of Technology", "kind": "org", "expect": None},
    {"query": "University of Michigan", "kind": "org", "expect": None},
    {"query": "School of Computing, National University of Defense Technology, Changsha, China", "kind": "org",
     "expect": "National University of Defense Technology"},
    {"query": "Dept. of Physics National University of Defense Technology Changsha", "kind": "org",
     "expect": "National University of Defense Technology"},
    {"query": "Harbni Institute of Technolgy", "kind": "org", "expect": "Harbin Institute of Technology"},
    {"query": "Technology Institute Harbin", "kind": "org", "expect": "Harbin Institute of Technology"},
    {"query": "HIT", "kind": "org", "expect": "Harbin Institute of Technology"},
    {"query": "BUAA", "kind": "org", "expect": "Beihang University"},
    {"query": "CAEP", "kind": "org", "expect": "China Academy of Engineering Physics"},  # derived from initials
    {"query": "Sichuan University of Science & Engineering", "kind": "org", "expect": None},
    {"query": "Tianjin University of Technology", "kind": "org", "expect": None},
    {"query": "School of Physics, Tianjin University of Technology, Tianjin", "kind": "org", "expect": None},
    {"query": "School of Physics, Tianjin University, Tianjin", "kind": "org", "expect": "Tianjin University"},
    {"query": "Sichuan University West China Hospital", "kind": "org", "expect": "Sichuan University"},
    {"query": "&quot;Sichuan University&quot;", "kind": "org", "expect": "Sichuan University"},
    # another kind of body with the same subject words
    {"query": "Wuhan Institute of Technology", "kind": "org", "expect": None},
    {"query": "Centers for Disease Control and Prevention", "kind": "org", "expect": None},
    {"query": "Wuhan Univeristy of Technology", "kind": "org", "expect": "Wuhan University of Technology"},
    # a country the listed name states and the text never mentions
    {"query": "Institut Pasteur, Paris", "kind": "org", "expect": None},
    {"query": "Virology Department, Pasteur Institute of Iran, Tehran", "kind": "org", "expect": "Pasteur Institute of Iran"},
    {"query": "Pastuer Institute of Iran", "kind": "org", "expect": "Pasteur Institute of Iran"},
    {"query": "West China Hospital, Sichuan University, Chengdu", "kind": "org", "expect": "Sichuan University"},
    {"query": "HUAWEI TECHNOLOGIES CO LTD", "kind": "org", "expect": "Huawei Technologies Co., Ltd."},
    {"query": "Fictional Radio Systems LLC", "kind": "org", "expect": "OOO Fictional Radio Systems"},
    {"query": "哈尔滨工业大学计算机学院", "kind": "org", "expect": "Harbin Institute of Technology"},
    {"query": "Northwestern University", "kind": "org", "expect": None},
    {"query": "Skolkovskiy institut nauki i tekhnologiy", "kind": "org",
     "expect": "Skolkovo Institute of Science and Technology"},
    # another body with the same place name, or a qualifier the listed name lacks
    {"query": "Red Sea University", "kind": "org", "expect": None},
    {"query": "Red Sea Trading Co", "kind": "org", "expect": "Red Sea Trading Corporation"},
    {"query": "National Tsinghua University", "kind": "org", "expect": None},
    {"query": "Turkish Naval Engineering Academy", "kind": "org", "expect": None},
    {"query": "School of Mechanics, Naval Engineering Academy", "kind": "org", "expect": "Naval Engineering Academy"},
    {"query": "Department of Physics, Tsinghua University, Beijing", "kind": "org", "expect": "Tsinghua University"},
    # an acronym that abbreviates the query's own name, or a two-letter state code, is not a listed name
    {"query": "Kohat University of Science and Technology (KUST)", "kind": "org", "expect": None},
    {"query": "Augustana College (IL)", "kind": "org", "expect": None},
    {"query": "KUST", "kind": "org", "expect": "OOO KUST"},
    {"query": "School of Computer Science, BUAA", "kind": "org", "expect": "Beihang University"},
    # long listed names as CVs retype them: another word order, a slip, a glued word, a retyped legal form
    {"query": "Dept. of Computer Science, State China Shipbuilding Corporation, Limited (CSSC) 7th Research Academy, "
              "Chengdu", "kind": "org", "expect": "China State Shipbuilding Corporation, Limited (CSSC) 7th Research Academy"},
    {"query": "State Key Laboratory of Robotics, Yerevan Telecommunications Research Institute (YETRI) Closed Joint "
              "Stock Company (CJSC), Tehran", "kind": "org",  # 'State' qualifies the laboratory, not the institute
     "expect": "Yerevan Telecommunications Research Institute (YETRI) Closed Joint Stock Company (CJSC)"},
    {"query": "Academy of Military Medical Sciences, Institute of Medicaal Equipment", "kind": "org",
     "expect": "Academy of Military Medical Sciences, Institute of Medical Equipment"},  # a repeated word retyped
    {"query": "Key Lab of Optoelectronics, ACMresearch (Shanghai), Moscow", "kind": "org", "expect": "ACM Research (Shanghai)"},
    {"query": "PULBIC JOINT STOCK COMPANY KALINKA ORBITAL SYSTEMS", "kind": "org",
     "expect": "PUBLIC JOINT STOCK COMPANY KALINKA ORBITAL SYSTEMS"},
    {"query": "Kalinka Orbital Systmes", "kind": "org", "expect": "PUBLIC JOINT STOCK COMPANY KALINKA ORBITAL SYSTEMS"},
    {"query": "Fictional BlueChemical Lmt", "kind": "org", "expect": "Fictional BlueChemical Limited"},
    {"query": "Nanjing Universiy of Science and Technology", "kind": "org", "expect": "Nanjing University of Science and Technology"},
    {"query": "School of Physics, Peking Univ.", "kind": "org", "expect": "Peking University"},
    {"query": "Ivan Kovalenko", "kind": "person", "expect": "KOVALENKO, Ivan Petrovich"},
    # initials agreeing with every given name, with a surname rare in the lists: CVs write names so
    {"query": "I. P. Kovalenko", "kind": "person", "expect": "KOVALENKO, Ivan Petrovich"},
    {"query": "O. P. Kovalenko", "kind": "person", "expect": None},  # an initial that disagrees
    {"query": "Olena Kovalenko", "kind": "person", "expect": None},
    {"query": "Kovalenko", "kind": "person", "expect": None},
    {"query": "Ivan Smith", "kind": "person", "expect": None},  # the one-word alias 'IVAN' is not a name
    {"query": "Olena Olena", "kind": "person", "expect": None},
    {"query": "Petro Kovalenko", "kind": "person", "expect": None},  # one 'Kovalenko' cannot stand for two
    {"query": "Ayub Bashirov", "kind": "person", "expect": "BASHIROV, Ayyub"},  # a short name spelt two ways
    {"query": "Ayla Bashirov", "kind": "person", "expect": None},
    # particles people drop or join ('al-', 'van der'), never evidence on their own
    {"query": "Tariq Hamdan Fazari", "kind": "person", "expect": "AL-FAZARI, Tariq Hamdan"},
    {"query": "Tariq Alfazari", "kind": "person", "expect": "AL-FAZARI, Tariq Hamdan"},
    {"query": "Joost Straaten", "kind": "person", "expect": "VAN DER STRAATEN, Joost"},
    {"query": "Van Holloway", "kind": "person", "expect": None},  # 'Van' is a given name here, not Brent
    # transliteration (Mikhail/Michael), initials in either place, surname first
    {"query": "Michael Petrenko", "kind": "person", "expect": "PETRENKO, Mikhail Olegovich"},
    {"query": "M. O. Petrenko", "kind": "person", "expect": "PETRENKO, Mikhail Olegovich"},
    {"query": "Petrenko M.O.", "kind": "person", "expect": "PETRENKO, Mikhail Olegovich"},
    {"query": "Petrenko, Mikhail", "kind": "person", "expect": "PETRENKO, Mikhail Olegovich"},
    # an initial stands for a given name, never for the surname
    {"query": "Oswin L. Harrowgate", "kind": "person", "expect": None},
    # Korean / Chinese given names joined, split or spaced otherwise
    {"query": "Pak Songhwan", "kind": "person", "expect": "PAK, Song-Hwan"},
    {"query": "Pak Songh-Wan", "kind": "person", "expect": "PAK, Song-Hwan"},
    {"query": "Bin Qiao", "kind": "person", "expect": "QIAO, Bin"},  # 'Bin' both sides write agrees
    # a repeated surname, one copy retyped
    {"query": "Tobias Marwickk Marwick", "kind": "person", "expect": "MARWICK MARWICK, Tobias"},
    # a name word is not an organisation abbreviation ('Mil' is not 'military')
    {"query": "Orsolya Mil", "kind": "person", "expect": "MIL, Orsolya"},
    # a name in another script: Han as pinyin syllables, Cyrillic transliterated
    {"query": "张大伟", "kind": "person", "expect": "ZHANG, Dawei"},
    {"query": "Михаил Петренко", "kind": "person", "expect": "PETRENKO, Mikhail Olegovich"},
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(ENTRIES)


@pytest.mark.parametrize("case", CASES, ids=[c["query"] for c in CASES])
def test_match_cases(matcher: Matcher, case: Case) -> None:
    found = matcher.match(case["query"], case["kind"])  # the fitted default threshold
    best = found[0].entry.name if found else None
    assert best == case["expect"], [(m.entry.name, m.score, m.why) for m in found]


def test_match_explains_itself(matcher: Matcher) -> None:
    (match,) = matcher.match("Harbni Institute of Technology")
    assert match.matched_name == "Harbin Institute of Technology"
    assert "harbni~harbin" in match.why and "score" in match.why
    assert match.query_normalised == "harbni institute technology"


def test_alias_is_named(matcher: Matcher) -> None:
    (match,) = matcher.match("Beijing University of Aeronautics & Astronautics")
    assert match.entry.name == "Beihang University"
    assert match.why.startswith("alias 'Beijing University of Aeronautics and Astronautics'")


def test_normalisation_drops_legal_forms_and_transliterates() -> None:
    assert org_tokens("OOO «Радио-Системы» Co., Ltd.") == ["radio", "sistemy"]
    # plurals fold to one word ('Instruments'/'Instrument', 'Sciences'/'Science') on both sides
    assert org_tokens("Zürich Instruments GmbH") == ["zurich", "instrument"]
    assert org_tokens("Siemens Aktiengesellschaft") == org_tokens("Siemens AG") == ["siemens"]
    assert org_tokens("Fictional Werke Gesellschaft mit beschränkter Haftung") == ["fictional", "werke"]
    assert person_tokens("Dr. Jean-Pierre DUPONT") == ["jean", "pierre", "dupont"]
    # a closing legal form retyped ('LD', 'OO', 'JCS') or a legal phrase with a slip is still the legal form
    assert org_tokens("Fictional Stars LD") == ["fictional", "stars"]
    assert org_tokens("Tureya OO") == org_tokens("TUREYA OOO") == ["tureya"]
    assert org_tokens("Fictional Aviation JCS") == ["fictional", "aviation"]
    assert org_tokens("PULBIC JOINT STOCK COMPANY Fictional") == ["fictional"]
    # the words of a name stay when they are not a legal form
    assert org_tokens("Open Source Systems") == ["open", "source", "system"]


def test_slips_are_measured_on_the_written_spelling(matcher: Matcher) -> None:
    """'Peking' folds to 'beijing': 'Peing' is one slip from the listed spelling, not four."""
    (match,) = matcher.match("Peing University", threshold=1)
    assert match.entry.name == "Peking University"
    assert "peing~beijing" in match.why


def test_empty_and_punctuation_queries(matcher: Matcher) -> None:
    assert matcher.match("") == []
    assert matcher.match(" ,;() ") == []


def test_a_lowered_score_says_why(matcher: Matcher) -> None:
    (match,) = matcher.match("Wuhan Institute of Technology", threshold=1)
    assert match.entry.name == "Wuhan University of Technology"
    assert "conflict: a institute, the listed name a university" in match.why
    assert match.score < matcher.match("Wuhan University of Technology")[0].score


def test_a_person_match_explains_initials_particles_and_spacing(matcher: Matcher) -> None:
    (match,) = matcher.match("M. O. Petrenko", "person")
    assert "m.~mihail" in match.why and "o.~olegovich" in match.why  # which given name each initial met
    (match,) = matcher.match("Pak Songh-Wan", "person")
    assert "respaced words" in match.why
    # a disagreeing initial is said, and lowers the score below the agreeing one's
    low = [m for m in matcher.match("O. P. Kovalenko", "person", threshold=0) if m.entry.entry_id == "10"]
    assert low and "conflict: initial 'o.' where the listed name has 'ivan'" in low[0].why
    assert low[0].score < matcher.match("I. P. Kovalenko", "person")[0].score


SHORT_WORD_ENTRIES = [
    entry(1, "FIVE ENERGY OIL TRADING"),
    entry(2, "OOO TORGOVY DOM ASBEST"),
    entry(3, "ZHAO WEI TCO"),
    entry(4, "Caspian Marine Services"),
    entry(5, "Harbin Institute of Technology"),
    entry(6, "Northern Star Petroleum Company"),
]


@pytest.fixture(scope="module")
def short_words() -> Matcher:
    return Matcher(SHORT_WORD_ENTRIES)


@pytest.mark.parametrize(("query", "listed"), [
    ("FIVE ENERGY OL TRADING", "FIVE ENERGY OIL TRADING"),  # a letter dropped from a 3-letter word
    ("OOO TORGOVY DM ASBEST", "OOO TORGOVY DOM ASBEST"),
    ("ZHAO WEI TO", "ZHAO WEI TCO"),
])
def test_a_retyped_short_word_is_a_typo_when_the_other_words_agree(short_words: Matcher, query: str,
                                                                    listed: str) -> None:
    found = short_words.match(query, "org")
    assert found and found[0].entry.name == listed, [(m.entry.name, m.score) for m in found]
    assert "fuzzy:" in found[0].why


@pytest.mark.parametrize("query", [
    "FIVE ENERGY GAS TRADING",  # another short word, not one edit of the listed one
    "FIVE STAR ENERGY TRADING",
    "OOO TORGOVY DOM",  # the rare word missing
    "ZHAO WEI",
])
def test_a_different_short_word_is_not_a_typo(short_words: Matcher, query: str) -> None:
    assert short_words.match(query, "org") == []


SLIP_ENTRIES = [
    entry(1, "Hunan University"),
    entry(2, "Hefei University of Technology"),
    entry(3, "Fictional Avcom Group"),
    entry(4, "Harbin Institute of Technology"),
    entry(5, "Fictional Petrochem South East Ltd"),
]


@pytest.fixture(scope="module")
def slips() -> Matcher:
    return Matcher(SLIP_ENTRIES)


def _crowded() -> Matcher:
    """Hunan University among many universities and Hunan companies: its words are common in the lists,
    as in the real ones, so a slip in them is weighed by the model, not carried by a rare word."""
    syllables = ["ba", "ko", "ri", "an", "zhe", "lin", "vo", "su", "ta", "mir"]
    words = [a + b + c for a in syllables for b in syllables for c in syllables]
    entries = [entry(1, "Hunan University"), entry(2, "Fictional Petrochem South East Ltd")]
    entries += [entry(10 + i, f"{w.title()} University") for i, w in enumerate(words[:300])]
    entries += [entry(400 + i, f"Hunan {w.title()} Trading") for i, w in enumerate(words[300:340])]
    return Matcher(entries)


@pytest.mark.parametrize("query", [
    "Hnan University",  # a letter dropped from the only distinctive word
    "Hunab University",  # a neighbouring key struck
    "Huann University",  # two letters swapped
])
def test_a_keystroke_slip_keeps_most_of_the_score(query: str) -> None:
    crowded = _crowded()
    (exact,) = crowded.match("Hunan University", "org", 0, 1)
    slip = [m.score for m in crowded.match(query, "org", 0) if m.entry.name == "Hunan University"]
    assert slip and slip[0] >= 0.5 * exact.score, (slip, exact.score)


@pytest.mark.parametrize(("odd", "near", "listed"), [
    ("Hebei University of Technology", "Hedei University of Technology", "Hefei University of Technology"),
    ("Fictional Amcom Group", "Fictional Abcom Group", "Fictional Avcom Group"),
])
def test_a_letter_far_from_the_listed_one_weighs_less_than_a_slip(slips: Matcher, odd: str, near: str,
                                                                  listed: str) -> None:
    """One edit either way, but a letter far on the keyboard from the one it replaces ('b' for 'f') is as
    often another name ('Hebei'): it scores below a neighbouring key struck ('d' for 'f')."""
    far = [m.score for m in slips.match(odd, "org", 0) if m.entry.name == listed]
    slip = [m.score for m in slips.match(near, "org", 0) if m.entry.name == listed]
    assert far and slip and far[0] < slip[0]


def test_a_slip_is_told_from_another_letter() -> None:
    from intake.screen.slips import odd_substitution
    assert odd_substitution("hebei", "hefei")  # b and f lie apart
    assert odd_substitution("amcom", "avcom")
    assert not odd_substitution("bti", "bgi")  # t beside g
    assert not odd_substitution("instatute", "institute")  # a vowel for a vowel
    assert not odd_substitution("sepcial", "special")  # swapped, not replaced
    assert not odd_substitution("easst", "east")  # doubled
    assert not odd_substitution("hunan", "hunan")


def test_a_listed_word_written_exactly_is_found_beside_a_commoner_one_slip_away() -> None:
    """'ZORVALEX' weighs like the commoner 'ZORVALEN' one slip from it, yet earns its own listed weight:
    the candidate window must not drop the one-word listed name it spells exactly."""
    syllables = ["ba", "ko", "ri", "an", "zhe", "lin", "vo", "su"]
    entries = [entry(1, "ZORVALEX")]
    entries += [entry(10 + i, f"ZORVALEN {a}{b}{c} Trading") for i, (a, b, c) in
                enumerate((a, b, c) for a in syllables for b in syllables for c in syllables[:2])]
    found = Matcher(entries).match("ZORVALEX", "org")
    assert found and found[0].entry.name == "ZORVALEX"


def test_a_connector_retyped_as_an_article_is_no_name_word(matcher: Matcher) -> None:
    """'AD' (a slip of 'AND') is joined to the next word as an Arabic article would be ('adproduction'):
    the words are also read apart, so the listed name is found."""
    listed = "JSC Fictional Scientific and Production Association Kalmarov"
    found = Matcher([entry(1, listed), *ENTRIES]).match("JSC Fictional Scientific ad Production Association Kalmarov")
    assert found and found[0].entry.name == listed


@pytest.mark.parametrize(("listed", "query"), [
    ("KELVARA PAPER MILL", "KELVARA PAPER MIL"),  # 'MIL' is also read 'military'
    ("AGROINDUSTRIAS OSTRAVIA CIMA S.A.S.", "AGROINDUSTRIAS OSTRAVIA CIA S.A.S."),  # 'CIA' is also a legal form
])
def test_an_abbreviation_or_legal_form_may_be_a_listed_word_retyped(listed: str, query: str) -> None:
    """A written word the tokeniser expands or drops competes, as written, with the listed word one slip
    from it when the other words agree."""
    found = Matcher([entry(1, listed), *ENTRIES]).match(query)
    assert found and found[0].entry.name == listed, [(m.entry.name, m.why) for m in found]
    # the abbreviation itself still reads as before: no listed word one slip from it, no other reading
    assert not Matcher([entry(1, "KELVARA PAPER MILL"), *ENTRIES]).match("Kelvara Military Academy")


@pytest.mark.parametrize("query", ["MOUKHTAR AL PRODUCTS CO. SARL", "MOUKHTAR PRODUCTS CO. SARL"])
def test_an_arabic_article_moved_or_dropped(query: str) -> None:
    """'AL MOUKHTAR' written with its article after the word (joined to the next one) or without it."""
    listed = "AL MOUKHTAR PRODUCTS CO. SARL"
    found = Matcher([entry(1, listed), *ENTRIES]).match(query)
    assert found and found[0].entry.name == listed, [(m.entry.name, m.why) for m in found]


def test_a_slipped_connector_inside_a_long_affiliation_line() -> None:
    """A listed name spanning a ' - ' found whole in a CV line although its 'and' is retyped 'ad'."""
    listed = "China Aerospace Science and Industry Corporation Second Academy. Subordinate Institution - 207th Research Institute"
    line = ("State Key Laboratory of Robotics, China Aerospace Science ad Industry Corporation Second Academy. "
            "Subordinate Institution - 207th Research Institute, Shanghai 200240, China")
    found = Matcher([entry(1, listed), *ENTRIES]).match(line)
    assert found and found[0].entry.name == listed, [(m.entry.name, m.why) for m in found]


def test_a_han_name_is_matched_whole_or_not_at_all() -> None:
    """Characters written together are one name: '碧珠 陳' (Chen Bizhu) is not 'CHEN, Zhu', whose given
    name spells only one of the two characters; it is 'CHEN, Bizhu'."""
    people = [entry(1, "CHEN, Zhu", kind="person"), entry(2, "CHEN, Bizhu", kind="person"), *ENTRIES]
    best, other = Matcher(people).match("碧珠 陳", "person", threshold=0)[:2]
    assert best.entry.name == "CHEN, Bizhu" and "only part" not in best.why
    assert other.entry.name == "CHEN, Zhu" and "only part of the Han name" in other.why


def test_a_name_written_exactly_as_listed_always_matches() -> None:
    # generic words, a common name, an acronym alias: the model alone scores them low or not at all,
    # among many names that share their words
    crowd = [entry(100 + i, f"LIMITED LIABILITY COMPANY {w} SERVICE") for i, w in enumerate(
        ["ALFA", "BETA", "GAMMA", "DELTA", "OMEGA", "SIGMA", "TECH", "TRADE"])]
    crowd += [entry(200 + i, f"AHMAD, {g}", kind="person") for i, g in enumerate(["Karim", "Yusuf", "Samir", "Tariq"])]
    listed = [entry(300, "LIMITED LIABILITY COMPANY LAB SERVICE"), entry(301, "AHMAD, Hasan", kind="person"),
              entry(302, "Semiconductor Manufacturing International Corporation", "SMIC")]
    matcher = Matcher(crowd + listed)
    assert matcher.match("Limited Liability Company Lab Service", "org")[0].entry.entry_id == "300"
    assert matcher.match("Hasan Ahmad", "person")[0].entry.entry_id == "301"  # a person's words in any order
    assert any(m.entry.entry_id == "302" for m in matcher.match("Process Engineer, SMIC, Shanghai", "org"))


def test_too_little_is_never_an_exact_name() -> None:
    from intake.screen.exact import exact_key

    assert exact_key("AHMAD, Hasan", "person") == exact_key("hasan ahmad", "person")
    assert exact_key("QUISPE, Ana-Lucía", "person") == exact_key("Ana-Lucia Quispe", "person")  # accents aside
    assert exact_key("OSCAR", "person") is None  # one word: a first name, a nickname
    assert exact_key("SMIC", "org") == "smic" and exact_key("smic", "org") is None  # an acronym written as one
    assert exact_key("SM", "org") is None
    assert exact_key("华为", "org") == "华为"  # a script without spaces
    assert exact_key("Capital S.A.L.", "org") == exact_key("CAPITAL S.A.L", "org")
