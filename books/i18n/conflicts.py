"""Strings of refused saves: what a form says after someone saved the same row first."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    "conflict.reloaded": (
        "Non enregistré : quelqu'un d'autre a enregistré cette fiche entre-temps. "
        "Ses valeurs sont rechargées.",
        "Not saved: someone else saved this record meanwhile. Their values are reloaded.",
    ),
    "conflict.changed": ("Modifié par l'autre (marqué ●) : {fields}", "Changed by them (marked ●): {fields}"),
    "conflict.nothing_visible": (
        "Aucun champ de ce formulaire n'a changé (seulement d'autres données de la fiche).",
        "No field of this form changed (only other data of the record).",
    ),
    "conflict.value": ("{field} « {value} »", "{field} '{value}'"),
    "conflict.kept": ("Vos modifications gardées : {fields}", "Your changes kept: {fields}"),
    "conflict.collided": (
        "{field} : vous aviez saisi « {mine} », l'autre a enregistré « {theirs} » (gardé)",
        "{field}: you typed '{mine}', they saved '{theirs}' (kept)",
    ),
    "conflict.again": ("Vérifiez, puis ctrl+s pour enregistrer.", "Check, then ctrl+s to save."),
    "conflict.empty": ("(vide)", "(empty)"),
    "conflict.yes": ("oui", "yes"),
    "conflict.no": ("non", "no"),
    "conflict.deleted": (
        "Non enregistré : cette fiche a été supprimée entre-temps par quelqu'un d'autre.",
        "Not saved: this record was deleted meanwhile by someone else.",
    ),
    "conflict.rename": (
        "Non renommé : {code} a été modifié entre-temps par quelqu'un d'autre "
        "(nom actuel « {name} ») ; renommez à nouveau si besoin",
        "Not renamed: {code} was changed meanwhile by someone else "
        "(name now '{name}'); rename again if needed",
    ),
    "conflict.contact": (
        "ce contact a été modifié entre-temps par quelqu'un d'autre ({fields}) ; rien n'a été écrasé",
        "this contact was changed meanwhile by someone else ({fields}); nothing was overwritten",
    ),
    "conflict.dossier_archived": (
        "« {name} » a été modifié entre-temps par quelqu'un d'autre ; réessayez",
        "'{name}' was changed meanwhile by someone else; try again",
    ),
}
