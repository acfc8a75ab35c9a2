"""Fuzzing the CSV importer, the mapping file and the invoice reader (issue 14, tests).

Each property is what a hostile file may never do: end in anything but a message
(``InvalidInput`` for the importer, ``Extraction.error`` for the reader), store a
control character, or refuse a valid invoice. The strategies lean on the inputs
that broke them before: cells past the csv module's limit, numbers like
``1E+999999999``, escape sequences, ``<!DOCTYPE`` in comments, UTF-16/UTF-32.
Hypothesis keeps no example database (nothing written into the repository).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from tempfile import TemporaryDirectory

# Hypothesis caches Unicode tables under ./.hypothesis unless told otherwise: not in the repository.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY",
                      str(Path(tempfile.gettempdir()) / "saisie-hypothesis"))

import pytest  # noqa: E402
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402

set_hypothesis_home_dir(os.environ["HYPOTHESIS_STORAGE_DIRECTORY"])  # also if hypothesis was imported first

from books.errors import InvalidInput  # noqa: E402
from books.exchange import mapping as mappings  # noqa: E402
from books.exchange.reading import load_source, parse  # noqa: E402
from books.exchange.rows import check_rows  # noqa: E402
from books.invoices import read_invoice  # noqa: E402
from books.invoices.textvalues import amounts_in, dates_in  # noqa: E402
from books.safetext import first_control  # noqa: E402

FUZZ = settings(max_examples=120, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
INVOICES = Path(__file__).parent / "fixtures" / "invoices"
HUGE = "x" * 140_000
"""Longer than the csv module's default field limit (131,072)."""

HOSTILE_TEXT = [
    "\x1b]0;PWNED\x07", "\x1b[31m", "\u202e", "\x9b", "\x00", "\x7f", "\r", "\n", "\t", '"', "'",
    ";", ",", "|", "=SUM(A1)", "1E+999999999", "NaN", "-Infinity", "1e-999999999", "9" * 40,
    "12 500,50", "31/02/2026", "99/99/9999", "45 jours", "999", "FR", "France", "", " ", HUGE,
]
HEADERS = ["Code", "Raison sociale", "Nom", "SIREN", "TVA", "Adresse", "Ville", "Pays", "Email",
           "Délai de paiement", "Limite de crédit", "Date mandat SEPA", "Groupes", "Commentaires",
           "Agence", "IBAN"]

cells = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=12),
                  st.lists(st.sampled_from(HOSTILE_TEXT), max_size=3).map("".join))


@st.composite
def csv_files(draw: st.DrawFn) -> bytes:
    """A list export as a client might send it, or a broken one."""
    delimiter = draw(st.sampled_from([";", ",", "\t", "|"]))
    header = draw(st.lists(st.one_of(st.sampled_from(HEADERS), cells), min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(cells, max_size=len(header) + 2), max_size=8))
    quote = draw(st.booleans())

    def line(values: list[str]) -> str:
        if quote:
            return delimiter.join('"' + v.replace('"', '""') + '"' for v in values)
        return delimiter.join(values)

    text = "\r\n".join(line(r) for r in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # a few raw bytes put anywhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=6)) + data[at:]
    return data


def _no_control(value: object) -> bool:
    if isinstance(value, str):
        return first_control(value) is None
    if isinstance(value, dict):
        return all(_no_control(k) and _no_control(v) for k, v in value.items())
    if isinstance(value, list):
        return all(map(_no_control, value))
    return True


@FUZZ
@given(data=csv_files(), mapping_kind=st.sampled_from(["proposed", "all_custom"]))
@example(data="Code;Raison sociale;Limite de crédit;Délai de paiement\nC1;A;(1E+999999999);99999999999999999999\n"
         .encode(), mapping_kind="proposed")
def test_csv_import_ends_in_rows_or_a_message(data: bytes, mapping_kind: str) -> None:
    with TemporaryDirectory() as folder:
        path = Path(folder) / "clients.csv"
        path.write_bytes(data)
        try:
            table = parse(load_source(path))
        except InvalidInput as exc:
            assert exc.message and "\n" not in exc.message
            return
    mapping = mappings.propose(table.header)
    if mapping_kind == "all_custom" and len(table.header) >= 2:
        mapping = {column: "custom" for column in table.header}
        mapping[table.header[0]], mapping[table.header[1]] = "code", "name"
    try:
        mappings.check(mapping)
    except InvalidInput:
        return
    checked = check_rows(table, mapping)
    lines = {line for line, _cells in table.rows}
    assert {rejected.line for rejected in checked.rejected} <= lines
    assert len(checked.lines) + len(checked.rejected) == len(lines)
    for row in checked.rows:
        assert _no_control(row), row
        assert all(len(v) <= 4000 for v in row.values() if isinstance(v, str))
    assert _no_control(checked.custom or [])


@pytest.fixture(scope="module")
def import_target(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One SQLite workspace and dossier for every example (a fixture per example is too slow)."""
    from books.config import Settings
    from books.context import open_workspace
    from books.dossiers.service import DossierDraft, create_dossier

    base = tmp_path_factory.mktemp("fuzz")
    settings_ = Settings(config_path=base / "config.toml", database=str(base / "saisie.db"),
                         inbox_root=base / "inbox", archive_root=base / "archive")
    ws = open_workspace(settings_, "alice")
    slug = create_dossier(ws, DossierDraft(name="Garage Martin")).dossier.slug
    yield ws, slug, base
    ws.close()


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=csv_files())
def test_csv_import_into_a_database_never_raises_anything_else(import_target, data: bytes) -> None:
    from books.exchange.service import import_file

    ws, slug, base = import_target
    path = base / "clients.csv"
    path.write_bytes(data)
    try:
        result = import_file(ws, slug, "customer", path)
    except InvalidInput as exc:
        assert exc.message and "\n" not in exc.message
        return
    assert result.created + result.updated + result.unchanged >= 0


toml_values = st.recursive(
    st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.floats(allow_nan=False),
              st.sampled_from(["utf-8", "klingon", ";;", ";", "\t", "\x1b", "code", "name", "nom"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=8)


@FUZZ
@given(document=st.dictionaries(
    st.sampled_from(["encoding", "delimiter", "columns", "other"]), toml_values, max_size=4))
def test_mapping_file_is_read_or_named_as_wrong(document: dict) -> None:
    import tomli_w

    with TemporaryDirectory() as folder:
        path = Path(folder) / "m.toml"
        path.write_text(tomli_w.dumps(document), encoding="utf-8")
        try:
            mapping, encoding, delimiter = mappings.load_toml(path)
        except InvalidInput as exc:
            assert exc.message and "\n" not in exc.message
            return
    assert encoding is None or isinstance(encoding, str)
    assert delimiter is None or (isinstance(delimiter, str) and len(delimiter) == 1)
    assert all(target in mappings.TARGETS for target in mapping.values())


NUMBERS = ["1E+999999999", "1E-999999999", "9" * 40 + ".5", "NaN", "-Infinity", "1e18", "0E-99999",
           "12,50", "-0", "0.000000000000000000000000000000000000000001", "1 000.00"]
INSERTS = [b"<!-- <!DOCTYPE x [<!ENTITY y 'z'>]> -->", b"<![CDATA[<!DOCTYPE a>]]>",
           b'<!DOCTYPE r [<!ENTITY e "x">]>', b"\x1b]0;PWNED\x07", "\u202e\u009b".encode(),
           b"&e;", b"<", b"\x00", b"\xff\xfe"]


@st.composite
def invoice_files(draw: st.DrawFn) -> tuple[bytes, bool]:
    """A valid invoice, mutated: numbers, inserts, cuts, and its encoding; with whether
    it is still valid (only a comment saying ``<!DOCTYPE`` and a new encoding)."""
    name = draw(st.sampled_from(["facturx_minimal_cii.xml", "ubl_creditnote.xml"]))
    data = (INVOICES / name).read_bytes()
    valid = True
    for _ in range(draw(st.integers(0, 3))):
        operation = draw(st.sampled_from(["number", "insert", "cut", "comment_doctype"]))
        valid = valid and operation == "comment_doctype"
        if operation == "number":
            amounts = [i for i in range(len(data) - 4) if data[i:i + 1] == b">" and data[i + 1:i + 2].isdigit()]
            if amounts:
                at = draw(st.sampled_from(amounts)) + 1
                end = data.find(b"<", at) % (len(data) + 1)
                data = data[:at] + draw(st.sampled_from(NUMBERS)).encode() + data[end:]
        elif operation == "insert":
            at = draw(st.integers(0, len(data)))
            data = data[:at] + draw(st.sampled_from(INSERTS)) + data[at:]
        elif operation == "cut":
            data = data[:draw(st.integers(0, len(data)))]
        else:
            end = data.find(b"?>") + 2
            data = data[:end] + b"\n<!-- <!DOCTYPE x> <!ENTITY y 'z'> -->" + data[end:]
    encoding = draw(st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32"]))
    if encoding != "utf-8":
        text = data.decode("utf-8", errors="replace").replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
        data = text.encode(encoding)
    return data, valid


@FUZZ
@given(drawn=invoice_files())
def test_invoice_reader_ends_in_a_result_or_a_named_error(drawn: tuple[bytes, bool]) -> None:
    data, valid = drawn
    with TemporaryDirectory() as folder:
        path = Path(folder) / "facture.xml"
        path.write_bytes(data)
        result = read_invoice(path)
    assert result.error is None or not valid, result.error
    if result.error is not None:
        assert "inattendue" not in result.error, result.error
        assert "Internal error" not in result.error, result.error
        assert "\n" not in result.error
        return
    assert _no_control(result.to_json())
    assert all("Internal error" not in warning for warning in result.warnings), result.warnings


@FUZZ
@given(text=st.text(alphabet=st.sampled_from("0123456789 ,.-−€/%\u00a0éjanvier2024mars\x1b"),
                    max_size=300))
def test_printed_amounts_and_dates_never_raise(text: str) -> None:
    for value, _start in amounts_in(text):
        assert value.adjusted() < 16
        value.quantize(value.__class__("0.01"))
    dates_in(text)


def test_fuzzers_keep_no_example_database() -> None:
    assert not (Path(__file__).resolve().parents[2] / ".hypothesis").exists()
