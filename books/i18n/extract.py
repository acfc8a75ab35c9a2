"""User-visible strings of invoice reading (``saisie extract``): (français, English)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # Errors: the file could not be read. Each names the file.
    "extract.error.not_found": ("{file} : fichier introuvable", "{file}: file not found"),
    "extract.error.not_a_file": ("{file} : ce n'est pas un fichier", "{file}: not a regular file"),
    "extract.error.unreadable": ("{file} : lecture impossible ({reason})", "{file}: cannot be read ({reason})"),
    "extract.error.empty": ("{file} : fichier vide", "{file}: the file is empty"),
    "extract.error.file_too_large": (
        "{file} : fichier trop volumineux (plus de {limit} Mo), refusé",
        "{file}: file too large (over {limit} MB), refused",
    ),
    "extract.error.not_pdf": (
        "{file} : porte l'extension .pdf mais n'est pas un PDF ({size} octets sans en-tête %PDF)",
        "{file}: named .pdf but is not a PDF ({size} bytes without a %PDF header)",
    ),
    "extract.error.not_xml": (
        "{file} : porte l'extension .xml mais ne contient pas de XML",
        "{file}: named .xml but holds no XML",
    ),
    "extract.error.not_image": (
        "{file} : porte une extension d'image mais n'est ni JPEG, ni PNG, ni TIFF",
        "{file}: named as an image but is neither JPEG, PNG nor TIFF",
    ),
    "extract.error.unknown_format": (
        "{file} : format non reconnu (ni PDF, ni XML, ni image JPEG/PNG/TIFF)",
        "{file}: unknown format (neither PDF, XML nor a JPEG/PNG/TIFF image)",
    ),
    "extract.error.xml_too_large": (
        "{file} : XML trop volumineux (plus de {limit} Mo), refusé",
        "{file}: XML too large (over {limit} MB), refused",
    ),
    "extract.error.xml_dtd": (
        "{file} : XML refusé, il déclare une DTD ou des entités (aucune facture n'en a besoin)",
        "{file}: XML refused, it declares a DTD or entities (no invoice needs one)",
    ),
    "extract.error.xml_malformed": ("{file} : XML mal formé ({reason})", "{file}: malformed XML ({reason})"),
    "extract.error.wrong_root": (
        "{file} : ce XML n'est pas une facture CII ni UBL (élément racine <{root}>, espace de noms {namespace})",
        "{file}: this XML is not a CII or UBL invoice (root element <{root}>, namespace {namespace})",
    ),
    "extract.error.order_x": (
        "{file} : c'est une commande Order-X, pas une facture",
        "{file}: this is an Order-X purchase order, not an invoice",
    ),
    "extract.error.order_x_pdf": (
        "{file} : ce PDF contient une commande Order-X ({name}), pas une facture",
        "{file}: this PDF holds an Order-X purchase order ({name}), not an invoice",
    ),
    "extract.error.fatturapa": (
        "{file} : facture italienne FatturaPA, format non pris en charge",
        "{file}: Italian FatturaPA invoice, a format not supported",
    ),
    "extract.error.pdf_too_large": (
        "{file} : PDF trop volumineux (plus de {limit} Mo), refusé",
        "{file}: PDF too large (over {limit} MB), refused",
    ),
    "extract.error.pdf_too_many_pages": (
        "{file} : PDF de {pages} pages (plus de {limit}), refusé",
        "{file}: PDF of {pages} pages (over {limit}), refused",
    ),
    "extract.error.pdf_encrypted": (
        "{file} : PDF chiffré (protégé par un mot de passe), illisible",
        "{file}: encrypted PDF (password protected), cannot be read",
    ),
    "extract.pdfium.format": ("structure du fichier invalide", "invalid file structure"),
    "extract.pdfium.access": ("fichier inaccessible", "file cannot be accessed"),
    "extract.pdfium.page": ("page introuvable", "page not found"),
    "extract.pdfium.security": ("protection non prise en charge", "unsupported protection"),
    "extract.pdfium.other": ("erreur de lecture", "read error"),
    "extract.error.pdf_broken": ("{file} : PDF endommagé ou illisible ({reason})", "{file}: damaged or unreadable PDF ({reason})"),
    "extract.error.ocr_missing": (
        "{file} : reconnaissance de texte impossible, tesseract n'est pas installé",
        "{file}: text recognition impossible, tesseract is not installed",
    ),
    "extract.error.ocr_timeout": (
        "{file} : la reconnaissance de texte a dépassé {seconds} s, abandonnée",
        "{file}: text recognition took over {seconds} s, abandoned",
    ),
    "extract.error.ocr_failed": (
        "{file} : échec de la reconnaissance de texte ({reason})",
        "{file}: text recognition failed ({reason})",
    ),
    "extract.error.unexpected": (
        "{file} : erreur inattendue du lecteur ({reason})",
        "{file}: unexpected reader error ({reason})",
    ),
    # Warnings: the file was read, but something deserves a look.
    "extract.warning.no_number": ("numéro de facture introuvable", "invoice number not found"),
    "extract.warning.no_issue_date": ("date de facture introuvable", "issue date not found"),
    "extract.warning.no_total": ("montant total introuvable", "total amount not found"),
    "extract.warning.net_tax_gross": (
        "totaux incohérents : HT {net} + TVA {tax} ≠ TTC {gross}",
        "inconsistent totals: net {net} + VAT {tax} ≠ gross {gross}",
    ),
    "extract.warning.payable": (
        "net à payer incohérent : TTC {gross} − acomptes {prepaid} ≠ {payable}",
        "inconsistent amount due: gross {gross} − prepaid {prepaid} ≠ {payable}",
    ),
    "extract.warning.vat_sum": (
        "ventilation de TVA incohérente : somme {total} ≠ total TVA {tax}",
        "inconsistent VAT breakdown: sum {total} ≠ VAT total {tax}",
    ),
    "extract.warning.base_sum": (
        "ventilation de TVA incohérente : bases {total} ≠ total HT {net}",
        "inconsistent VAT breakdown: bases {total} ≠ net total {net}",
    ),
    "extract.warning.light_profile": (
        "profil Factur-X MINIMUM ou BASIC WL : aide à la saisie sans lignes, le PDF fait foi",
        "Factur-X MINIMUM or BASIC WL profile: a booking aid without lines, the PDF is the invoice",
    ),
    "extract.warning.attachment_unreadable": (
        "pièce jointe {name} illisible : {reason}",
        "attachment {name} unreadable: {reason}",
    ),
    "extract.warning.pdf_damaged": (
        "PDF endommagé : XML de la facture récupéré par lecture brute du fichier, à vérifier",
        "damaged PDF: the invoice XML was recovered by a raw scan of the file, check it",
    ),
    "extract.warning.schema": (
        "XML non conforme à son schéma (ligne {line}) : {message}",
        "XML does not follow its schema (line {line}): {message}",
    ),
    "extract.warning.profile_mismatch": (
        "le profil déclaré {profile} ne correspond pas à la syntaxe du document",
        "the declared profile {profile} does not match the document's syntax",
    ),
    "extract.warning.several_xml": (
        "le PDF contient plusieurs XML ; lu : {name}, ignorés : {others}",
        "the PDF embeds several XML files; read: {name}, ignored: {others}",
    ),
    "extract.warning.decimals": (
        "montant {amount} avec plus de deux décimales (règle EN 16931 BR-DEC)",
        "amount {amount} has more than two decimals (EN 16931 rule BR-DEC)",
    ),
    "extract.warning.text_only": (
        "PDF sans XML de facture : valeurs déduites du texte, à vérifier",
        "PDF without invoice XML: values inferred from its text, check them",
    ),
    "extract.warning.xrechnung_contact": (
        "XRechnung : contact du fournisseur incomplet (téléphone et courriel requis, BR-DE-2/6/7)",
        "XRechnung: seller contact incomplete (telephone and e-mail required, BR-DE-2/6/7)",
    ),
    "extract.warning.no_text_no_ocr": (
        "aucun texte trouvé : document scanné et reconnaissance de texte (tesseract) non installée",
        "no text found: scanned document and text recognition (tesseract) not installed",
    ),
    "extract.warning.no_text_ocr": (
        "aucun texte trouvé, même par reconnaissance de texte",
        "no text found, even by text recognition",
    ),
    "extract.warning.ocr_used": (
        "texte lu par reconnaissance optique (OCR) : valeurs à vérifier",
        "text read by optical recognition (OCR): check the values",
    ),
    "extract.warning.no_data": (
        "aucune donnée de facture reconnue dans le texte",
        "no invoice data recognised in the text",
    ),
    # Summary labels (saisie extract without --json).
    "extract.label.file": ("Fichier", "File"),
    "extract.label.format": ("Format", "Format"),
    "extract.label.profile": ("Profil", "Profile"),
    "extract.label.document_type": ("Type", "Type"),
    "extract.label.number": ("Numéro", "Number"),
    "extract.label.issue_date": ("Date", "Issue date"),
    "extract.label.due_date": ("Échéance", "Due date"),
    "extract.label.currency": ("Devise", "Currency"),
    "extract.label.seller": ("Fournisseur", "Seller"),
    "extract.label.buyer": ("Client", "Buyer"),
    "extract.label.net": ("Total HT", "Net total"),
    "extract.label.tax": ("Total TVA", "VAT total"),
    "extract.label.gross": ("Total TTC", "Gross total"),
    "extract.label.prepaid": ("Acomptes", "Prepaid"),
    "extract.label.payable": ("Net à payer", "Amount due"),
    "extract.label.vat": ("TVA", "VAT"),
    "extract.label.iban": ("IBAN", "IBAN"),
    "extract.label.lines": ("Lignes", "Lines"),
    "extract.label.warning": ("Attention", "Warning"),
    "extract.label.error": ("Erreur", "Error"),
    "extract.value.invoice": ("facture", "invoice"),
    "extract.value.credit_note": ("avoir", "credit note"),
    "extract.value.vat_line": ("{rate} % sur {base} : {amount}", "{rate}% on {base}: {amount}"),
    "extract.value.vat_line_no_base": ("{rate} % : {amount}", "{rate}%: {amount}"),
    "extract.value.party_ids": ("TVA {vat_id}", "VAT {vat_id}"),
    "extract.value.legal_id": ("{scheme} {legal_id}", "{scheme} {legal_id}"),
    "extract.value.lines_count": ("{count} ligne(s)", "{count} line(s)"),
}
