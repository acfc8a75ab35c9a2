"""Strings of the foundation: configuration, users, dossiers, the app shell."""

STRINGS: dict[str, tuple[str, str]] = {
    # configuration
    "config.error": ("{where} : clé « {key} » : {problem}", "{where}: key '{key}': {problem}"),
    "config.unknown_key": ("clé inconnue", "unknown key"),
    "config.missing_key": ("clé obligatoire absente", "required key missing"),
    "config.wrong_type": ("type attendu : {expected}", "expected type: {expected}"),
    "config.one_of": ("valeurs possibles : {choices}", "allowed values: {choices}"),
    "config.unreadable": ("{file} : lecture impossible ({reason})", "{file}: cannot read ({reason})"),
    "config.syntax": ("{file} : erreur de syntaxe TOML : {reason}", "{file}: TOML syntax error: {reason}"),
    "config.syntax_at": ("ligne {line}, colonne {column}", "line {line}, column {column}"),
    "config.syntax_somewhere": ("fichier mal formé", "malformed file"),
    # database
    "db.unavailable": (
        "base de données « {database} » inaccessible : {reason}",
        "cannot open database '{database}': {reason}",
    ),
    "db.upgraded": ("Base de données à jour (révision {revision}).", "Database up to date (revision {revision})."),
    "db.backup_done": ("Copie enregistrée dans {path}.", "Backup written to {path}."),
    "db.backup_exists": ("{path} existe déjà ; choisissez un autre nom.", "{path} already exists; choose another name."),
    # users and roles
    "user.unknown": (
        "« {login} » n'est pas un utilisateur de Saisie : demandez à un administrateur de vous ajouter "
        "(saisie user add {login} --role collaborator).",
        "'{login}' is not a Saisie user: ask an admin to add you "
        "(saisie user add {login} --role collaborator).",
    ),
    "user.inactive": ("le compte « {login} » est désactivé.", "the account '{login}' is disabled."),
    "user.bad_role": ("rôle « {role} » inconnu (possibles : {choices})", "unknown role '{role}' (allowed: {choices})"),
    "user.bad_login": (
        "identifiant « {login} » invalide (lettres, chiffres, . _ - @, 64 caractères au plus)",
        "invalid login '{login}' (letters, digits, . _ - @, at most 64 characters)",
    ),
    "user.exists": ("l'utilisateur « {login} » existe déjà", "user '{login}' already exists"),
    "user.not_found": ("aucun utilisateur « {login} »", "no user '{login}'"),
    "user.last_admin": (
        "impossible : ce serait retirer le dernier administrateur",
        "refused: that would remove the last admin",
    ),
    "user.added": ("Utilisateur {login} ajouté ({role}).", "User {login} added ({role})."),
    "user.role_set": ("{login} est maintenant {role}.", "{login} is now {role}."),
    "role.admin": ("Administrateur", "Admin"),
    "role.team_lead": ("Chef d'équipe", "Team lead"),
    "role.collaborator": ("Collaborateur", "Collaborator"),
    # permissions
    "perm.denied": ("refusé : {action} est réservé à d'autres rôles que {role}", "refused: {action} is not allowed for the role {role}"),
    "perm.action.dossier.create": ("créer un dossier", "creating a dossier"),
    "perm.action.dossier.edit": ("modifier un dossier", "editing a dossier"),
    "perm.action.dossier.archive": ("archiver un dossier", "archiving a dossier"),
    "perm.action.user.manage": ("gérer les utilisateurs", "managing users"),
    "perm.action.party.edit": ("modifier les tiers", "editing parties"),
    "perm.action.document.review": ("traiter les pièces", "reviewing documents"),
    # fields and identifiers
    "field.name": ("Raison sociale", "Company name"),
    "field.too_long": ("{field} : {max} caractères au plus", "{field}: at most {max} characters"),
    "error.not_writable": ("pas de droit d'écriture", "not writable"),
    "os.not_found": ("fichier ou dossier introuvable", "no such file or folder"),
    "os.denied": ("accès refusé", "permission denied"),
    "os.is_folder": ("c'est un dossier, pas un fichier", "it is a folder, not a file"),
    "os.not_folder": ("une partie du chemin n'est pas un dossier", "part of the path is not a folder"),
    "os.disk_full": ("disque plein", "disk full"),
    "os.read_only": ("support en lecture seule", "read-only storage"),
    "os.name_too_long": ("nom trop long", "name too long"),
    "os.exists": ("existe déjà", "already exists"),
    "id.invalid_siren": ("{field} : SIREN « {value} » invalide ({reason})", "{field}: invalid SIREN '{value}' ({reason})"),
    "id.invalid_siret": ("{field} : SIRET « {value} » invalide ({reason})", "{field}: invalid SIRET '{value}' ({reason})"),
    "id.invalid_vat": (
        "{field} : numéro de TVA « {value} » invalide ({reason})",
        "{field}: invalid VAT number '{value}' ({reason})",
    ),
    "id.invalid_iban": ("{field} : IBAN « {value} » invalide ({reason})", "{field}: invalid IBAN '{value}' ({reason})"),
    "id.invalid_bic": ("{field} : BIC « {value} » invalide ({reason})", "{field}: invalid BIC '{value}' ({reason})"),
    "id.reason.checksum": ("clé de contrôle fausse", "wrong check digits"),
    "id.reason.length": ("longueur incorrecte", "wrong length"),
    "id.reason.format": ("format incorrect", "wrong format"),
    "id.reason.component": ("partie inconnue ou impossible", "unknown or impossible part"),
    "id.reason.other": ("non reconnu", "not recognised"),
    "id.invalid_email": ("{field} : adresse « {value} » invalide", "{field}: invalid address '{value}'"),
    "id.invalid_currency": (
        "{field} : « {value} » n'est pas un code devise ISO 4217",
        "{field}: '{value}' is not an ISO 4217 currency code",
    ),
    # dossiers
    "dossier.name_required": ("Raison sociale : obligatoire", "Company name: required"),
    "dossier.bad_sector": ("secteur « {sector} » inconnu (possibles : {choices})", "unknown sector '{sector}' (allowed: {choices})"),
    "dossier.vat_siren_mismatch": (
        "le numéro de TVA {vat} ne correspond pas au SIREN {siren}",
        "VAT number {vat} does not match SIREN {siren}",
    ),
    "dossier.bad_field": ("champ non modifiable : {field}", "field cannot be edited: {field}"),
    "dossier.bad_due_days": (
        "délai de paiement « {value} » invalide (nombre de jours entre 0 et 365)",
        "invalid payment terms '{value}' (a number of days from 0 to 365)",
    ),
    "dossier.inbox_unwritable": (
        "dossier de réception {path} impossible à créer : {reason}",
        "cannot create the inbox folder {path}: {reason}",
    ),
    "dossier.invite_needs_contact": (
        "pour inviter le client, son nom et son email sont obligatoires",
        "to invite the client, their name and email are required",
    ),
    "dossier.not_found": ("aucun dossier « {slug} » accessible", "no accessible dossier '{slug}'"),
    "dossier.conflict": (
        "« {name} » a été modifié par quelqu'un d'autre entre-temps ; rechargez et recommencez",
        "'{name}' was changed by someone else meanwhile; reload and try again",
    ),
    "dossier.email_in_use": (
        "l'email {email} est déjà celui du client d'un autre dossier : {dossiers}",
        "the email {email} is already the client contact of another dossier: {dossiers}",
    ),
    "dossier.created": ("Dossier « {name} » créé ({slug}).", "Dossier '{name}' created ({slug})."),
    "dossier.inbox_hint": ("Pièces à déposer dans : {inbox}", "Send invoices to: {inbox}"),
    "dossier.archived": ("Dossier « {name} » archivé.", "Dossier '{name}' archived."),
    "dossier.restored": ("Dossier « {name} » restauré.", "Dossier '{name}' restored."),
    "dossier.saved": ("Dossier « {name} » enregistré.", "Dossier '{name}' saved."),
    "dossier.nothing_to_change": ("rien à modifier : indiquez au moins une option", "nothing to change: give at least one option"),
    "invite.subject": ("{firm} — envoi de vos factures ({dossier})", "{firm} — sending your invoices ({dossier})"),
    "invite.body": (
        "Bonjour {name},\n\n{firm} tient désormais la comptabilité de {dossier} avec Saisie.\n"
        "Déposez vos factures d'achat et de vente (Factur-X, UBL, PDF ou photos) dans le dossier :\n\n"
        "    {inbox}\n\nElles seront reconnues et traitées automatiquement.\n\nCordialement,\n{firm}",
        "Hello {name},\n\n{firm} now keeps the books of {dossier} with Saisie.\n"
        "Please drop your purchase and sales invoices (Factur-X, UBL, PDF or photos) in the folder:\n\n"
        "    {inbox}\n\nThey will be recognised and processed automatically.\n\nKind regards,\n{firm}",
    ),
    "invite.sent": ("Invitation envoyée à {email}.", "Invitation sent to {email}."),
    "invite.copy": ("Invitation à transmettre à {email} :", "Invitation to pass on to {email}:"),
    "invite.failed": ("Envoi impossible ({reason}) ; texte à transmettre :", "Could not send ({reason}); text to pass on:"),
    "sector.commerce": ("Commerce", "Retail and trade"),
    "sector.restauration": ("Restauration, hôtellerie", "Restaurants and hotels"),
    "sector.btp": ("BTP, construction", "Construction"),
    "sector.services": ("Services aux entreprises", "Business services"),
    "sector.industrie": ("Industrie", "Manufacturing"),
    "sector.transport": ("Transport, logistique", "Transport and logistics"),
    "sector.sante": ("Santé", "Health"),
    "sector.immobilier": ("Immobilier", "Real estate"),
    "sector.agriculture": ("Agriculture", "Agriculture"),
    "sector.profession_liberale": ("Profession libérale", "Liberal profession"),
    "sector.association": ("Association", "Non-profit"),
    "sector.autre": ("Autre", "Other"),
    # parties (shared by the lists, the record and the import)
    "party.bad_amount": ("{field} : montant « {value} » illisible", "{field}: unreadable amount '{value}'"),
    "party.bad_days": ("{field} : « {value} » n'est pas un nombre de jours entre 0 et 365", "{field}: '{value}' is not a number of days from 0 to 365"),
    "party.bad_country": ("pays « {value} » : code ISO à deux lettres attendu (FR, BE…)", "country '{value}': a two-letter ISO code is expected (FR, BE…)"),
    "party.unknown_field": ("champ inconnu : {field}", "unknown field: {field}"),
    "party.required": ("{field} : obligatoire", "{field}: required"),
    # demo
    "demo.done": ("Données de démonstration prêtes dans {database}.", "Demo data ready in {database}."),
    "demo.step": ("{step}…", "{step}…"),
    "demo.dossier": ("{name} : {customers} clients, {suppliers} fournisseurs",
                     "{name}: {customers} customers, {suppliers} suppliers"),
    "demo.user": ("utilisateur {login}", "user {login}"),
}
