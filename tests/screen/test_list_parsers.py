"""Parsers on the real list files (read by path from ../shared/data) and on hostile files."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from intake.errors import ListFormatError
from intake.screen.lists import build_reference, load_reference
from intake.screen.parsers import PARSERS, get_parser, guess_format, parse_file

LISTS = Path(__file__).resolve().parents[3] / "shared" / "data" / "lists"
NOW = datetime(2026, 11, 25, tzinfo=UTC)
need_data = pytest.mark.skipif(not LISTS.exists(), reason="shared list files not available")


@need_data
@pytest.mark.parametrize(
    ("path", "fmt", "count"),
    [
        ("csl-sample/csl.csv", "csl_csv", 115),
        ("csl-sample/consolidated-2024.csv", "csl_csv", 13),
        ("ofac-sdn/sdn.csv", "ofac_sdn", 8976),
        ("ofac-sdn/alt.csv", "ofac_alt", 11910),
        ("ofac-sdn/add.csv", "ofac_add", 13837),
        ("ofac-sdn-2024-05/sdn.csv", "ofac_sdn", 14965),
        ("bis-denied-persons.txt", "bis_dpl", 581),
        ("dod-1260h/dod_1260h_chinese_military_companies.csv", "dod_1260h", 234),
        ("dod-1286/section_1286.csv", "dod_1286", 194),
        ("aspi-china-defence-universities/china-defence-universities.json", "aspi_misp", 159),
        ("multi-list-kaist/restricted_parties.json", "kaist_json", 4940),
    ],
)
def test_real_files(path: str, fmt: str, count: int) -> None:
    file = LISTS / path
    assert guess_format(file, file.read_bytes()) == fmt
    parsed = parse_file(file, retrieved_at=NOW)
    assert len(parsed.entries) == count == parsed.snapshot.entry_count
    assert len(parsed.snapshot.sha256) == 64 and parsed.snapshot.retrieved_at == NOW
    assert all(e.name.strip() for e in parsed.entries if e.entity_type != "address")


@need_data
def test_csl_vintages_and_fields() -> None:
    old = parse_file(LISTS / "csl-sample/csl.csv").entries
    new = parse_file(LISTS / "csl-sample/consolidated-2024.csv").entries
    assert {e.source_list for e in old} >= {"Entity List (EL) - Bureau of Industry and Security"}
    assert all(e.entry_id for e in new) and sum(len(e.entry_id) == 56 for e in new) >= 4  # `_id` column
    caribe = next(e for e in old if "CARIBE SOL" in e.aliases)
    assert "HAVANTUR CANADA INC." in caribe.aliases  # '; '-separated alt_names


@need_data
def test_ofac_set_merges_aliases_and_countries() -> None:
    files = [parse_file(LISTS / "ofac-sdn" / n) for n in ("sdn.csv", "alt.csv", "add.csv")]
    files.append(parse_file(Path(__file__).resolve().parents[2] / "lists" / "countries.yaml"))
    bank = next(e for e in build_reference(files).entries if e.name == "BANCO NACIONAL DE CUBA")
    assert "NATIONAL BANK OF CUBA" in bank.aliases and "BNC" in bank.aliases  # alt.csv + remarks a.k.a.
    assert bank.country == "CH" and bank.programs == ["CUBA"]  # first address: Zurich
    multi = next(e for e in files[0].entries if e.entry_id == "306")
    assert multi.entity_type == "organisation"


@need_data
def test_1260h_groups_editions_and_keeps_delisting() -> None:
    entries = {e.name: e for e in parse_file(LISTS / "dod-1260h/dod_1260h_chinese_military_companies.csv").entries}
    avic = entries["Aviation Industry Corporation of China Ltd."]
    assert "AVIC" in avic.aliases and avic.end_date is None
    assert any(e.end_date for e in entries.values())  # removed companies keep their end date


@need_data
def test_1286_programs_and_aspi_chinese_names() -> None:
    programs = [e for e in parse_file(LISTS / "dod-1286/section_1286.csv").entries if e.entity_type == "program"]
    assert {"Thousand Talents Plan", "Hundred Talents Plan"} <= {p.name for p in programs}
    aspi = {e.name: e for e in parse_file(LISTS / "aspi-china-defence-universities/china-defence-universities.json").entries}
    assert "空军工程大学" in aspi["Air Force Engineering University"].aliases


def test_starter_lists_load() -> None:
    ref = load_reference(Path(__file__).resolve().parents[2] / "lists")
    assert len({e.name for e in ref.entries}) >= 40
    assert any(p.name == "Thousand Talents Plan" and "1286" in p.programs for p in ref.programs)
    assert ref.country_code("Changsha, Hunan, China") == "CN"
    assert ref.country_code("PRC") == "CN" and ref.country_code("Hong Kong") == "HK"
    assert "ofac-comprehensive" in ref.country_tags("KP") and "ofac-comprehensive" not in ref.country_tags("SY")
    labels = {label for label, _ in ref.gazetteer()}
    assert labels == {"ORG", "FUNDER", "PROGRAM"}
    assert ("PROGRAM", "千人计划") in ref.gazetteer()
    # names with a comma inside a flow mapping are quoted: the whole legal name is kept
    assert "Huawei Technologies Co., Ltd." in {e.name for e in ref.entries}


def test_a_starter_entry_cut_by_an_unquoted_comma_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(b"kind: entities\nlist_id: starter_x\nentries:\n"
                     b"  - {id: acme, name: Acme Industrial Co., Ltd., country: CN}\n")
    with pytest.raises(ListFormatError, match=r"entry 1 \(acme\): Ltd\. has no value.*quoted"):
        parse_file(path, "starter_yaml", retrieved_at=NOW)


def test_registry_names_are_unique_and_found() -> None:
    assert len({p.name for p in PARSERS}) == len(PARSERS)
    assert get_parser("csl_json").list_id == "csl"
    with pytest.raises(ListFormatError, match="unknown list format"):
        get_parser("nope")


def test_csl_json() -> None:
    content = (b'{"results": [{"name": "Fictional Optics Ltd", "alt_names": ["FOL"], "source": '
               b'"Entity List (EL) - Bureau of Industry and Security", "programs": [], '
               b'"addresses": [{"address": "1 Road", "city": "Wuhan", "country": "CN"}], "id": "x1"}]}')
    parsed = get_parser("csl_json").parse(content, name="c.json", url=None, retrieved_at=NOW)
    (e,) = parsed.entries
    assert (e.name, e.aliases, e.country, e.entry_id) == ("Fictional Optics Ltd", ["FOL"], "CN", "x1")


CSL_HEADER = b"source,entity_number,type,programs,name,alt_names\n"
HOSTILE = [
    ("csl_csv", b"", "empty"),
    ("csl_csv", b"\x1a\r\n", "empty"),
    ("csl_csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
    ("csl_csv", b"name,country\nFoo,CN\n", "missing column"),
    ("csl_csv", CSL_HEADER + b"EL,1,Entity,,Caf\xe9 Fictional,\n", "line 2: not UTF-8"),
    ("csl_csv", CSL_HEADER + b"EL,1,Entity,,A,B,C,D,E\n", "line 2: 9 fields"),
    ("csl_csv", CSL_HEADER + b"EL,1,Entity,,\"" + b"x" * 300_000 + b"\",\n", "line 2: longer than"),
    ("csl_csv", CSL_HEADER, "no entries"),
    ("ofac_sdn", b'36,"AEROCARIBBEAN AIRLINES",-0- \r\n', "line 1: 3 fields"),
    ("ofac_sdn", b'abc,"X",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n', "not a number"),
    ("bis_dpl", b'"Name"\t"City"\n"A"\t"B"\n', "missing column"),
    ("csl_json", b'{"results": [{"nom": "x"}]}', "result 1"),
    ("csl_json", b'{"results": [\n{"name": "x",\n', "line 3: invalid JSON"),
    ("aspi_misp", b'{"values": 3}', "values"),
    ("kaist_json", b'[{"name": {"english": ""}}]', "record 1"),
    ("starter_yaml", b"kind: entities\nentries:\n  - {name: X}\n", "entry 1"),
    ("starter_yaml", b"kind: [unclosed\n", "invalid YAML"),
]


@pytest.mark.parametrize(("fmt", "content", "message"), HOSTILE, ids=[h[2] + "-" + h[0] for h in HOSTILE])
def test_hostile_files(fmt: str, content: bytes, message: str) -> None:
    with pytest.raises(ListFormatError) as err:
        get_parser(fmt).parse(content, name="bad.file", url=None, retrieved_at=NOW)
    assert "bad.file" in err.value.message and message in err.value.message


def test_ofac_trailing_ctrl_z_and_dash_zero() -> None:
    content = b'36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n\x1a'
    (e,) = get_parser("ofac_sdn").parse(content, name="sdn.csv", url=None, retrieved_at=NOW).entries
    assert e.name == "AEROCARIBBEAN AIRLINES" and e.aliases == [] and e.programs == ["CUBA"]


def test_kaist_brackets_give_the_other_name_not_a_place() -> None:
    import json

    records = [{"name": {"english": english}, "source": {"list_id": "entity_list"}} for english in
               ("ACM Research (Shanghai)", "Rostec (Russian Technologies State Corporation)", "Fictional Pte. Ltd. (Pyongyang branch)")]
    entries = get_parser("kaist_json").parse(json.dumps(records).encode(), name="kaist.json", url=None,
                                             retrieved_at=NOW).entries
    assert [e.aliases for e in entries] == [["ACM Research"], ["Russian Technologies State Corporation"],
                                            ["Fictional Pte. Ltd."]]
