"""The command line's help texts (commands' docstrings and options' help).

They are written in English in the code, where click reads them; the
command line shows them through :func:`help_text`, which finds the French by
the English text. ``tests/cli/test_click_strings.py`` checks that every
command and option of ``saisie`` has its French here, so a new one cannot
show English in the French interface.
"""

from __future__ import annotations

import inspect
import re

_EMPTY = "Une valeur vide l'efface."
PAIRS: list[tuple[str, str]] = [
    ("Saisie: pre-accounting for bookkeeping firms, in the terminal.\n\nWithout a command, opens the app.",
     "Saisie : la pré-comptabilité des cabinets, dans le terminal.\n\nSans commande, ouvre l'application."),
    ("Database: a file path (SQLite) or postgresql+psycopg://… URL.",
     "Base de données : un chemin de fichier (SQLite) ou une URL postgresql+psycopg://…"),
    ("Configuration file (default: the user config dir).",
     "Fichier de configuration (par défaut : celui du dossier de configuration de l'utilisateur)."),
    ("List audit events, newest first.", "Le journal d'audit, le plus récent d'abord."),
    ("Only this dossier's events.", "Seulement les événements de ce dossier."),
    ("At most N events (200 unless told, 1 to 100,000).",
     "Au plus N événements (200 sauf indication, de 1 à 100 000)."),
    ("JSON Lines, newest first.", "JSON Lines, le plus récent d'abord."),
    ("The database: upgrade its schema, back it up.", "La base de données : mise à niveau du schéma, sauvegarde."),
    ("Write a consistent copy of a live SQLite database to PATH (admins).",
     "Écrit dans PATH une copie cohérente d'une base SQLite en service (administrateurs)."),
    ("PostgreSQL privileges matching each user's role (admins): print or apply them.\n\n"
     "Run it again after adding users or changing roles.",
     "Les droits PostgreSQL qui correspondent au rôle de chacun (administrateurs) : les afficher ou "
     "les appliquer.\n\nÀ relancer après l'ajout d'utilisateurs ou un changement de rôle."),
    ("Run the statements now (as the owner of the tables).",
     "Exécute les instructions tout de suite (en tant que propriétaire des tables)."),
    ("Upgrade the database schema to the newest revision (admins).",
     "Met le schéma de la base à la dernière version (administrateurs)."),
    ("Fill the database with a realistic demo firm (idempotent), then open the app.",
     "Remplit la base avec un cabinet de démonstration réaliste (sans doublon), puis ouvre l'application."),
    ("Fill the database only; do not open the app.", "Remplit la base seulement, sans ouvrir l'application."),
    ("Client dossiers.", "Les dossiers clients."),
    ("Archive a dossier: hidden from the lists, nothing deleted.",
     "Archive un dossier : il quitte les listes, rien n'est supprimé."),
    ("Create a dossier and its inbox folder (admins only).",
     "Crée un dossier et son dossier de dépôt (administrateurs seulement)."),
    ("commerce, restauration, btp, services, industrie, transport, sante, immobilier, agriculture, "
     "profession_liberale, association, autre",
     "commerce, restauration, btp, services, industrie, transport, sante, immobilier, agriculture, "
     "profession_liberale, association, autre"),
    ("The company's VAT number (FR…).", "Le numéro de TVA de la société (FR…)."),
    ("The client's contact person.", "La personne à contacter chez le client."),
    ("The client's email.", "L'e-mail du client."),
    ("The client's phone.", "Le téléphone du client."),
    ("Give this user access (repeatable).", "Donne accès à cet utilisateur (répétable)."),
    ("Invite the client now (needs --contact-name and --email).",
     "Invite le client tout de suite (demande --contact-name et --email)."),
    ("Another dossier for the same client: accept a name or an email another dossier has.",
     "Un autre dossier pour le même client : accepte un nom ou un e-mail qu'un autre dossier a déjà."),
    ("Change a dossier's settings (admins only).", "Modifie les réglages d'un dossier (administrateurs seulement)."),
    ("Base currency (ISO 4217).", "Devise de base (ISO 4217)."),
    ("Default payment terms in days.", "Délai de paiement par défaut, en jours."),
    ("Mark the dossier as connected to this software.", "Marque le dossier comme relié à ce logiciel."),
    ("The company's postal code (974… proposes the overseas VAT territory).",
     "Le code postal de l'entreprise (974… propose le territoire TVA des DOM)."),
    ("The company's postal code (a new one proposes its VAT territory).",
     "Le code postal de l'entreprise (un nouveau code propose son territoire TVA)."),
    ("Where the company pays VAT: mainland (20, 10, 5.5, 2.1, 0), corsica (20, 10, "
     "13, 5.5, 2.1, 0.9, 0), overseas "
     "(Guadeloupe, Martinique, La Réunion: 8.5, 2.1, 1.75, 1.05, 0) or no_vat "
     "(Guyane, Mayotte…: 0). Default: the one the postal code proposes.",
     "Où l'entreprise paie la TVA : mainland, métropole hors Corse (20, 10, 5,5, 2,1, 0), "
     "corsica, Corse (20, 10, 13, 5,5, 2,1, 0,9, 0), overseas, DOM "
     "(Guadeloupe, Martinique, La Réunion : 8,5, 2,1, 1,75, 1,05, 0) ou no_vat, sans TVA "
     "(Guyane, Mayotte… : 0). Par défaut, celui que propose le code postal."),
    ("Replace who has access (repeatable).", "Remplace la liste des accès (répétable)."),
    ("Invite the dossier's client to send their invoices.", "Invite le client du dossier à envoyer ses factures."),
    ("List the dossiers you can open.", "Les dossiers que vous pouvez ouvrir."),
    ("List archived dossiers instead.", "Les dossiers archivés à la place."),
    ("JSON Lines, one dossier per line.", "JSON Lines, un dossier par ligne."),
    ("Bring an archived dossier back.", "Restaure un dossier archivé."),
    ("Show a dossier: identity, inbox folder, access, invitation, counts.",
     "Affiche un dossier : identité, dossier de dépôt, accès, invitation, compteurs."),
    ("Read invoices (Factur-X, ZUGFeRD, CII, UBL, PDF, images) and print their fields.\n\n"
     "Exit code 1 when any file could not be read (after printing every file).\n"
     "Messages follow the configured language; no database is opened. Each file is\n"
     "read in a child process limited in memory and time (books.invoices.sandbox).",
     "Lit des factures (Factur-X, ZUGFeRD, CII, UBL, PDF, images) et affiche leurs champs.\n\n"
     "Code de sortie 1 si un fichier n'a pas pu être lu (après avoir affiché tous les fichiers).\n"
     "Les messages suivent la langue configurée ; aucune base n'est ouverte. Chaque fichier est\n"
     "lu dans un processus fils limité en mémoire et en temps (books.invoices.sandbox)."),
    ("One JSON object per file (JSON Lines).", "Un objet JSON par fichier (JSON Lines)."),
    ("Customers and suppliers of a dossier.", "Les clients et fournisseurs d'un dossier."),
    ("Add a customer or supplier (admins and team leads).",
     "Ajoute un client ou un fournisseur (administrateurs et chefs d'équipe)."),
    ("The dossier.", "Le dossier."),
    ("Which list: customers (sales) or suppliers (purchases).",
     "Quelle liste : clients (ventes) ou fournisseurs (achats)."),
    ("Accounting account (e.g. 411DUPONT).", "Compte comptable (par ex. 411DUPONT)."),
    ("Repeatable.", "Répétable."),
    ("Machine-readable output.", "Sortie lisible par un programme."),
    # rules (issue 18)
    ("Supplier, customer and other rules of a dossier.",
     "Les règles fournisseurs, clients et autres d'un dossier."),
    ("Which kind of rule.",
     "Le type de règle."),
    ("A party's code (repeatable).",
     "Le code d'un tiers (répétable)."),
    ("Every party the list filter matches.",
     "Tous les tiers que ce filtre de liste trouve."),
    ("Every party of this group.",
     "Tous les tiers de ce groupe."),
    ("The payment method or user the rule is for.",
     "Le moyen de paiement ou l'utilisateur visé par la règle."),
    ("Exception: amounts above this stop auto-publish.",
     "Exception : au-delà de ce montant, pas de publication automatique."),
    ("Exception: a missing VAT stops auto-publish.",
     "Exception : une TVA absente arrête la publication automatique."),
    ("Exception: this check's flag stops auto-publish.",
     "Exception : cette alerte arrête la publication automatique."),
    ("Exception: a party created this month stops auto-publish.",
     "Exception : un tiers créé ce mois-ci arrête la publication automatique."),
    ("Expense or revenue account.",
     "Compte de charge ou de produit."),
    ("VAT rate.",
     "Taux de TVA."),
    ("Due date: days after the invoice date.",
     "Échéance : nombre de jours après la date de facture."),
    ("Due date: end of month plus days.",
     "Échéance : fin de mois plus ce nombre de jours."),
    ("Payment method.",
     "Moyen de paiement."),
    ("Paid or unpaid.",
     "Payée ou non payée."),
    ("Description.",
     "Description."),
    ("Currency (ISO 4217).",
     "Devise (ISO 4217)."),
    ("Publish new documents without review.",
     "Publie les nouvelles pièces sans revue."),
    ("Reminder note shown on every new document of the supplier.",
     "Note de rappel affichée sur chaque nouvelle pièce du fournisseur."),
    ("This field only fills a blank (repeatable).",
     "Ce champ ne remplit qu'un champ vide (répétable)."),
    ("Apply to the documents already in the inbox.",
     "Applique aux pièces déjà dans la boîte de réception."),
    ("Create or change a rule (a bulk rule with several parties, --filter or --group).",
     "Crée ou modifie une règle (en masse avec plusieurs tiers, --filter ou --group)."),
    ("List a dossier's rules and what each sets.",
     "Liste les règles d'un dossier et ce que chacune fixe."),
    ("The rule's number (saisie rules list).",
     "Le numéro de la règle (saisie rules list)."),
    ("A party rule's kind.",
     "Le type d'une règle de tiers."),
    ("The party whose rule goes.",
     "Le tiers dont la règle est supprimée."),
    ("Delete a rule (undoable).",
     "Supprime une règle (annulable)."),
    ("How many documents each rule filled, and where typing is still manual.",
     "Combien de pièces chaque règle a remplies, et où la saisie reste manuelle."),
    ("Write to this file instead of the standard output.",
     "Écrit dans ce fichier plutôt que sur la sortie standard."),
    ("Write every rule of a dossier as TOML.",
     "Écrit toutes les règles d'un dossier en TOML."),
    ("Say what would change; write nothing.",
     "Dit ce qui changerait, sans rien écrire."),
    ("Read rules from a TOML file (every invalid entry named by its key).",
     "Lit des règles dans un fichier TOML (chaque entrée invalide nommée par sa clé)."),
    ("The names confirmed as a party's on documents; add or remove one.",
     "Les noms confirmés comme ceux d'un tiers sur les pièces ; en ajouter ou en retirer un."),
    ("Confirm NAME (as printed on documents) as this party's.",
     "Confirme NAME (tel qu'imprimé sur les pièces) comme celui de ce tiers."),
    ("Forget the confirmed name with this number.", "Oublie le nom confirmé qui porte ce numéro."),
    ("Archive parties: they leave the lists and matching, their history stays.",
     "Archive des tiers : ils quittent les listes et le rapprochement, leur historique reste."),
    ("Delete parties without documents; those with documents are kept and named (undoable).",
     "Supprime des tiers sans pièces ; ceux qui en ont sont gardés et nommés (annulable)."),
    ("Pairs of parties of one list that are probably the same company, with the reason.",
     "Les paires de tiers d'une liste qui sont probablement la même société, avec la raison."),
    ('Change fields of a customer or supplier (admins and team leads); prints the party.\n\n'
     'Only the options given change; an empty value ("") clears a field.',
     "Modifie des champs d'un client ou d'un fournisseur (administrateurs et chefs d'équipe) ; "
     "affiche le tiers.\n\nSeules les options données changent ; une valeur vide (\"\") efface le champ."),
    ("A new code (unique in the list).", "Un nouveau code (unique dans la liste)."),
    ("Company name (raison sociale).", "Raison sociale."),
    ("An empty value clears it.", _EMPTY),
    ("Intra-EU VAT number. An empty value clears it.", f"Numéro de TVA intracommunautaire. {_EMPTY}"),
    ("Two-letter country code (FR, BE…). An empty value clears it.",
     f"Code pays à deux lettres (FR, BE…). {_EMPTY}"),
    ("Checked and stored as +33 1 23 45 67 89. An empty value clears it.",
     f"Vérifié et enregistré sous la forme +33 1 23 45 67 89. {_EMPTY}"),
    ("Payment terms in days (0-365). An empty value clears it.", f"Délai de paiement en jours (0-365). {_EMPTY}"),
    ("One of: virement, prélèvement, chèque, carte, espèces, LCR. An empty value clears it.",
     f"Parmi : virement, prélèvement, chèque, carte, espèces, LCR. {_EMPTY}"),
    ("SEPA mandate reference. An empty value clears it.", f"Référence du mandat SEPA. {_EMPTY}"),
    ("SEPA mandate signed on (31/12/2026). An empty value clears it.",
     f"Date de signature du mandat SEPA (31/12/2026). {_EMPTY}"),
    ("Accounting account (e.g. 411DUPONT). An empty value clears it.",
     f"Compte comptable (par ex. 411DUPONT). {_EMPTY}"),
    ("Credit limit (12 500,50). An empty value clears it.", f"Limite de crédit (12 500,50). {_EMPTY}"),
    ("Credit insurer's guarantee. An empty value clears it.", f"Garantie de l'assureur-crédit. {_EMPTY}"),
    ("Export a list as CSV (UTF-8 with BOM, ``;``) that imports back unchanged.",
     "Exporte une liste en CSV (UTF-8 avec BOM, « ; ») qui se réimporte à l'identique."),
    ("File to write (stdout when absent).", "Fichier à écrire (la sortie standard sinon)."),
    ("Only parties matching this text.", "Seulement les tiers qui correspondent à ce texte."),
    ("Export the archived parties instead.", "Exporte les tiers archivés à la place."),
    ("Import customers or suppliers from a .csv or .txt file.",
     "Importe des clients ou des fournisseurs depuis un fichier .csv ou .txt."),
    ("Column mapping (and optionally encoding, delimiter) to use.",
     "Correspondance des colonnes à utiliser (et, au besoin, encodage et séparateur)."),
    ("Write the mapping used to this TOML file.", "Enregistre la correspondance utilisée dans ce fichier TOML."),
    ("Check and count, write nothing.", "Vérifie et compte, sans rien écrire."),
    ("Refuse the whole file when any row is rejected.", "Refuse tout le fichier dès qu'une ligne est rejetée."),
    ("List a dossier's customers or suppliers.", "Les clients ou les fournisseurs d'un dossier."),
    ("Words to find in code, name, SIREN, city.", "Mots à chercher dans le code, le nom, le SIREN, la ville."),
    ("Include archived parties.", "Avec les tiers archivés."),
    ("Which party a name (and identifiers) read on a document is.\n\n"
     "Names come as arguments, else from standard input, one a line. With\n"
     "--siren, --vat or --iban, one query is made of them and the first name.",
     "Quel tiers correspond à un nom (et à des identifiants) lu sur une pièce.\n\n"
     "Les noms viennent des arguments, sinon de l'entrée standard, un par ligne. Avec\n"
     "--siren, --vat ou --iban, une seule recherche est faite avec eux et le premier nom."),
    ("SIREN or SIRET read on the document.", "SIREN ou SIRET lu sur la pièce."),
    ("VAT number read on the document.", "Numéro de TVA lu sur la pièce."),
    ("IBAN read on the document.", "IBAN lu sur la pièce."),
    ("Rename a party (refused in a dossier connected to accounting software).",
     "Renomme un tiers (refusé dans un dossier relié à un logiciel comptable)."),
    ("Bring archived parties back.", "Restaure des tiers archivés."),
    ("Show parties (one JSON line each with --json); an unknown code shows nothing.",
     "Affiche des tiers (une ligne JSON chacun avec --json) ; un code inconnu n'affiche rien."),
    ("Undo your own last undoable action in a dossier: a bulk action on its parties, or a change of "
     "its rules with the inbox documents it changed.",
     "Annule votre dernière action annulable dans un dossier : une action groupée sur ses tiers, ou un "
     "changement de ses règles avec les pièces de la boîte qu'il a modifiées."),
    ("Undo the dossier's last action even if someone else did it (admins and team leads; asks first, "
     "naming who did what and when).",
     "Annule la dernière action du dossier même si quelqu'un d'autre l'a faite (administrateurs et chefs "
     "d'équipe ; demande d'abord, en disant qui a fait quoi et quand)."),
    ("With --others: do not ask (scripts); without a terminal it is required.",
     "Avec --others : ne pas demander (scripts) ; obligatoire sans terminal."),
    ("Collaborators of the firm and their roles.", "Les collaborateurs du cabinet et leurs rôles."),
    ("Add a user (admins only).", "Ajoute un utilisateur (administrateurs seulement)."),
    ("Display name.", "Nom affiché."),
    ("Print the user as JSON.", "Affiche l'utilisateur en JSON."),
    ("List the users.", "Les utilisateurs."),
    ("JSON Lines, one user per line.", "JSON Lines, un utilisateur par ligne."),
    ("Change a user's role (admins only).", "Change le rôle d'un utilisateur (administrateurs seulement)."),
    ("The inbox folders: take in the files dropped there.",
     "Les dossiers de dépôt : prendre en charge les fichiers qui y sont déposés."),
    ("Take in the files dropped in the inbox folders (headless, for a server).\n\n"
     "Runs until stopped (SIGTERM finishes the file in hand, then exits), logging\n"
     "one line per document; --once processes what is there and exits.",
     "Prend en charge les fichiers déposés dans les dossiers de dépôt (sans écran, pour un "
     "serveur).\n\nTourne jusqu'à l'arrêt (SIGTERM termine le fichier en cours, puis sort) et "
     "journalise une ligne par pièce ; --once traite ce qui est là et s'arrête."),
    ("Only this dossier's folder (default: every dossier and the firm's folder).",
     "Seulement le dossier de dépôt de ce dossier (par défaut : tous, et celui du cabinet)."),
    ("Take what is there, print a summary and exit.",
     "Traite ce qui est là, affiche un bilan et s'arrête."),
    ("Documents of the inbox: list, show, fix, assign, move, publish, delete.",
     "Les pièces de la boîte de réception : lister, afficher, corriger, attribuer, déplacer, "
     "publier, supprimer."),
    ("A dossier's documents, failures and duplicate records included, newest first.",
     "Les pièces d'un dossier, échecs et doublons compris, les plus récentes d'abord."),
    ("Only documents in this state (repeatable).", "Seulement les pièces dans cet état (répétable)."),
    ("The firm folder's documents that match no dossier (à classer).",
     "Les pièces du dossier de dépôt du cabinet qui ne correspondent à aucun dossier (à classer)."),
    ("Every field of a document with its value and where it comes from.",
     "Chaque champ d'une pièce, avec sa valeur et son origine."),
    ('Fix fields of a document by hand (a manual value wins over rules); "" clears one.',
     'Corrige des champs d\'une pièce à la main (une valeur saisie l\'emporte sur les règles) ; '
     '"" en efface un.'),
    ("Give a document its supplier or customer; the name as printed is learnt.",
     "Attribue son fournisseur ou son client à une pièce ; le nom tel qu'imprimé est retenu."),
    ("The party it is.", "Le tiers dont il s'agit."),
    ("Add the name and identifiers read on the document as a new party.",
     "Ajoute le nom et les identifiants lus sur la pièce comme nouveau tiers."),
    ('Put a document (from "à classer", or the wrong dossier) in a dossier\'s inbox, or back "à classer".',
     "Met une pièce (« à classer », ou dans le mauvais dossier) dans la boîte de réception d'un "
     "dossier, ou la remet « à classer »."),
    ("Back to the firm's documents that match no dossier (à classer).",
     "La remet parmi les pièces du cabinet qui ne correspondent à aucun dossier (à classer)."),
    ("Mark documents reviewed: checked, waiting for a person who may publish them (exit 1 if any "
     "refused).",
     "Marque des pièces vérifiées : contrôlées, elles attendent une personne qui peut les publier "
     "(code 1 si une est refusée)."),
    ("Who publishes its documents: all (everyone who works it) or leads (team leads and admins; a "
     "collaborator's validation marks a document reviewed).",
     "Qui publie ses pièces : all (tous ceux qui traitent le dossier) ou leads (les chefs d'équipe "
     "et les administrateurs ; la validation d'un collaborateur marque la pièce vérifiée)."),
    ("Publish documents; those a flag stops are named with why (exit 1 if any).",
     "Publie des pièces ; celles qu'une alerte arrête sont nommées avec la raison (code 1 s'il y "
     "en a)."),
    ("Delete documents not yet published (the stored file goes with the last of them).",
     "Supprime des pièces non publiées (le fichier archivé part avec la dernière qui le cite)."),
    # the ledger (issue 19)
    ("Put published documents back in review, each entry reversed (exit 1 if any refused).",
     "Remet des pièces publiées en revue, chaque écriture extournée (code 1 si une est refusée)."),
    ("A dossier's chart of accounts, journals and ledger settings.",
     "Le plan comptable d'un dossier, ses journaux et ses réglages comptables."),
    ("List the chart of accounts (the PCG's accounts, imported ones, those used).",
     "Liste le plan comptable (comptes du PCG, importés, utilisés)."),
    ("Only the accounts starting so.", "Seulement les comptes qui commencent ainsi."),
    ("Add an account to the chart (team leads and admins).",
     "Ajoute un compte au plan (chefs d'équipe et administrateurs)."),
    ("Give an account a new label (team leads and admins).",
     "Donne un nouveau libellé à un compte (chefs d'équipe et administrateurs)."),
    ("Add the accounts of a CSV (number;label) or of a FEC that the chart lacks.",
     "Ajoute au plan les comptes d'un CSV (numéro;libellé) ou d'un FEC qui lui manquent."),
    ("Rename the purchase or sale journal (code and label).",
     "Renomme le journal des achats ou des ventes (code et libellé)."),
    ("Prefix of suppliers' auxiliary accounts (prefix + code).",
     "Préfixe des comptes auxiliaires fournisseurs (préfixe + code)."),
    ("Prefix of customers' auxiliary accounts (prefix + code).",
     "Préfixe des comptes auxiliaires clients (préfixe + code)."),
    ("Where a rounding difference goes: the VAT line or 658/758.",
     "Où va un écart d'arrondi : la ligne de TVA ou 658/758."),
    ("The fiscal year's closing date (the FEC's name).",
     "La date de clôture de l'exercice (le nom du FEC)."),
    ("Show or change the dossier's ledger settings (changes: admins).",
     "Affiche ou modifie les réglages comptables du dossier (modification : administrateurs)."),
    ("The FEC: export a dossier's entries, check any FEC file.",
     "Le FEC : exporter les écritures d'un dossier, contrôler un fichier FEC."),
    ("First entry date (AAAA-MM-JJ).", "Première date d'écriture (AAAA-MM-JJ)."),
    ("Last entry date (AAAA-MM-JJ).", "Dernière date d'écriture (AAAA-MM-JJ)."),
    ("Folder the file and its notice go to (default: here).",
     "Dossier où vont le fichier et son descriptif (par défaut : ici)."),
    ("Field separator.", "Séparateur de zones."),
    ("Character set of the file.", "Jeu de caractères du fichier."),
    ("Write the dossier's FEC for the period, with its notice; print its SHA-256.",
     "Écrit le FEC du dossier pour la période, avec son descriptif ; affiche son SHA-256."),
    ("Check a FEC (ours or another software's); exit 1 when it has errors.",
     "Contrôle un FEC (le nôtre ou celui d'un autre logiciel) ; code 1 s'il a des erreurs."),
]
"""(English as written in the code, French) for every help text of the command line."""


def _key(english: str) -> str:
    return "cli.h." + re.sub(r"[^a-z0-9]+", "_", english.lower()).strip("_")[:60]


STRINGS: dict[str, tuple[str, str]] = {_key(en): (fr, en) for en, fr in PAIRS}
"""The catalog's entries, keyed by the English text's words."""
if len(STRINGS) != len(PAIRS):  # pragma: no cover - a clash is a bug in PAIRS
    raise RuntimeError("two help texts of the command line share a catalog key")


def help_key(english: str) -> str | None:
    """The catalog key of a help text as written in the code (dedented), if translated."""
    key = _key(inspect.cleandoc(english))
    return key if key in STRINGS else None
