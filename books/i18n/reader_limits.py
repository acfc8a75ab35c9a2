"""Strings of the reader's limits: sizes, pixels, time and memory a file may cost."""

STRINGS: dict[str, tuple[str, str]] = {
    "extract.error.attachment_too_large": (
        "{file} : fichier joint qui dépasse {limit} Mo une fois décompressé (bombe de "
        "décompression ?), refusé",
        "{file}: embedded file over {limit} MB once inflated (decompression bomb?), refused",
    ),
    "extract.error.image_too_large": (
        "{file} : image de {width} × {height} pixels, au-delà de la limite de {limit} "
        "mégapixels pour la reconnaissance, refusée",
        "{file}: image of {width} × {height} pixels, over the {limit}-megapixel limit for "
        "recognition, refused",
    ),
    "extract.warning.page_scaled": (
        "page {page} très grande : reconnue à {dpi} dpi au lieu de {wanted} (limite de "
        "{limit} mégapixels)",
        "page {page} very large: recognised at {dpi} dpi instead of {wanted} ({limit}-megapixel "
        "limit)",
    ),
    "extract.error.timeout": (
        "{file} : lecture interrompue après {seconds} s (limite par fichier)",
        "{file}: reading stopped after {seconds} s (per-file limit)",
    ),
    "extract.error.memory": (
        "{file} : la lecture a dépassé la limite de mémoire ({limit} Mo), fichier refusé",
        "{file}: reading went over the memory limit ({limit} MB), file refused",
    ),
    "extract.error.reader_died": (
        "{file} : le lecteur s'est arrêté sur ce fichier ({reason}), fichier refusé",
        "{file}: the reader stopped on this file ({reason}), file refused",
    ),
}
