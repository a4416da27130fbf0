"""The Legal Services Corporation's legal problem codes, as dated reference data.

Source: LSC, Case Service Report (CSR) Handbook, 2008 edition as amended 2017, Chapter IX
"Legal Problem Categories and Codes" (https://www.lsc.gov/i-am-grantee/lsc-reporting-requirements/
case-service-reporting/csr-handbook-2017). Two-digit codes grouped by tens; 81 is
immigration/naturalization, the code of nearly every case this center opens.

UNVERIFIED: the labels were transcribed for this project and not yet compared line by line with
the handbook's table. The codes load into ``legal.ProblemCode`` (migration 0008), where an
administrator can correct a label or add a code in the admin; the LSC report reads the table,
never this list.
"""

from __future__ import annotations

SOURCE = "LSC CSR Handbook (2008 ed., as amended 2017), ch. IX"
VERIFIED = False
DEFAULT = "81"  # immigration/naturalization: the default of every case kind the center opens

# (code, English, Spanish)
GROUPS = [
    ("0", "Consumer/Finance", "Consumo y finanzas"),
    ("1", "Education", "Educación"),
    ("2", "Employment", "Empleo"),
    ("3", "Family", "Familia"),
    ("4", "Juvenile", "Menores de edad"),
    ("5", "Health", "Salud"),
    ("6", "Housing", "Vivienda"),
    ("7", "Income maintenance", "Mantenimiento de ingresos"),
    ("8", "Individual rights", "Derechos individuales"),
    ("9", "Miscellaneous", "Varios"),
]

CODES = [
    ("01", "Bankruptcy/debtor relief", "Bancarrota y alivio de deudas"),
    ("02", "Collection (including repossession, deficiency, garnishment)",
     "Cobranza (incluye embargo, saldo deudor y retención de salario)"),
    ("03", "Contracts/warranties", "Contratos y garantías"),
    ("04", "Collection practices/creditor harassment", "Prácticas de cobranza y acoso de acreedores"),
    ("05", "Predatory lending practices (not mortgages)", "Préstamos abusivos (no hipotecas)"),
    ("06", "Loans/installment purchases (not collections)", "Préstamos y compras a plazos (no cobranza)"),
    ("07", "Public utilities", "Servicios públicos"),
    ("08", "Unfair and deceptive sales and practices (not real property)",
     "Ventas y prácticas desleales o engañosas (no bienes raíces)"),
    ("09", "Other consumer/finance", "Otros asuntos de consumo y finanzas"),
    ("12", "Discipline (including expulsion and suspension)", "Disciplina escolar (incluye expulsión y suspensión)"),
    ("13", "Special education/learning disabilities", "Educación especial y discapacidades de aprendizaje"),
    ("14", "Access (including bilingual, residency, testing)",
     "Acceso (incluye educación bilingüe, residencia, exámenes)"),
    ("15", "Vocational education", "Educación vocacional"),
    ("16", "Student financial aid", "Ayuda financiera estudiantil"),
    ("19", "Other education", "Otros asuntos de educación"),
    ("21", "Employment discrimination", "Discriminación en el empleo"),
    ("22", "Wage claims and other FLSA issues", "Reclamos de salario y otros asuntos de la FLSA"),
    ("23", "EITC (Earned Income Tax Credit)", "EITC (crédito tributario por ingreso del trabajo)"),
    ("24", "Taxes (not EITC)", "Impuestos (no EITC)"),
    ("25", "Employee rights", "Derechos de los trabajadores"),
    ("26", "Agricultural worker issues (not wage claims/FLSA)",
     "Asuntos de trabajadores agrícolas (no salarios ni FLSA)"),
    ("29", "Other employment", "Otros asuntos de empleo"),
    ("30", "Adoption", "Adopción"),
    ("31", "Custody/visitation", "Custodia y visitas"),
    ("32", "Divorce/separation/annulment", "Divorcio, separación y anulación"),
    ("33", "Adult guardianship/conservatorship", "Tutela o curatela de adultos"),
    ("34", "Name change", "Cambio de nombre"),
    ("35", "Parental rights termination", "Terminación de la patria potestad"),
    ("36", "Paternity", "Paternidad"),
    ("37", "Domestic abuse", "Violencia doméstica"),
    ("38", "Support", "Manutención"),
    ("39", "Other family", "Otros asuntos de familia"),
    ("41", "Delinquent", "Delincuencia juvenil"),
    ("42", "Neglected/abused/dependent", "Menores descuidados, maltratados o dependientes"),
    ("43", "Emancipation", "Emancipación"),
    ("44", "Minor guardianship/conservatorship", "Tutela de menores"),
    ("49", "Other juvenile", "Otros asuntos de menores"),
    ("51", "Medicaid", "Medicaid"),
    ("52", "Medicare", "Medicare"),
    ("53", "Government children's health insurance program", "Programa público de seguro médico infantil"),
    ("54", "Home and community based care", "Atención en el hogar y en la comunidad"),
    ("55", "Private health insurance", "Seguro médico privado"),
    ("56", "Long term health care facilities", "Centros de atención a largo plazo"),
    ("57", "State and local health", "Salud estatal y local"),
    ("59", "Other health", "Otros asuntos de salud"),
    ("61", "Federally subsidized housing", "Vivienda con subsidio federal"),
    ("62", "Homeownership/real property (not foreclosure)",
     "Propiedad de vivienda y bienes raíces (no ejecución hipotecaria)"),
    ("63", "Private landlord/tenant", "Arrendador privado e inquilino"),
    ("64", "Public housing", "Vivienda pública"),
    ("65", "Mobile homes", "Casas móviles"),
    ("66", "Housing discrimination", "Discriminación en la vivienda"),
    ("67", "Mortgage foreclosures (not predatory lending/practices)",
     "Ejecuciones hipotecarias (no préstamos abusivos)"),
    ("68", "Mortgage predatory lending/practices", "Préstamos hipotecarios abusivos"),
    ("69", "Other housing", "Otros asuntos de vivienda"),
    ("71", "TANF", "TANF"),
    ("72", "Social Security (not SSDI)", "Seguro Social (no SSDI)"),
    ("73", "Food stamps", "Cupones de alimentos"),
    ("74", "SSDI", "SSDI"),
    ("75", "SSI", "SSI"),
    ("76", "Unemployment compensation", "Seguro de desempleo"),
    ("77", "Veterans benefits", "Beneficios de veteranos"),
    ("78", "State and local income maintenance", "Mantenimiento de ingresos estatal y local"),
    ("79", "Other income maintenance", "Otros asuntos de mantenimiento de ingresos"),
    ("81", "Immigration/naturalization", "Inmigración y naturalización"),
    ("82", "Mental health", "Salud mental"),
    ("84", "Disability rights", "Derechos de las personas con discapacidad"),
    ("85", "Civil rights", "Derechos civiles"),
    ("86", "Human trafficking", "Trata de personas"),
    ("89", "Other individual rights", "Otros derechos individuales"),
    ("91", "Legal assistance to non-profit organization or group (including incorporation/dissolution)",
     "Asistencia legal a organizaciones o grupos sin fines de lucro (incluye constitución y disolución)"),
    ("92", "Indian/tribal law", "Derecho indígena y tribal"),
    ("93", "Licenses (drivers, occupational, and others)", "Licencias (de conducir, profesionales y otras)"),
    ("94", "Torts", "Responsabilidad civil extracontractual"),
    ("95", "Wills and estates", "Testamentos y sucesiones"),
    ("96", "Advance directives/powers of attorney", "Directivas anticipadas y poderes notariales"),
    ("97", "Municipal legal needs", "Necesidades legales municipales"),
    ("99", "Other miscellaneous", "Otros asuntos varios"),
]


def group_of(code: str) -> str:
    return code[:1]
