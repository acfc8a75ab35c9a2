"""Strings of the forms' keys and messages: list filters, field errors named by their label."""

STRINGS = {
    "key.filter_to_list": ("Liste", "List"),
}
