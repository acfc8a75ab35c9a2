"""Strings of hostile and broken input: control characters, odd files, wrong mapping files."""

STRINGS: dict[str, tuple[str, str]] = {
    "safe.control_char": ("{field} : caractère de contrôle {char} refusé",
                          "{field}: control character {char} refused"),
    "safe.not_regular": ("{file} : pas un fichier ordinaire (répertoire, tube ou périphérique)",
                         "{file}: not a regular file (a folder, pipe or device)"),
    "safe.header_too_long": ("{file}, ligne 1, colonne {number} : nom de colonne de plus de {max} caractères",
                             "{file}, line 1, column {number}: column name over {max} characters"),
    "safe.header_control": ("{file}, ligne 1, colonne {number} : caractère de contrôle {char} refusé",
                            "{file}, line 1, column {number}: control character {char} refused"),
    "safe.mapping_key": ("modèle {file} : « {key} » {reason}", "mapping {file}: '{key}' {reason}"),
    "safe.mapping_not_text": ("doit être un texte entre guillemets", "must be a quoted text"),
    "safe.mapping_bad_encoding": ("encodage inconnu « {value} »", "unknown encoding '{value}'"),
    "safe.mapping_bad_delimiter": (
        "doit être un seul caractère (« ; », « , », « | » ou une tabulation), pas « {value} »",
        "must be one character (';', ',', '|' or a tab), not '{value}'"),
    "safe.mapping_too_big": ("plus de 1 Mo, ce n'est pas un modèle", "over 1 MB, not a mapping"),
    "safe.mapping_bad_column": ("colonne vide ou trop longue", "empty or too long column name"),
    "safe.save_target": ("{file} : le modèle ne peut pas être écrit ({reason}) ; rien n'a été importé",
                         "{file}: the mapping cannot be written ({reason}); nothing was imported"),
    "safe.save_failed": ("import fait, mais le modèle {file} n'a pas été écrit ({reason})",
                         "import done, but the mapping {file} was not written ({reason})"),
    "safe.no_folder": ("répertoire {folder} introuvable", "no folder {folder}"),
    "safe.is_folder": ("c'est un répertoire", "it is a folder"),
    "safe.import_busy": ("{file} : la liste est occupée par un autre import ou une autre écriture ; "
                         "réessayez dans un instant (rien n'a été importé)",
                         "{file}: the list is busy with another import or change; "
                         "try again in a moment (nothing was imported)"),
    "safe.import_clash": ("{file} : la liste a changé pendant l'import ; rien n'a été importé, relancez-le",
                          "{file}: the list changed during the import; nothing was imported, run it again"),
    "extract.error.amount_range": ("{file} : nombre hors limites « {value} » ({element})",
                                   "{file}: number out of range '{value}' ({element})"),
    "extract.error.xml_encoding": ("{file} : XML illisible en {encoding} ({reason})",
                                   "{file}: XML unreadable as {encoding} ({reason})"),
}
