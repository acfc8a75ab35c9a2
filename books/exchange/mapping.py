"""Which column feeds which party field: proposed from the headers, remembered, in TOML.

A mapping is ``{column header: target}`` where the target is a field of
:data:`FIELDS`, ``"ignore"`` or ``"custom"`` (kept in the party's custom fields
under the column's name).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from books.errors import InvalidInput
from books.i18n import os_reason, t
from books.identity import fold

FIELDS = (
    "code", "name", "siren", "siret", "vat_id", "address", "postcode", "city", "country",
    "email", "phone", "payment_terms_days", "payment_method", "iban", "bic",
    "sepa_mandate_ref", "sepa_mandate_date", "account", "credit_limit", "insurer_guarantee",
    "other_guarantees", "comments", "groups",
)
"""Fields a column can fill, in the order the mapping screen and the export show them."""

IGNORE, CUSTOM = "ignore", "custom"
TARGETS = (*FIELDS, CUSTOM, IGNORE)
REQUIRED = ("code", "name")
MULTI = ("address", "comments")
"""Fields that several columns may fill (joined): ``Adresse 1``, ``Adresse 2``…"""

THRESHOLD = 86
"""The fuzzy score (0–100) from which a header is taken to name a field."""

SYNONYMS: dict[str, tuple[str, ...]] = {
    "code": ("code", "numero", "code tiers", "reference", "ref", "id", "identifiant", "number",
             "code compte", "customer id", "supplier id"),
    "name": ("nom", "raison sociale", "societe", "entreprise", "company", "name", "denomination",
             "intitule", "libelle", "nom societe", "nom entreprise", "nom raison sociale",
             "nom commercial"),
    "siren": ("siren", "numero siren", "siren number"),
    "siret": ("siret", "numero siret", "siret number"),
    "vat_id": ("tva", "numero tva", "tva intracommunautaire", "numero tva intracommunautaire",
               "tva intracom", "numero tva intracom", "tva intra", "numero tva intra",
               "numero intracommunautaire", "vat", "vat id", "vat number", "tax id",
               "identifiant tva"),
    "address": ("adresse", "address", "rue", "adresse ligne", "address line", "street",
                "complement adresse", "adresse complementaire", "complement"),
    "postcode": ("cp", "code postal", "postcode", "postal code", "zip", "zip code"),
    "city": ("ville", "city", "commune", "localite", "town"),
    "country": ("pays", "country", "code pays", "country code"),
    "email": ("email", "e mail", "mail", "courriel", "adresse email", "adresse mail"),
    "phone": ("telephone", "tel", "phone", "portable", "mobile", "numero telephone"),
    "payment_terms_days": ("delai de paiement", "delai paiement", "delai de reglement", "delai",
                           "payment terms", "conditions de paiement", "conditions reglement",
                           "condition reglement", "echeance", "terms"),
    "payment_method": ("mode de reglement", "mode de paiement", "moyen de paiement", "reglement",
                       "payment method", "payment mode"),
    "iban": ("iban", "rib", "rib iban", "iban rib", "coordonnees bancaires"),
    "bic": ("bic", "swift", "bic swift", "code bic"),
    "sepa_mandate_ref": ("reference mandat", "mandat sepa", "rum", "reference unique mandat",
                         "mandate reference", "sepa mandate"),
    "sepa_mandate_date": ("date mandat", "date signature mandat", "mandate date"),
    "account": ("compte", "compte comptable", "compte auxiliaire", "compte tiers", "account",
                "ledger account"),
    "credit_limit": ("limite de credit", "limite credit", "plafond", "plafond credit",
                     "encours autorise", "encours max", "encours maximum", "plafond encours",
                     "plafond d encours", "credit limit"),
    "insurer_guarantee": ("garantie assureur", "garantie", "assurance credit",
                          "insurer guarantee", "credit insurance"),
    "other_guarantees": ("autres garanties", "other guarantees"),
    "comments": ("commentaire", "commentaires", "remarques", "notes", "observations", "comments",
                 "comment"),
    "groups": ("groupe", "groupes", "groups", "group", "categorie", "famille", "segment"),
}
"""Header words per field (normalised: folded, no punctuation); labels are added too."""

_NOISE = {"client", "clients", "fournisseur", "fournisseurs", "customer", "supplier", "vendor",
          "du", "de", "la", "le", "des", "d", "l", "the", "of", "a"}
_TRAILING_NUMBER = re.compile(r"\s+\d{1,2}$")
_NUMBER = re.compile(r"\b(n|no|nº|n°|num|numero|nr|nbr)\b\.?|n°|nº")


def normalise(header: str) -> str:
    """A header as compared: folded, ``N°`` read as ``numero``, no punctuation, no kind words."""
    text = _NUMBER.sub(" numero ", header.casefold())
    text = re.sub(r"[^0-9a-z]+", " ", fold(text))
    words = [w for w in text.split() if w not in _NOISE]
    return " ".join(words) or text.strip()


def signature(header: Sequence[str]) -> str:
    """A hash of the normalised set of columns: equal for a file with the same columns."""
    names = sorted(" ".join(fold(h).split()) for h in header)
    return hashlib.sha256("\x1f".join(names).encode("utf-8")).hexdigest()


@cache
def _synonyms() -> dict[str, tuple[str, ...]]:
    from books.i18n import _load

    catalog = _load()
    table: dict[str, tuple[str, ...]] = {}
    for name, words in SYNONYMS.items():
        # the import's labels, and the labels the app's own forms and record show
        shown = [catalog[key] for key in (f"import.field.{name}", f"form.{name}", f"record.field.{name}")
                 if key in catalog]
        labels = {normalise(label) for pair in shown for label in pair}
        table[name] = tuple(dict.fromkeys([*words, *sorted(labels)]))
    return table


def propose(header: Sequence[str], custom_keys: Iterable[str] = ()) -> dict[str, str]:
    """The assignment Saisie suggests for a header (best fuzzy scores first, each field once).

    Columns already used as custom fields by the list stay custom (first);
    others it cannot name are ignored.
    """
    from rapidfuzz import fuzz

    known = set(custom_keys)
    scored: list[tuple[float, int, str]] = []
    for index, column in enumerate(header):
        if column in known:
            continue
        key = normalise(column)
        # "Téléphone 1", "Adresse 2": the number only tells columns of one field apart.
        keys = {key, _TRAILING_NUMBER.sub("", key) or key}
        for name, words in _synonyms().items():
            score = max(fuzz.ratio(k, word) for word in words for k in keys)
            if score >= THRESHOLD:
                scored.append((score, -index, name))
    mapping = {column: CUSTOM if column in known else IGNORE for column in header}
    used: set[str] = set()
    for _score, negative_index, name in sorted(scored, reverse=True):
        column = header[-negative_index]
        if mapping[column] != IGNORE or (name in used and name not in MULTI):
            continue
        mapping[column] = name
        used.add(name)
    return mapping


def check(mapping: Mapping[str, str]) -> None:
    """Refuse a mapping the import cannot run with.

    Raises:
        InvalidInput: code or name not assigned, a field given twice, an unknown target.
    """
    seen: dict[str, str] = {}
    for column, target in mapping.items():
        if target not in TARGETS:
            raise InvalidInput(t("import.unknown_target", column=column, target=target))
        if target in FIELDS and target not in MULTI and target in seen:
            raise InvalidInput(t("import.field_twice", field=field_label(target),
                                 first=seen[target], second=column))
        seen.setdefault(target, column)
    missing = [field_label(name) for name in REQUIRED if name not in seen]
    if missing:
        raise InvalidInput(t("import.required_missing", fields=", ".join(missing)))


def field_label(target: str) -> str:
    """A target as people read it (``Raison sociale``)."""
    return t(f"import.field.{target}")


def fit(mapping: Mapping[str, str], header: Sequence[str]) -> dict[str, str]:
    """A stored mapping applied to a header: matched by folded name, the rest ignored."""
    by_key = {" ".join(fold(column).split()): target for column, target in mapping.items()}
    return {column: by_key.get(" ".join(fold(column).split()), IGNORE) for column in header}


def save_toml(path: str | Path, mapping: Mapping[str, str], encoding: str | None = None,
              delimiter: str | None = None) -> None:
    """Write a mapping (and optionally the file's encoding and delimiter) as TOML.

    Raises:
        InvalidInput: the place cannot take a file (a folder, a named pipe that would
            block for ever, a missing folder), named with why.
    """
    import tomli_w

    from books.exchange.targets import ensure_writable

    path = ensure_writable(path)

    document: dict[str, Any] = {}
    if encoding:
        document["encoding"] = encoding
    if delimiter:
        document["delimiter"] = delimiter
    document["columns"] = dict(mapping)
    Path(path).write_text(tomli_w.dumps(document), encoding="utf-8")


def load_toml(path: str | Path) -> tuple[dict[str, str], str | None, str | None]:
    """Read ``(mapping, encoding, delimiter)`` from a TOML file.

    Raises:
        InvalidInput: naming the file and what is wrong in it.
    """
    from books.exchange.reading import open_regular

    file = Path(path).expanduser()
    try:
        with open_regular(file) as handle:
            data = handle.read(MAPPING_MAX_BYTES + 1)
        if len(data) > MAPPING_MAX_BYTES:
            raise InvalidInput(t("import.mapping_unreadable", file=file.name,
                                 reason=t("safe.mapping_too_big")))
        document = tomllib.loads(data.decode("utf-8"))
    except OSError as exc:
        raise InvalidInput(t("import.mapping_unreadable", file=file.name,
                             reason=os_reason(exc))) from None
    except tomllib.TOMLDecodeError as exc:
        from books.config import toml_place

        raise InvalidInput(t("import.mapping_unreadable", file=file.name,
                             reason=toml_place(exc))) from None
    except UnicodeDecodeError:
        raise InvalidInput(t("import.mapping_unreadable", file=file.name,
                             reason=t("safe.not_utf8"))) from None
    columns = document.get("columns")
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise InvalidInput(t("import.mapping_unreadable", file=file.name,
                             reason=t("import.mapping_no_columns")))
    return _checked_document(file.name, columns, document.get("encoding"), document.get("delimiter"))


MAPPING_MAX_BYTES = 1_048_576
"""A mapping file is a few lines; a bigger one is not a mapping."""


def _checked_document(name: str, columns: dict[str, str], encoding: object,
                      delimiter: object) -> tuple[dict[str, str], str | None, str | None]:
    """A mapping file's values, each checked for its type and meaning.

    Raises:
        InvalidInput: naming the file and the key (``encoding``, ``delimiter``,
        ``columns."Nom"``) and what is wrong with it.
    """
    import codecs

    from books.exchange.reading import HEADER_LIMIT
    from books.safetext import first_control, visible

    def refuse(key: str, reason: str) -> InvalidInput:
        return InvalidInput(t("safe.mapping_key", file=name, key=key, reason=reason))

    for key, value in (("encoding", encoding), ("delimiter", delimiter)):
        if value is not None and not isinstance(value, str):
            raise refuse(key, t("safe.mapping_not_text"))
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise refuse("encoding", t("safe.mapping_bad_encoding", value=encoding)) from None
    if delimiter and (len(delimiter) != 1 or delimiter in '"\r\n' or
                      (delimiter != "\t" and not delimiter.isprintable())):
        raise refuse("delimiter", t("safe.mapping_bad_delimiter", value=visible(delimiter[:20])))
    for column, target in columns.items():
        key = visible(f'columns."{column[:40]}"')
        if not column.strip() or len(column) > HEADER_LIMIT or first_control(column):
            raise refuse(key, t("safe.mapping_bad_column"))
        if target not in TARGETS:
            raise refuse(key, t("import.unknown_target", column=visible(column[:40]),
                                target=visible(target[:40])))
    return dict(columns), encoding or None, delimiter or None
