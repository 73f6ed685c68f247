"""The sample meeting's agenda: date, place and the items' case texts (bilag are added by the generator)."""

from __future__ import annotations

import datetime as dt

from kkrdesk.core.meeting import AgendaItem, ItemType, Meeting

# Date, time, place and the meeting's case id are illustrative.
KKR = "KKR Sjælland"
DATE = dt.date(2025, 2, 27)
START = dt.time(10, 0)
PLACE = "Ringsted Rådhus, Sankt Bendts Gade 1, 4100 Ringsted"
MEETING_CASE_ID = "SAG-2025-00412"

SURVEY_CASE_ID = "SAG-2022-03432"
TRANSPORT_CASE_ID = "SAG-2023-02117"
ERHVERVSHUS_CASE_ID = "SAG-2024-01876"

ITEM_2_2_TITLE = "Drøftelse af rammerne for det fremtidige tværkommunale samarbejde i KKR"
ITEM_2_4_TITLE = "Danmark skal hænge sammen - KL's udspil til fremtidens kollektive trafik"
ITEM_2_7_TITLE = ("Rammeaftale for erhvervshusene 2024-2027 og Resultatkontrakt 2025 mellem KKR "
                  "Sjælland og Erhvervshus Sjælland")


def _approve_agenda() -> AgendaItem:
    return AgendaItem(
        number="2.1", type=ItemType.BESLUTNINGSSAG, title="Godkendelse af dagsorden",
        case_id=MEETING_CASE_ID,
        resume="Dagsordenen for mødet forelægges til godkendelse.",
        indstilling="Det indstilles, at KKR Sjælland godkender dagsordenen.",
        sagsfremstilling=(
            "Dagsordenen og bilagene er sendt ud til medlemmerne en uge før mødet.\n\n"
            "Ønsker et medlem at få et emne drøftet, som ikke står på dagsordenen, kan det rejses "
            "under punktet Eventuelt. Beslutninger kan dog kun træffes i sager, der er sat på "
            "dagsordenen."),
    )


def _future_cooperation() -> AgendaItem:
    return AgendaItem(
        number="2.2", type=ItemType.TEMADROEFTELSE, title=ITEM_2_2_TITLE, case_id=SURVEY_CASE_ID,
        resume=(
            "Inden den nye valgperiode skal KL's bestyrelse tage stilling til, hvordan det "
            "tværkommunale samarbejde i KKR skal tilrettelægges fremover. Som grundlag har KL i "
            "januar 2025 spurgt alle medlemmer af de fem KKR om deres syn på samarbejdet. KKR "
            "Sjælland drøfter resultaterne og giver sine input videre til bestyrelsen."),
        indstilling=(
            "Det indstilles, at KKR Sjælland drøfter rammerne for det fremtidige tværkommunale "
            "samarbejde i KKR med afsæt i undersøgelsens resultater, og at drøftelsen indgår i KL's "
            "bestyrelses videre arbejde."),
        sagsfremstilling=(
            "KKR er rammen om det politiske samarbejde mellem kommunerne i hver af de fem regioner. "
            "Før hver ny valgperiode ser KL's bestyrelse på, om rammerne fortsat passer til de "
            "opgaver, kommunerne skal løse i fællesskab. Denne gang sker det samtidig med, at "
            "Region Hovedstaden og Region Sjælland lægges sammen til Region Østdanmark, og at der "
            "etableres nye sundhedsråd.\n\n"
            "KL gennemførte i januar 2025 en undersøgelse blandt medlemmerne af de fem KKR med samme "
            "opbygning som evalueringen i 2017. 118 medlemmer svarede, heraf 22 fra KKR Sjælland. "
            "Hovedresultaterne er samlet i en opsamling, jf. bilag 1, mens alle tabeller findes i "
            "datarapporten i bilag 2.\n\n"
            "Undersøgelsen viser, at medlemmerne ser KKR som et sted for samarbejde, og at "
            "opbakningen til arbejdet er steget markant siden 2017. Fremover ønsker flere et KKR, "
            "der er mere beslutsomt, inddragende og proaktivt. KKR Sjælland vurderer rådet som "
            "koordineringsforum højest blandt de fem KKR, men samspillet med KL lavest (sammen med "
            "KKR Nordjylland).\n\n"
            "Til drøftelsen foreslås tre spørgsmål: Hvilke opgaver skal KKR løfte i den kommende "
            "valgperiode? Hvordan skal samarbejdet i Østdanmark organiseres, når regionerne lægges "
            "sammen? Og hvordan kan KKR's arbejde blive mere synligt i kommunalbestyrelserne?"),
    )


def _public_transport() -> AgendaItem:
    return AgendaItem(
        number="2.4", type=ItemType.TEMADROEFTELSE, title=ITEM_2_4_TITLE,
        case_id=TRANSPORT_CASE_ID,
        resume=(
            "KL har i november 2024 lagt et udspil frem om fremtidens kollektive trafik. Udspillet "
            "foreslår en ny ansvarsfordeling mellem stat og kommuner og friere rammer for "
            "kommunerne og trafikselskaberne. KKR Sjælland drøfter udspillet og dets betydning for "
            "den kollektive trafik i Sjællandsregionen."),
        indstilling=(
            "Det indstilles, at KKR Sjælland drøfter KL's udspil og de regionale perspektiver for "
            "den kollektive trafik i Sjællandsregionen."),
        sagsfremstilling=(
            "Den kollektive trafik er under pres: passagergrundlaget svinder i landdistrikterne, "
            "mens byerne oplever trængsel, og reglerne gør det svært at tilpasse tilbuddene til de "
            "lokale behov. KL har samlet kommunernes bud på en ny model i udspillet Danmark skal "
            "hænge sammen, jf. bilag 1.\n\n"
            "Udspillet indeholder tre anbefalinger: beslutningerne skal træffes tæt på borgerne, "
            "kommunerne skal have friere rammer, og trafikselskaberne skal kunne bruge nye "
            "transportformer. Staten skal efter forslaget have ansvaret for al skinnebåren trafik, "
            "mens kommunerne får ansvaret for den lokale trafik og for buslinjerne mellem de større "
            "byer, finansieret af et fast statsligt beløb.\n\n"
            "For kommunerne i KKR Sjælland er Movia trafikselskab, og mange af regionens ruter "
            "krydser kommunegrænserne. Sammenlægningen til Region Østdanmark rejser samtidig "
            "spørgsmålet om, hvem der fremover skal bestille og betale de regionale busruter.\n\n"
            "KKR Sjælland opfordres til at drøfte, hvordan udspillets model vil virke i "
            "Sjællandsregionen, og hvilke lokale erfaringer – fx med knudepunkter, flextrafik og "
            "samkørsel – der bør indgå i KL's videre arbejde."),
    )


def _erhvervshus() -> AgendaItem:
    return AgendaItem(
        number="2.7", type=ItemType.ORIENTERINGSSAG, title=ITEM_2_7_TITLE,
        case_id=ERHVERVSHUS_CASE_ID,
        resume=(
            "Erhvervsministeriet og KL har indgået en rammeaftale for erhvervshusene for 2024-2027. "
            "Aftalen fastlægger seks nationale mål og danner grundlag for den årlige "
            "resultatkontrakt mellem KKR Sjælland og Erhvervshus Sjælland. KKR orienteres om "
            "rammeaftalen og om resultatkontrakten for 2025."),
        indstilling=(
            "Det indstilles, at KKR Sjælland tager orienteringen om rammeaftalen for 2024-2027 og "
            "resultatkontrakten for 2025 til efterretning."),
        sagsfremstilling=(
            "Rammeaftalen, jf. bilag 1, beskriver erhvervshusenes opgaver og prioriteter i "
            "perioden. Erhvervshusene skal især styrke indsatsen for iværksættere, gøre deres "
            "tilbud bedre kendt og hjælpe virksomhederne med den bæredygtige omstilling.\n\n"
            "Aftalen indeholder seks nationale mål, som alle resultatkontrakter skal indeholde. Det "
            "første mål er, at erhvervshusene samlet skal vejlede mindst 1.200 virksomheder under "
            "3 år om året i 2027. Erhvervshus Sjællands andel er 171 virksomheder.\n\n"
            "Resultatkontrakten for 2025 indgås mellem KKR Sjælland og Erhvervshus Sjælland, jf. "
            "bilag 2. Den skrives under af både KKR's formand og formanden for erhvervshusets "
            "bestyrelse. Ud over de nationale mål kan kontrakten indeholde lokale mål, der "
            "understøtter erhvervshusets formål. Sekretariatet har kontrolleret udkastet mod "
            "rammeaftalen: målet for virksomhedernes kendskab til husets tilbud er sat til 50 pct. "
            "i 2025, hvor rammeaftalen kræver mindst 55 pct. Det rettes, før kontrakten "
            "underskrives.\n\n"
            "Bilag 3 er et eksempel på, hvordan erhvervshusets opgørelse af de opnåede resultater "
            "ser ud, når den foreligger i 2026. Den vedhæftes som datafil og trykkes ikke i "
            "bilagspakken.\n\n"
            "Bilag 4 er den underskrevne kontrakt, hvor målet er rettet til 55 pct. Den er "
            "modtaget som scannet kopi.\n\n"
            "Erhvervshuset afrapporterer til KKR, KL og Erhvervsstyrelsen senest i andet kvartal "
            "om opfyldelsen af målene for det foregående år."),
    )


def _any_other_business() -> AgendaItem:
    return AgendaItem(
        number="2.8", title="Eventuelt", case_id=MEETING_CASE_ID,
        resume="Punktet giver mulighed for at orientere om og rejse emner, der ikke er på dagsordenen.",
        indstilling="Det indstilles, at KKR Sjælland drøfter de emner, der rejses under punktet.",
        sagsfremstilling=(
            "Medlemmerne kan under punktet give korte orienteringer eller rejse emner, som ønskes "
            "sat på dagsordenen for et senere møde. Der træffes ikke beslutninger under Eventuelt."),
    )


def sample_meeting() -> Meeting:
    """The meeting with its items in order and no bilag yet."""
    return Meeting(kkr=KKR, date=DATE, title="Møde i KKR Sjælland", start=START, place=PLACE,
                   case_id=MEETING_CASE_ID,
                   items=[_approve_agenda(), _future_cooperation(), _public_transport(),
                          _erhvervshus(), _any_other_business()])
