"""AgencyTable: canonical names, credit lines, agencies in bylines, bad files."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from cleaner.agencies import AgencyTable
from cleaner.errors import RuleError

AGENCIES = Path(__file__).resolve().parents[1] / "rules" / "_agencies.toml"


@pytest.fixture(scope="module")
def table() -> AgencyTable:
    return AgencyTable.load(AGENCIES)


def test_table_has_at_least_40_agencies(table: AgencyTable) -> None:
    assert len(table.names) >= 40
    for required in [
        "AFP",
        "Reuters",
        "AP",
        "dpa",
        "dpa-AFX",
        "TASS",
        "RIA Novosti",
        "Interfax",
        "Ukrinform",
        "UNIAN",
        "Xinhua",
        "Kyodo",
        "Yonhap",
        "ANSA",
        "EFE",
        "Anadolu",
        "PA Media",
        "KNA",
        "epd",
        "APA",
        "Keystone-SDA",
        "PTI",
        "IANS",
        "ANI",
        "Bloomberg",
        "Financial Times",
        "Europa Press",
        "Belga",
        "ANP",
        "NTB",
        "TT",
        "STT",
        "Ritzau",
        "CTK",
        "PAP",
        "MTI",
        "BTA",
        "Agerpres",
        "Tanjug",
        "HINA",
        "Bernama",
        "Antara",
    ]:
        assert required in table.names, required


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Agence France-Presse", "AFP"),
        ("afp", "AFP"),
        ("AFP", "AFP"),
        ("The Associated Press", "AP"),
        ("dpa-infocom", "dpa"),
        ("DPA", "dpa"),
        ("AFX", "dpa-AFX"),
        ("ITAR-TASS", "TASS"),
        ("Keystone-ATS", "Keystone-SDA"),
        ("ATS", "Keystone-SDA"),
        ("ČTK", "CTK"),
        ("  Press   Trust of India ", "PTI"),
        ("Jane Doe", None),
        ("France 24", None),
    ],
)
def test_canonical(table: AgencyTable, name: str, canonical: str | None) -> None:
    assert table.canonical(name) == canonical


@pytest.mark.parametrize(
    ("line", "agencies"),
    [
        ("rmt/jcg (AFP, Reuters)", ["AFP", "Reuters"]),
        ("(FRANCE 24 with AFP)", ["AFP"]),
        ("By AFP", ["AFP"]),
        ("© dpa-infocom, dpa:230919-99-123456/2", ["dpa"]),
        ("Source: Financial Times", ["Financial Times"]),
        ("AFP", ["AFP"]),
        ("(Reuters)", ["Reuters"]),
        ("with AFP", ["AFP"]),
        ("ab/xy (dpa, AP)", ["dpa", "AP"]),
        ("Mit Material von dpa", ["dpa"]),
        ("Additional reporting by Anastasia Stognei", []),
        ("(dpa/AFP)", ["dpa", "AFP"]),
        ("AFP/Reuters", ["AFP", "Reuters"]),
        ("— AFP", ["AFP"]),
        ("(AFP).", ["AFP"]),
        ("Von dpa", ["dpa"]),
        ("(AFP, agencies)", ["AFP"]),
        ("DW mit dpa und AFP", ["dpa", "AFP"]),
        ("The Associated Press contributed to this report.", ["AP"]),
        ("Copyright 2023 The Associated Press. All rights reserved.", ["AP"]),
        ("Quelle: Reuters", ["Reuters"]),
        ("Reporting by Jane Doe in Kyiv; Editing by John Smith", []),
        ("dpa/lnw", ["dpa"]),
        ("Mit Agenturmaterial", []),
        # not credit lines
        ("An AFP journalist in Stepanakert said blasts could be heard.", None),
        ("By Jane Doe", None),
        ("ap", None),
        ("The minister contributed to the report.", None),
        ("Reuters reported that the talks had failed, citing two sources.", None),
        ("© Tofik Babayev, AFP", None),
        ("", None),
        ("AFP " * 200, None),
    ],
)
def test_parse_credit_line(table: AgencyTable, line: str, agencies: list[str] | None) -> None:
    assert table.parse_credit_line(line) == agencies


@pytest.mark.parametrize(("line", "names"), [
    ("Edition : M-A. Pioerron", ["M-A. Pioerron"]),
    ("Redaktion: Anna Schmidt", ["Anna Schmidt"]),
    ("Editor: Jane Roe and John Doe", ["Jane Roe", "John Doe"]),
    ("Edición: Juan Pérez", ["Juan Pérez"]),
])
def test_editing_credit_with_a_label(table: AgencyTable, line: str, names: list[str]) -> None:
    credit = table.parse_credit(line)
    assert credit is not None and credit.contributors == names and credit.agencies == []


@pytest.mark.parametrize("line", [
    "Edition: International",  # an edition switcher, not a person
    "Editor: The editor said the plan was bad.",
])
def test_edition_labels_that_are_not_credits(table: AgencyTable, line: str) -> None:
    assert table.parse_credit(line) is None


def test_credit_keeps_initials_and_contributors(table: AgencyTable) -> None:
    credit = table.parse_credit("rmt/jcg (AFP, Reuters)")
    assert credit is not None and credit.initials == ["rmt", "jcg"]
    credit = table.parse_credit("Additional reporting by Anastasia Stognei")
    assert credit is not None and credit.contributors == ["Anastasia Stognei"]
    credit = table.parse_credit("Reporting by Jane Doe in Kyiv; Editing by John Smith")
    assert credit is not None and credit.contributors == ["Jane Doe", "John Smith"]
    long_signoff = (
        "Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly, Saqib Iqbal Ahmed "
        "and Gertrude Chavez-Dreyfuss; Editing by Nick Zieminski and Dan Grebler"
    )
    credit = table.parse_credit(long_signoff)
    assert credit is not None and credit.agencies == []
    assert credit.contributors == [
        "Rodrigo Campos",
        "Stephanie Kelly",
        "Saqib Iqbal Ahmed",
        "Gertrude Chavez-Dreyfuss",
        "Nick Zieminski",
        "Dan Grebler",
    ]


@pytest.mark.parametrize(
    ("byline", "agencies"),
    [
        ("By Jane Doe, Reuters", ["Reuters"]),
        ("Jane Doe (dpa)", ["dpa"]),
        ("AP Photo/Evan Vucci", []),
        ("Photo: AFP", []),
        ("AFP/Getty Images", []),
        ("By Jane Doe and John Roe, Associated Press", ["AP"]),
        ("Jane Doe with AFP and Reuters", ["AFP", "Reuters"]),
        ("Reuters TV", []),
        ("By Pat Apple", []),  # "ap" inside a word is not AP
    ],
)
def test_find_in_byline(table: AgencyTable, byline: str, agencies: list[str]) -> None:
    assert table.find_in_byline(byline) == agencies


def test_table_is_immutable(table: AgencyTable) -> None:
    with pytest.raises(AttributeError):
        table.max_length = 5  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("agency = 1", "no [[agency]]"),
        ('[[agency]]\nname = "X"\naliases = "Y"', "list of strings"),
        ('[[agency]]\nname = "X"\n[[agency]]\nname = "X"', "duplicate"),
        (
            '[[agency]]\nname = "X"\naliases=["Z"]\n[[agency]]\nname = "Y"\naliases=["z"]',
            "also names",
        ),
        ('[[agency]]\nname = "X"\n[credit.frame]\nbare = ["(unclosed"]', "bad regex"),
        ('[[agency]]\nname = "X"\n[credit.frame]\nbare = ["^x$"]', "group `list`"),
        ("[[agency]\nname=", "invalid TOML"),
    ],
)
def test_bad_file_raises_rule_error(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "_agencies.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        AgencyTable.load(path)
    assert problem in str(err.value)
    assert str(path) in str(err.value)


def test_shipped_file_is_valid_toml_with_patterns() -> None:
    data = tomllib.loads(AGENCIES.read_text(encoding="utf-8"))
    frames = data["credit"]["frame"]
    assert {"signoff", "wrapped", "prefixed", "bare"} <= set(frames)


@pytest.mark.parametrize("opening, expected", [
    ("BERLIN (dpa) – Die Regierung hat am Dienstag beschlossen, dass", ["dpa"]),
    ("(AP) — The president said on Tuesday that", ["AP"]),
    ("MOSCOW, Sept 19 (Reuters) - Russia said on Tuesday", ["Reuters"]),
    ("WASHINGTON (AP/Reuters) – The talks", ["AP", "Reuters"]),
    ("KYIV (Ukrinform) – The army said", ["Ukrinform"]),
    ("SEOUL, Aug. 20 (Yonhap) -- North Korea's official newspaper", ["Yonhap"]),
    ("The company (Acme Corp) - said nothing", []),
    ("He said (and meant it) - nothing more", []),
])
def test_dateline_agency(table: AgencyTable, opening: str, expected: list[str]) -> None:
    from cleaner.lines import dateline_agencies

    assert dateline_agencies(opening, table) == expected


def test_dateline_agency_lands_in_metadata_and_the_text_stays() -> None:
    from cleaner.api import extract_result

    html = ("<html><head><title>Talks</title></head><body><article><h1>Talks</h1><p>BERLIN "
            "(dpa) – Die Regierung hat am Dienstag beschlossen, die Gespräche fortzusetzen, "
            "wie ein Sprecher mitteilte.</p><p>" + "Weitere Einzelheiten wurden nicht "
            "genannt, hieß es aus Kreisen der Koalition. " * 3 + "</p></article></body></html>")
    record = extract_result(html.encode()).record
    assert record is not None and record["agencies"] == ["dpa"]
    assert record["text"].startswith("BERLIN (dpa) – Die Regierung")


def test_cnn_wire_credit_line(table: AgencyTable) -> None:
    """Affiliates end their copies of CNN stories with "The-CNN-Wire"."""
    credit = table.parse_credit("The-CNN-Wire")
    assert credit is not None and credit.agencies == ["CNN Wire"]
    assert table.parse_credit("CNN") is None  # the outlet alone is no wire credit
