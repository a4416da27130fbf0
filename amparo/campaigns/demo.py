"""Demo records of campaigns: a TPS re-designation campaign with a petition to Congress, the
national NACARA alliance, a march for the schools of the neighbourhood; partners, targets, meetings."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def load() -> str:
    from amparo.accounts.models import User
    from amparo.accounts.roles import Role
    from amparo.outreach.models import Event

    from . import services
    from .models import Campaign, Organization

    if Campaign.objects.filter(name="Redesignación de TPS para El Salvador").exists():
        return "campaigns: already loaded"
    by = User.objects.filter(role=Role.ORGANIZER).first() or User.objects.filter(is_superuser=True).first()
    if by is None:
        return "campaigns: no organizer account yet; nothing loaded"
    today = timezone.localdate()

    def org(name: str, **fields: object) -> Organization:
        return Organization.objects.filter(name=name).first() or services.save_organization(by=by, name=name,
                                                                                             **fields)

    alliance = org("Alianza Nacional NACARA", kind=Organization.Kind.ALLIANCE,
                   description="Alianza de centros y comités que defienden a los beneficiarios de NACARA.")
    coalition = org("Coalición Escuelas para Pico-Union", kind=Organization.Kind.ALLIANCE,
                    description="Padres, iglesias y organizaciones del barrio por escuelas nuevas.")
    comite = org("Comité de Familias Salvadoreñas", description="Comité de base de familias con TPS.")
    parroquia = org("Parroquia San Judas", description="Parroquia del barrio; presta el salón.")
    alliance.members.add(comite)
    coalition.members.add(parroquia, comite)
    services.add_contact(by=by, organization=alliance, name="Ana Gladys Rivas", role="Coordinadora nacional",
                         email="coordinacion@nacara.example", phone="2025550170")
    services.add_contact(by=by, organization=coalition, name="Padre Tomás Ayala", role="Vocero",
                         phone="2135550142")

    tps = services.create_campaign(
        by=by, name="Redesignación de TPS para El Salvador", kind="petition", status="active",
        starts_on=today - dt.timedelta(days=40), ends_on=today + dt.timedelta(days=60),
        goal="Que el Congreso pida la redesignación de TPS para El Salvador.",
        description_es="Firmas, delegaciones y una marcha para pedir la redesignación de TPS.",
        description_en="Signatures, delegations and a march asking for TPS re-designation.",
        events=Event.objects.filter(title="Conozca sus derechos").order_by("starts_at")[:2])
    petition = services.save_petition(
        by=by, campaign=tps, title_es="Pedimos la redesignación de TPS para El Salvador",
        title_en="We ask for TPS re-designation for El Salvador", addressed_to="Congreso de los Estados Unidos",
        text_es="Miles de familias salvadoreñas viven y trabajan aquí desde hace más de veinte años. "
                "Pedimos al Congreso que apoye la redesignación de TPS.",
        text_en="Thousands of Salvadoran families have lived and worked here for more than twenty years. "
                "We ask Congress to support TPS re-designation.", target=5000, is_open=True)
    for name, phone, postcode in [("María José Hernández López", "2135550101", "90015"),
                                  ("Wilmer Argueta Cruz", "3235550102", "90006"),
                                  ("Reina Portillo de Martínez", "", "90057"),
                                  ("José Santos Guevara", "8185550104", "91331")]:
        services.sign(petition=petition, name=name, phone=phone, postcode=postcode, may_contact=bool(phone))
    services.add_action(by=by, campaign=tps, on=today - dt.timedelta(days=30), what="Delegación a la oficina distrital",
                        who="12 miembros del comité", outcome="La oficina prometió una respuesta por escrito.")
    services.add_material(by=by, campaign=tps, title="Volante: firme por el TPS", kind="flyer", language="es",
                          url="https://example.org/volante-tps.pdf")
    services.add_material(by=by, campaign=tps, title="Talking points for the delegation", kind="talking_points",
                          language="en", url="https://example.org/tps-talking-points")
    services.set_partner(by=by, campaign=tps, organization=comite, role="lead")
    services.set_partner(by=by, campaign=tps, organization=alliance, role="endorser")
    rep = services.save_target(by=by, name="Representante del distrito 34", kind="legislator",
                               office="Cámara de Representantes, CA-34", position="support",
                               position_since=today - dt.timedelta(days=40), campaigns=[tps])
    services.add_meeting(by=by, target=rep, on=today - dt.timedelta(days=30),
                         attendees="Comité de Familias Salvadoreñas; personal de la oficina distrital",
                         notes="Se entregaron 1.200 firmas en papel y testimonios.",
                         outcome="Se comprometió a firmar la carta de apoyo.")

    nacara = services.create_campaign(
        by=by, name="NACARA: defensa de los beneficiarios", kind="advocacy", status="active",
        starts_on=today - dt.timedelta(days=200), goal="Proteger el alivio de NACARA y sus plazos.",
        description_es="Campaña de la alianza nacional.", description_en="The national alliance's campaign.")
    services.set_partner(by=by, campaign=nacara, organization=alliance, role="lead")
    services.save_target(by=by, name="USCIS", kind="agency", office="Servicios de Ciudadanía e Inmigración",
                         position="monitor", campaigns=[nacara])

    march = services.create_campaign(
        by=by, name="Marcha por escuelas nuevas en Pico-Union", kind="march", status="planned",
        starts_on=today + dt.timedelta(days=14), ends_on=today + dt.timedelta(days=14),
        goal="Dos escuelas nuevas para el barrio.", description_es="Marcha desde la parroquia hasta el distrito.")
    services.set_partner(by=by, campaign=march, organization=coalition, role="lead")
    services.set_partner(by=by, campaign=march, organization=parroquia, role="member")
    services.add_estimate(by=by, campaign=march, on=today - dt.timedelta(days=365), people=1500,
                          source="Marcha del año pasado (conteo de los voluntarios)")
    services.save_target(by=by, name="Medida local de bonos escolares", kind="ballot", office="Condado",
                         position="support", decision_on=today + dt.timedelta(days=90), campaigns=[march])
    return "campaigns: 3 campaigns, a petition with 4 signatures, 4 organizations, 3 targets"
