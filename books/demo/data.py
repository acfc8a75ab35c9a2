"""Word lists for realistic French demo data (deterministic, no randomness at import)."""

from datetime import date

TODAY = date(2026, 11, 20)
"""The demo's \"today\": its invoices and payments are dated around it, so runs are reproducible."""

SURNAMES = (
    "Martin Bernard Thomas Petit Robert Richard Durand Dubois Moreau Laurent Simon Michel "
    "Lefèvre Leroy Roux David Bertrand Morel Fournier Girard Bonnet Dupont Lambert Fontaine "
    "Rousseau Vincent Muller Lefebvre Faure André Mercier Blanc Guérin Boyer Garnier Chevalier "
    "François Legrand Gauthier Garcia Perrin Robin Clément Morin Nicolas Henry Roussel Mathieu "
    "Gautier Masson Marchand Duval Denis Dumont Marie Lemaire Noël Meyer Dufour Meunier Brun "
    "Blanchard Giraud Joly Rivière Lucas Brunet Gaillard Barbier Arnaud Martinez Gérard Roche "
    "Renard Schmitt Roy Leroux Colin Vidal Caron Picard Roger Fabre Aubert Lemoine Renaud "
    "Dumas Lacroix Olivier Philippe Bourgeois Pierre Benoît Rey Leclerc Payet Rolland Leclercq"
).split()

TRADES = (
    "Boulangerie", "Plomberie", "Menuiserie", "Transports", "Conseil", "Pharmacie", "Garage",
    "Librairie", "Fromagerie", "Imprimerie", "Électricité", "Charpente", "Maçonnerie",
    "Boucherie", "Pâtisserie", "Fleurs", "Informatique", "Nettoyage", "Paysages", "Optique",
    "Cave", "Épicerie fine", "Coiffure", "Auto-école", "Architecture", "Traiteur", "Couverture",
    "Carrosserie", "Serrurerie", "Peinture", "Vitrerie", "Textiles", "Bureautique", "Sécurité",
    "Ambulances", "Location", "Papeterie", "Quincaillerie", "Chocolaterie", "Brasserie",
)

LEGAL_FORMS = ("SARL", "SAS", "EURL", "SA", "SASU", "SNC", "", "", "")

CITIES = (
    ("75011", "Paris"), ("69003", "Lyon"), ("13006", "Marseille"), ("31000", "Toulouse"),
    ("06000", "Nice"), ("44000", "Nantes"), ("67000", "Strasbourg"), ("34000", "Montpellier"),
    ("33000", "Bordeaux"), ("59000", "Lille"), ("35000", "Rennes"), ("51100", "Reims"),
    ("42000", "Saint-Étienne"), ("83000", "Toulon"), ("38000", "Grenoble"), ("21000", "Dijon"),
    ("49000", "Angers"), ("30000", "Nîmes"), ("69100", "Villeurbanne"), ("63000", "Clermont-Ferrand"),
    ("72000", "Le Mans"), ("13100", "Aix-en-Provence"), ("29200", "Brest"), ("37000", "Tours"),
    ("80000", "Amiens"), ("87000", "Limoges"), ("74000", "Annecy"), ("66000", "Perpignan"),
    ("57000", "Metz"), ("25000", "Besançon"), ("45000", "Orléans"), ("76000", "Rouen"),
    ("14000", "Caen"), ("68100", "Mulhouse"), ("54000", "Nancy"), ("64000", "Pau"),
    ("17000", "La Rochelle"), ("56100", "Lorient"), ("86000", "Poitiers"), ("84000", "Avignon"),
)

STREETS = (
    "rue de la République", "avenue Jean Jaurès", "rue Victor Hugo", "boulevard Gambetta",
    "rue Pasteur", "place de la Mairie", "rue du Général de Gaulle", "avenue de la Gare",
    "rue des Écoles", "chemin des Vignes", "rue Nationale", "allée des Tilleuls",
    "rue du Moulin", "impasse des Lilas", "quai de la Loire", "route de Paris",
)

FIRST_NAMES = (
    "Marie Jean Pierre Nathalie Isabelle Philippe Sophie Nicolas Catherine Christophe Julie "
    "Thomas Camille Antoine Léa Hugo Chloé Lucas Manon Louis Emma Gabriel Inès Arthur"
).split()

CONTACT_ROLES = ("Comptabilité", "Gérant", "Achats", "Direction financière", "Assistante de direction")

CUSTOMER_GROUPS = ("Grands comptes", "Export", "Particuliers", "Collectivités", "Revendeurs")
SUPPLIER_GROUPS = ("Matières premières", "Sous-traitants", "Frais généraux", "Énergie", "Transport")

PAYMENT_METHODS = ("virement", "prélèvement", "chèque", "carte", "LCR")

DOSSIERS = (
    ("Boulangerie Dupré", "commerce", 320, 85),
    ("Garage Martin & Fils", "services", 450, 120),
    ("Les Jardins d'Éole", "agriculture", 180, 60),
    ("Cabinet Dentaire Rousseau", "sante", 600, 45),
    ("Morel Construction", "btp", 260, 210),
    ("Transports Girard", "transport", 380, 140),
    ("Hôtel du Vieux Port", "restauration", 900, 110),
    ("Distribution Nationale Alimentaire", "commerce", 100_000, 400),
)
"""Demo dossiers: name, sector, customers, suppliers."""

PLACES = {"Les Jardins d'Éole": ("97410", "Saint-Pierre")}
"""Where a demo dossier's company is, when not in Paris (75011): La Réunion's one pays
overseas VAT (8.5 %, 2.1 %…), its territory proposed by the postal code."""
PARIS = ("75011", "Paris")

INVOICE_RATES = {"mainland": ("20.00", "20.00", "10.00", "5.50"),
                 "overseas": ("8.50", "8.50", "8.50", "2.10")}
"""The VAT rates the demo's invoices are drawn from, by the buyer's territory (as many
choices in each, so a dossier's other random draws do not move)."""

COLLABORATORS = (
    ("claire.dubois", "Claire Dubois", "team_lead"),
    ("thomas.moreau", "Thomas Moreau", "collaborator"),
    ("sophie.laurent", "Sophie Laurent", "collaborator"),
    ("julien.petit", "Julien Petit", "collaborator"),
    ("nadia.benali", "Nadia Benali", "admin"),
)
"""Demo users: login, name, role."""
