"""Reference data the documents app starts with: the evidence checklist of each kind of case,
and one letter template per kind of letter.

Migration 0002 loads it; ``ensure()`` loads it again where a test database was emptied (browser
tests flush the database between tests). Administrators edit the checklists in the Django admin;
the items here are general and factual (what is usually gathered), not legal advice, fees or rules.
"""

from __future__ import annotations

from typing import Any

# (English, Spanish, category)
_ID = ("Passport or national identity document", "Pasaporte o documento nacional de identidad", "identity")
_BIRTH = ("Birth certificate", "Acta de nacimiento", "identity")
_ENTRY = ("I-94 record or other evidence of entry into the United States",
          "Registro I-94 u otra prueba de entrada a los Estados Unidos", "identity")
_PHOTOS = ("Passport-style photographs", "Fotografías tamaño pasaporte", "identity")
_DECLARATION = ("Personal declaration (the client's own account)",
                "Declaración personal (el relato del propio cliente)", "declaration")
_TRANSLATIONS = ("Translations of documents not in English, with the translator's certificate",
                 "Traducciones de los documentos que no están en inglés, con el certificado del traductor",
                 "translation")
_ARRESTS = ("Records of any arrest, citation or conviction (certified court dispositions)",
            "Constancias de cualquier arresto, multa (ticket) o condena (resoluciones certificadas de la corte)",
            "court")
_PRIOR = ("Earlier immigration applications, notices and decisions",
          "Solicitudes, avisos y decisiones de inmigración anteriores", "uscis_notice")
_COURT_NOTICES = ("Notice to Appear (NTA) and other immigration court notices",
                  "Notificación de comparecencia (NTA) y otros avisos de la corte de inmigración", "court")
_RESIDENCE = ("Evidence of living in the United States over time (rent, pay stubs, school or medical records)",
              "Pruebas de residencia en los Estados Unidos a lo largo del tiempo (renta, talones de pago, "
              "constancias escolares o médicas)", "evidence")
_FAMILY_IDS = ("Identity documents of the spouse and children included in the application",
               "Documentos de identidad del cónyuge y de los hijos incluidos en la solicitud", "identity")
_MARRIAGE = ("Marriage certificate and any divorce decrees", "Acta de matrimonio y sentencias de divorcio, si las hay",
             "identity")

_ASYLUM = [
    _ID, _BIRTH, _ENTRY, _DECLARATION,
    ("Evidence of the harm or threats suffered (police reports, medical records, photographs)",
     "Pruebas del daño o de las amenazas sufridas (denuncias, informes médicos, fotografías)", "evidence"),
    ("Statements from witnesses or people who know the facts",
     "Declaraciones de testigos o de personas que conocen los hechos", "evidence"),
    ("Reports on conditions in the country of origin", "Informes sobre la situación en el país de origen",
     "evidence"),
    _FAMILY_IDS, _TRANSLATIONS,
]

CHECKLISTS: dict[str, list[tuple[str, str, str]]] = {
    "asylum_affirmative": _ASYLUM,
    "asylum_defensive": [_COURT_NOTICES, *_ASYLUM],
    "withholding_cat": [_COURT_NOTICES, *_ASYLUM],
    "tps_initial": [
        _ID, _BIRTH, _ENTRY,
        ("Evidence of nationality of the designated country", "Prueba de la nacionalidad del país designado",
         "identity"),
        ("Evidence of continuous residence and presence in the United States since the dates set for the country",
         "Pruebas de residencia y presencia continuas en los Estados Unidos desde las fechas fijadas para el país",
         "evidence"),
        _ARRESTS, _PHOTOS, _TRANSLATIONS,
    ],
    "tps_reregistration": [
        _ID,
        ("Latest TPS approval notice and employment authorization card",
         "Último aviso de aprobación de TPS y permiso de trabajo", "uscis_notice"),
        ("Records of any arrest, citation or conviction since the last registration",
         "Constancias de cualquier arresto, multa (ticket) o condena desde el último registro", "court"),
        _PHOTOS,
    ],
    "daca_initial": [
        _ID, _BIRTH,
        ("Evidence of arrival in the United States before the 16th birthday",
         "Prueba de la llegada a los Estados Unidos antes de cumplir 16 años", "evidence"),
        _RESIDENCE,
        ("School records, diploma or GED certificate, or military discharge papers",
         "Constancias escolares, diploma o certificado GED, o baja militar", "evidence"),
        _ARRESTS, _PHOTOS, _TRANSLATIONS,
    ],
    "daca_renewal": [
        _ID,
        ("Current employment authorization card and latest DACA approval notice",
         "Permiso de trabajo vigente y último aviso de aprobación de DACA", "uscis_notice"),
        ("Records of any arrest, citation or conviction since the last request",
         "Constancias de cualquier arresto, multa (ticket) o condena desde la última solicitud", "court"),
        _PHOTOS,
    ],
    "vawa": [
        _ID, _BIRTH,
        ("Evidence of the relative's U.S. citizenship or permanent residence",
         "Prueba de la ciudadanía estadounidense o residencia permanente del familiar", "evidence"),
        ("Evidence of the family relationship (marriage or birth certificates)",
         "Prueba del parentesco (actas de matrimonio o de nacimiento)", "evidence"),
        ("Evidence of the abuse (police reports, protective orders, medical or shelter records)",
         "Pruebas del maltrato (denuncias, órdenes de protección, constancias médicas o de albergues)",
         "evidence"),
        ("Evidence of having lived together", "Pruebas de haber vivido juntos", "evidence"),
        ("Police clearances or other evidence of good moral character",
         "Constancias de antecedentes policiales u otras pruebas de buena conducta moral", "evidence"),
        _DECLARATION, _TRANSLATIONS,
    ],
    "u_visa": [
        _ID, _BIRTH,
        ("Law enforcement certification (Form I-918, Supplement B)",
         "Certificación de la autoridad (Formulario I-918, Suplemento B)", "form"),
        ("Police reports and court records of the crime", "Denuncias y expedientes judiciales del delito",
         "court"),
        ("Evidence of the harm suffered (medical or psychological records)",
         "Pruebas del daño sufrido (constancias médicas o psicológicas)", "evidence"),
        _DECLARATION, _TRANSLATIONS,
    ],
    "t_visa": [
        _ID, _BIRTH, _DECLARATION,
        ("Evidence of the trafficking (law enforcement records, letters from service providers)",
         "Pruebas de la trata (constancias de la autoridad, cartas de organizaciones de apoyo)", "evidence"),
        ("Evidence of cooperation with law enforcement, or of why it was not possible",
         "Pruebas de la colaboración con la autoridad, o de por qué no fue posible", "evidence"),
        _TRANSLATIONS,
    ],
    "sijs": [
        _BIRTH, _ID,
        ("State juvenile court order with the special findings",
         "Orden de la corte estatal de menores con las determinaciones especiales", "court"),
        ("Evidence of the abuse, neglect or abandonment", "Pruebas del maltrato, la negligencia o el abandono",
         "evidence"),
        ("School records", "Constancias escolares", "evidence"),
        _TRANSLATIONS,
    ],
    "naturalization": [
        ("Permanent resident card (front and back)", "Tarjeta de residente permanente (frente y reverso)",
         "identity"),
        ("Government-issued photo identification (driver's license or state ID)",
         "Identificación oficial con foto (licencia de conducir o identificación estatal)", "identity"),
        ("Federal tax returns or IRS tax transcripts for recent years",
         "Declaraciones de impuestos federales o transcripciones del IRS de los últimos años", "evidence"),
        ("Travel history: dates of every trip outside the United States, and passports",
         "Historial de viajes: fechas de cada viaje fuera de los Estados Unidos, y pasaportes", "evidence"),
        _MARRIAGE, _ARRESTS,
        ("Selective Service registration, if it applies", "Registro en el Servicio Selectivo, si corresponde",
         "evidence"),
        _PHOTOS,
    ],
    "family_petition": [
        ("Petitioner's evidence of U.S. citizenship or permanent residence",
         "Prueba de la ciudadanía estadounidense o residencia permanente del peticionario", "identity"),
        ("Evidence of the family relationship (birth or marriage certificates)",
         "Prueba del parentesco (actas de nacimiento o de matrimonio)", "evidence"),
        ("Beneficiary's birth certificate and passport", "Acta de nacimiento y pasaporte del beneficiario",
         "identity"),
        _MARRIAGE,
        ("For spouses: evidence of the shared life (joint lease, accounts, photographs)",
         "Para cónyuges: pruebas de la vida en común (contrato de renta, cuentas conjuntas, fotografías)",
         "evidence"),
        _PHOTOS, _TRANSLATIONS,
    ],
    "adjustment": [
        _ID, _BIRTH, _ENTRY,
        ("Approval notice of the petition the application is based on",
         "Aviso de aprobación de la petición en la que se basa la solicitud", "uscis_notice"),
        ("Medical examination record (Form I-693)", "Examen médico (Formulario I-693)", "form"),
        ("Affidavit of support and the sponsor's tax returns, if required",
         "Declaración jurada de patrocinio y declaraciones de impuestos del patrocinador, si se requieren",
         "form"),
        _ARRESTS, _PHOTOS, _TRANSLATIONS,
    ],
    "abc_nacara": [
        _ID, _BIRTH,
        ("Evidence of earlier ABC registration, TPS or asylum application",
         "Prueba del registro ABC, TPS o solicitud de asilo anteriores", "uscis_notice"),
        _RESIDENCE,
        ("Police clearances or other evidence of good moral character",
         "Constancias de antecedentes policiales u otras pruebas de buena conducta moral", "evidence"),
        _ARRESTS, _TRANSLATIONS,
    ],
    "removal_defense": [
        _COURT_NOTICES, _ID, _ENTRY, _PRIOR, _ARRESTS,
        ("Evidence of family ties and life in the United States",
         "Pruebas de los lazos familiares y de la vida en los Estados Unidos", "evidence"),
        _TRANSLATIONS,
    ],
    "foia": [
        _ID,
        ("Signed statement of identity or consent for the request",
         "Declaración firmada de identidad o consentimiento para la solicitud", "form"),
        ("Any notice showing the A-number or receipt numbers",
         "Cualquier aviso que muestre el número A o los números de recibo", "uscis_notice"),
    ],
    "consultation": [
        ("Any immigration documents the client has (notices, cards, court papers)",
         "Cualquier documento de inmigración que tenga el cliente (avisos, tarjetas, papeles de la corte)",
         "uscis_notice"),
        _ID,
    ],
}

LETTER_KINDS = ("appointment", "document_request", "engagement", "closing", "receipt")


def load(apps: Any, schema_editor: Any = None) -> None:
    """Create what is missing (idempotent); usable from a migration (historical models) or code."""
    Item = apps.get_model("documents", "ChecklistTemplateItem")
    Template = apps.get_model("documents", "LetterTemplate")
    for kind, items in CHECKLISTS.items():
        for order, (label_en, label_es, category) in enumerate(items, start=1):
            Item.objects.get_or_create(case_kind=kind, label_en=label_en,
                                       defaults={"label_es": label_es, "category": category, "order": order * 10})
    for kind in LETTER_KINDS:
        Template.objects.get_or_create(kind=kind)


def ensure() -> None:
    from django.apps import apps

    load(apps)
