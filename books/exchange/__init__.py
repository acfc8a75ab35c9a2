"""Exchanging party lists with other tools: CSV/TXT import with remembered mappings, CSV export.

- :mod:`reading`: bytes → encoding, delimiter, header and rows;
- :mod:`mapping`: columns → fields, proposed, checked, remembered, in TOML;
- :mod:`rows`: each row → cleaned fields or a rejection;
- :mod:`plan`: rows compared with the list → what to create, update, leave;
- :mod:`service`: the services the CLI and the screen call;
- :mod:`export`: a list or a selection → CSV that imports back unchanged.
"""
from books.exchange.export import export_parties

__all__ = ["export_parties"]
