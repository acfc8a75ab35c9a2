"""Strings of the review workflow: who publishes a dossier's documents, the reviewed
state (« vérifiée »), moving a document back "à classer"."""

STRINGS: dict[str, tuple[str, str]] = {
    "audit.action.review": ("marquée vérifiée", "marked reviewed"),
    "perm.action.document.publish": ("publier les pièces", "publishing documents"),
    "settings.publishers": ("Qui publie", "Who publishes"),
    "review.publishers.all": ("tous ceux qui traitent le dossier",
                              "everyone who works the dossier"),
    "review.publishers.leads": ("les chefs d'équipe et les administrateurs",
                                "team leads and admins"),
    "review.publishers_short.all": ("tous", "everyone"),
    "review.publishers_short.leads": ("chefs d'équipe, admins", "team leads, admins"),
    "review.bad_publishers": ("Qui publie : « {value} » n'est pas un choix ({choices})",
                              "Who publishes: '{value}' is not a choice ({choices})"),
    "review.publish_leads_only": (
        "dans ce dossier, seuls les chefs d'équipe et les administrateurs publient "
        "({role} : la pièce peut être marquée vérifiée)",
        "in this dossier only team leads and admins publish "
        "({role}: the document can be marked reviewed)"),
    "review.changed_by": (
        "{name} a été modifiée par {who} le {at} depuis que vous l'avez ouverte : rien n'est "
        "fait ; relisez ses valeurs à jour, ⏎ la valide",
        "{name} was changed by {who} on {at} since you opened it: nothing done; check its "
        "fresh values, ⏎ validates it"),
    "review.changed": (
        "{name} a changé depuis que vous l'avez ouverte (règles ou lecture) : rien n'est "
        "fait ; relisez ses valeurs à jour, ⏎ la valide",
        "{name} changed since you opened it (rules or reading): nothing done; check its "
        "fresh values, ⏎ validates it"),
    "review.gone": ("{name} n'existe plus", "{name} no longer exists"),
    "review.already_reviewed": ("déjà vérifiée : elle attend d'être publiée",
                                "reviewed already: it waits to be published"),
    "review.already_published": ("déjà publiée : elle ne change plus",
                                 "published already: it no longer changes"),
    "review.already_unfiled": ("{name} est déjà à classer", "{name} is to file already"),
    "document.state.reviewed": ("vérifiée", "reviewed"),
    "inlist.state.reviewed": ("vérifiée", "reviewed"),
    "inlist.states.reviewed": ("vérifiées", "reviewed"),
    "cli.count.reviewed": ("vérifiées", "reviewed"),
    "inlist.done.review": ("{count} pièce(s) marquée(s) vérifiée(s) (u annule)",
                           "{count} document(s) marked reviewed (u undoes)"),
    "inlist.done.publish_reviewed": (
        "{count} pièce(s) publiée(s), {reviewed} marquée(s) vérifiée(s) : seuls les chefs "
        "d'équipe et les administrateurs publient dans ce dossier (u annule)",
        "{count} document(s) published, {reviewed} marked reviewed: only team leads and "
        "admins publish in this dossier (u undoes)"),
    "inlist.action.review": ("Marquer vérifiées", "Mark reviewed"),
    "inlist.confirm_review": ("Marquer {count} pièce(s) vérifiée(s) ?",
                              "Mark {count} document(s) reviewed?"),
    "inlist.move_unfiled": ("À classer (aucun dossier)", "To file (no dossier)"),
    "inlist.waiting_reviewed": ("{count} ({reviewed} vérifiées)", "{count} ({reviewed} reviewed)"),
    "inlist.waiting_both": ("{count} ({flagged} à voir, {reviewed} vérifiées)",
                            "{count} ({flagged} to check, {reviewed} reviewed)"),
    "home.waiting_short": ("{count} ({marks})", "{count} ({marks})"),
    "home.mark_flagged": ("{count}!", "{count}!"),
    "home.mark_reviewed": ("{count}✓", "{count}✓"),
    "home.waiting_legend": ("! à voir, ✓ vérifiées", "! to check, ✓ reviewed"),
    "view.key.move": ("déplacer", "move"),
    "view.move_title": ("Déplacer {name} vers…", "Move {name} to…"),
    "view.moved": ("{name} déplacée : {target}", "{name} moved: {target}"),
    "view.reviewed": ("{name} vérifiée : elle attend un chef d'équipe ou un administrateur",
                      "{name} reviewed: it waits for a team lead or an admin"),
    "view.reviewed_here": ("{count} vérifiée(s) ici", "{count} reviewed here"),
    "view.key.undo": ("annuler", "undo"),
    "view.undone": ("{name} : « {action} » annulé", "{name}: '{action}' undone"),
    "view.undo_kept": ("{name} a été publiée, supprimée ou modifiée par quelqu'un d'autre "
                       "depuis : rien n'est annulé",
                       "{name} was published, deleted or changed by someone else since: "
                       "nothing is undone"),
    "view.nothing_to_undo": ("Rien à annuler ici", "Nothing to undo here"),
    "view.undo.assign": ("tiers attribué", "party assigned"),
    "view.undo.review": ("vérifiée", "reviewed"),
    "view.undo.move": ("déplacée", "moved"),
    "document.reviewed": ("{count} pièce(s) marquée(s) vérifiée(s)",
                          "{count} document(s) marked reviewed"),
    "document.moved_unfiled": ("Pièce {id} remise à classer", "Document {id} put back to file"),
    "document.move_one_target": ("Donnez --dossier SLUG ou --unassigned (l'un des deux)",
                                 "Give --dossier SLUG or --unassigned (one of the two)"),
}
