"""``saisie dossier create|list|show|edit|archive|restore|invite``."""

from __future__ import annotations

from typing import Any

import click

from tui.cli.common import CliState, echo, emit_json, emit_table, pass_state, run_guarded

TERRITORY_CHOICES = ("mainland", "corsica", "overseas", "no_vat")
"""books.dossiers.vat.TERRITORIES (not imported: the help must not load the domain)."""
TERRITORY_HELP = ("Where the company pays VAT: mainland (20, 10, 5.5, 2.1, 0), corsica (20, 10, "
                  "13, 5.5, 2.1, 0.9, 0), overseas "
                  "(Guadeloupe, Martinique, La Réunion: 8.5, 2.1, 1.75, 1.05, 0) or no_vat "
                  "(Guyane, Mayotte…: 0). Default: the one the postal code proposes.")
SECTOR_HELP = (
    "commerce, restauration, btp, services, industrie, transport, sante, immobilier, "
    "agriculture, profession_liberale, association, autre"
)


def register(group: click.Group) -> None:
    """Add the ``dossier`` commands."""
    group.add_command(dossier)


@click.group()
def dossier() -> None:
    """Client dossiers."""


@dossier.command("create")
@click.argument("name")
@click.option("--sector", help=SECTOR_HELP)
@click.option("--siren")
@click.option("--vat", "vat_id", help="The company's VAT number (FR…).")
@click.option("--contact-name", help="The client's contact person.")
@click.option("--email", help="The client's email.")
@click.option("--phone", help="The client's phone.")
@click.option("--postcode", help="The company's postal code (974… proposes the overseas VAT territory).")
@click.option("--vat-territory", type=click.Choice(TERRITORY_CHOICES), help=TERRITORY_HELP)
@click.option("--access", multiple=True, metavar="LOGIN", help="Give this user access (repeatable).")
@click.option("--invite", is_flag=True, help="Invite the client now (needs --contact-name and --email).")
@click.option("--additional", is_flag=True,
              help="Another dossier for the same client: accept a name or an email another dossier has.")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def create_command(state: CliState, name: str, as_json: bool, **options: Any) -> None:
    """Create a dossier and its inbox folder (admins only)."""

    def action() -> None:
        from books.dossiers.service import DossierDraft, create_dossier, dossier_details
        from books.i18n import t

        draft = DossierDraft(
            name=name, sector=options["sector"], siren=options["siren"], vat_id=options["vat_id"],
            contact_name=options["contact_name"], contact_email=options["email"],
            contact_phone=options["phone"], postcode=options["postcode"],
            vat_territory=options["vat_territory"], access=list(options["access"]),
            invite=options["invite"], additional_for_same_client=options["additional"],
        )
        created = create_dossier(state.workspace, draft)
        if as_json:
            emit_json(dossier_details(state.workspace, created.dossier.slug))
        else:
            echo(t("dossier.created", name=created.dossier.name, slug=created.dossier.slug))
            echo(t("dossier.inbox_hint", inbox=created.dossier.inbox_path))
        _print_invitation(created, quiet=as_json)

    run_guarded(action)


def _print_invitation(created: Any, quiet: bool) -> None:
    from books.i18n import t

    message = created.invitation
    if message is None:
        return
    if created.sent:
        echo(t("invite.sent", email=message.to_email), err=quiet)
        return
    header = (
        t("invite.failed", reason=created.send_error) if created.send_error
        else t("invite.copy", email=message.to_email)
    )
    echo(f"\n{header}\n\n{message.subject}\n\n{message.body}", err=quiet, lines=True)


@dossier.command("list")
@click.option("--archived", is_flag=True, help="List archived dossiers instead.")
@click.option("--json", "as_json", is_flag=True, help="JSON Lines, one dossier per line.")
@pass_state
def list_command(state: CliState, archived: bool, as_json: bool) -> None:
    """List the dossiers you can open."""

    def action() -> None:
        from books.dossiers.service import list_dossiers

        entries = list_dossiers(state.workspace, archived=archived)
        if as_json:
            emit_json(
                {
                    "slug": e.row.slug, "name": e.row.name, "sector": e.row.sector,
                    "inbox": e.row.inbox_path, "waiting": e.waiting,
                    "last_activity_at": e.row.last_activity_at.isoformat(),
                    "archived": e.row.archived,
                }
                for e in entries
            )
            return
        from books.formats import format_datetime
        from books.i18n import t

        emit_table(
            [t("cli.col.slug"), t("home.col.name"), t("home.col.sector"), t("home.col.waiting"),
             t("home.col.activity")],
            [
                [e.row.slug, e.row.name, t(f"sector.{e.row.sector}") if e.row.sector else "", str(e.waiting),
                 format_datetime(e.row.last_activity_at)]
                for e in entries
            ],
        )

    run_guarded(action)


@dossier.command("show")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def show_command(state: CliState, slug: str, as_json: bool) -> None:
    """Show a dossier: identity, inbox folder, access, invitation, counts."""

    def action() -> None:
        from books.dossiers.service import dossier_details

        details = dossier_details(state.workspace, slug)
        if as_json:
            emit_json(details)
            return
        _print_details(details)

    run_guarded(action)


@dossier.command("edit")
@click.argument("slug")
@click.option("--name")
@click.option("--sector", help=SECTOR_HELP)
@click.option("--siren")
@click.option("--vat", "vat_id")
@click.option("--currency", "base_currency", help="Base currency (ISO 4217).")
@click.option("--due-days", "default_due_days", type=int, help="Default payment terms in days.")
@click.option("--payment-method", "default_payment_method")
@click.option("--contact-name")
@click.option("--email", "contact_email")
@click.option("--phone", "contact_phone")
@click.option("--accounting-software", help="Mark the dossier as connected to this software.")
@click.option("--publishers", type=click.Choice(["all", "leads"]),
              help="Who publishes its documents: all (everyone who works it) or leads (team leads "
                   "and admins; a collaborator's validation marks a document reviewed).")
@click.option("--postcode", help="The company's postal code (a new one proposes its VAT territory).")
@click.option("--vat-territory", type=click.Choice(TERRITORY_CHOICES), help=TERRITORY_HELP)
@click.option("--access", multiple=True, metavar="LOGIN", help="Replace who has access (repeatable).")
@click.option("--json", "as_json", is_flag=True)
@pass_state
def edit_command(state: CliState, slug: str, access: tuple[str, ...], as_json: bool, **options: Any) -> None:
    """Change a dossier's settings (admins only)."""

    def action() -> None:
        from books.dossiers.fields import with_territory
        from books.dossiers.service import dossier_details, edit_dossier, get_dossier, set_access
        from books.dossiers.vat import territory_label
        from books.errors import InvalidInput
        from books.i18n import t

        changes = {k: v for k, v in options.items() if v is not None}
        if not changes and not access:
            raise InvalidInput(t("dossier.nothing_to_change"))
        if changes:
            current = get_dossier(state.workspace, slug)
            proposed = with_territory(changes, current.vat_territory)
            edit_dossier(state.workspace, slug, proposed, expected_version=current.version)
            if "vat_territory" not in changes and "vat_territory" in proposed:
                echo(t("territory.proposed", postcode=changes["postcode"],
                       territory=territory_label(proposed["vat_territory"])), err=as_json)
        if access:
            set_access(state.workspace, slug, list(access))
        details = dossier_details(state.workspace, slug)
        if as_json:
            emit_json(details)
        else:
            echo(t("dossier.saved", name=details["name"]))

    run_guarded(action)


@dossier.command("archive")
@click.argument("slug")
@pass_state
def archive_command(state: CliState, slug: str) -> None:
    """Archive a dossier: hidden from the lists, nothing deleted."""
    _set_archived(state, slug, True)


@dossier.command("restore")
@click.argument("slug")
@pass_state
def restore_command(state: CliState, slug: str) -> None:
    """Bring an archived dossier back."""
    _set_archived(state, slug, False)


def _set_archived(state: CliState, slug: str, archived: bool) -> None:
    def action() -> None:
        from books.dossiers.service import set_archived
        from books.i18n import t

        result = set_archived(state.workspace, slug, archived)
        echo(t("dossier.archived" if archived else "dossier.restored", name=result.name))

    run_guarded(action)


@dossier.command("invite")
@click.argument("slug")
@click.option("--name", required=True, help="The client's contact person.")
@click.option("--email", required=True)
@click.option("--phone")
@pass_state
def invite_command(state: CliState, slug: str, name: str, email: str, phone: str | None) -> None:
    """Invite the dossier's client to send their invoices."""

    def action() -> None:
        from books.dossiers.service import invite_client

        _print_invitation(invite_client(state.workspace, slug, name, email, phone), quiet=False)

    run_guarded(action)


def _print_details(details: dict[str, Any]) -> None:
    """``dossier show`` for people: the settings screen's labels, values the language's way."""
    from books.dossiers.vat import territory_label
    from books.i18n import t
    from tui.cli.show import label, print_fields, when

    def counts(values: dict[str, int]) -> str:
        names = {"customer": "dossier.customers", "supplier": "dossier.suppliers", "review": "cli.count.review",
                 "reviewed": "cli.count.reviewed", "published": "dossier.published",
                 "failed": "cli.count.failed"}
        return ", ".join(f"{t(names[k]) if k in names else k} {v}" for k, v in values.items())

    def invitation(sent: dict[str, Any]) -> str:
        return t("cli.invitation", name=sent["to_name"], email=sent["to_email"], by=sent["by"],
                 at=when(sent["at"]), channel=sent["channel"])

    fields = {"sector": "settings.sector", "vat_id": "settings.vat", "base_currency": "settings.currency",
              "default_due_days": "settings.due_days", "default_payment_method": "settings.payment_method",
              "inbox": "dossier.inbox_folder", "waiting": "dossier.waiting", "invitation": "dossier.invitation",
              "publishers": "settings.publishers", "postcode": "territory.postcode",
              "vat_territory": "territory.field"}
    print_fields(details, lambda key: t(fields[key]) if key in fields else label(key, "settings.", "cli.field."), {
        "sector": lambda sector: t(f"sector.{sector}"),
        "vat_territory": territory_label,
        "invitation_state": lambda state: label(state, "cli.invitation_state."),
        "last_activity_at": when, "counts": counts, "invitation": invitation,
        "publishers": lambda value: t(f"review.publishers.{value}"),
    })
