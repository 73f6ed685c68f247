"""Bilag 1 to item 2.4: KL's nine-page proposal on the future of public transport, as a PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm

from kkrdesk.core.danish import format_date
from sample_meeting.pdf_layout import (
    TEXT_WIDTH,
    Letterhead,
    Styles,
    boxed,
    build_pdf,
    bullets,
    fact_boxes,
    gap,
    h1,
    h2,
    h3,
    numbered,
    p,
    proposal,
    register_fonts,
    table,
)

PAGES = 9
LETTERHEAD = Letterhead(
    header="Danmark skal hænge sammen – KL's udspil om kollektiv trafik", sender="KL",
    sender_name="KL", dateline=format_date(dt.date(2024, 11, 29)), case_id="SAG-2023-02117",
    pages=PAGES,
    title="Danmark skal hænge sammen - KL's udspil til fremtidens kollektive trafik",
    subject="Bilag til temadrøftelsen om KL's udspil om kollektiv trafik")

RECOMMENDATIONS = (
    "Beslutninger om den kollektive trafik skal ligge hos dem, der er tættest på borgerne.",
    "Kommunerne skal have friere rammer, så de kan dække borgernes behov for transport.",
    "Trafikselskaberne skal have friere rammer, så de kan tage nye transportformer i brug.",
)


def _page_intro() -> list:
    return [
        p("Danmark skal hænge sammen", Styles.title),
        p("KL's udspil til fremtidens kollektive trafik", Styles.subtitle),
        p("Det skal være muligt at bo, arbejde, tage en uddannelse og drive virksomhed i hele "
          "landet – på øerne, i landdistrikterne og i byerne. Det forudsætter, at man kan komme "
          "rundt, også når man ikke har en bil i indkørslen."),
        p("Behovet for kollektiv transport er ikke det samme overalt. Det skifter fra landsdel til "
          "landsdel og helt ned til den enkelte by og det enkelte lokalsamfund. Beslutningerne om "
          "busser, ruter og køreplaner skal derfor træffes af dem, der kender borgernes hverdag."),
        fact_boxes([("4 ud af 10", "familier har ikke adgang til en bil"),
                    ("3", "anbefalinger fra KL til en ny model for den kollektive trafik")]),
        gap(4),
        p("For mange er bussen den eneste vej til skole, arbejde og fritid. Det gælder de unge, der "
          "skal frem til deres ungdomsuddannelse eller hjem fra en studiegruppe om aftenen. Det "
          "gælder ældre og sårbare borgere, der risikerer at blive mere ensomme, når de ikke kan "
          "komme til indkøb, banko, lægen eller familien. Og det gælder familier, der har brug for "
          "en bil mere for at få hverdagen til at fungere, men ikke har råd til den."),
        p("Kommunerne er tæt på borgerne og kan afdække behovene og finde de løsninger, der passer – "
          "også i de mindste bysamfund. Men den kollektive trafik er i dag under pres fra to sider: "
          "flere flytter mod de store byer, og reglerne er for stive. Derfor er der brug for en ny "
          "model for den kollektive trafik."),
        gap(2),
        boxed(p("KL's tre anbefalinger", Styles.h2), *numbered(*RECOMMENDATIONS)),
    ]


def _page_recommendations() -> list:
    return [
        h1("Anbefalingerne kort"),
        h2("Anbefaling 1: Beslutninger tæt på borgerne"),
        p("KL foreslår en ny ansvarsfordeling, hvor"),
        *bullets(
            "staten får ansvaret for det landsdækkende, strategiske hovednet, herunder al "
            "skinnebåren trafik bortset fra metro og letbaner,",
            "kommunerne får ansvaret for de lokale transportbehov og for at koordinere buslinjerne "
            "mellem de større byer,",
            "staten afsætter et fast beløb til ruterne mellem de større byer, som trafikselskaberne "
            "udmønter."),
        h2("Anbefaling 2: Friere rammer til kommunerne"),
        p("KL foreslår, at de stive regler på transportområdet lempes, så"),
        *bullets(
            "kommunerne frit kan vælge den lokale transportløsning, der passer bedst til stedet,",
            "kommunerne kan lave flere forsøg med forskellige former for mobilitet,",
            "samarbejdet mellem offentlige og private aktører styrkes og får bedre vilkår."),
        h2("Anbefaling 3: Friere rammer til trafikselskaberne"),
        p("KL foreslår, at lovgivningen om trafikselskaberne løsnes, så"),
        *bullets(
            "trafikselskaberne kan tilpasse sig og udvikle løsninger, der rammer de lokale behov "
            "bedre,",
            "lukkede kørsler som skolebusser og handicapkørsel i højere grad bliver en del af den "
            "samlede kollektive trafik,",
            "trafikselskaberne kan lægge flerårige driftsbudgetter og lånefinansiere nødvendige "
            "investeringer, så de kan gennemføre langsigtede projekter ligesom andre selskaber."),
        gap(3),
        p("På de følgende sider uddybes udfordringerne og de tre anbefalinger, og der gives "
          "eksempler fra kommuner, som allerede tænker den kollektive trafik sammen med "
          "byudvikling, cykler og nye transportformer.", Styles.note),
    ]


def _page_division() -> list:
    header = ["", "Lokal mobilitet", "Ruter mellem de større byer",
              "Skinnebåren trafik, herunder lokalbaner"]
    private = "Private busoperatører og private leverandører af andre transportløsninger"
    state_operator = "Operatør valgt af staten (DSB m.fl.)"
    rows = [
        header,
        ["<b>Ejer</b>", "Kommunerne", "Kommunerne, gennem trafikselskaber med egne bestyrelser",
         "Staten"],
        ["<b>Fastlægger serviceniveau og bestiller</b>", "Kommunerne",
         "Et fast beløb fra staten, som udmøntes via trafikselskaberne", "Staten"],
        ["<b>Operatør</b>", private, private, state_operator],
        ["<b>Planlægger og indkøber</b>", "Trafikselskaberne", "Trafikselskaberne", state_operator],
    ]
    return [
        h1("Den konkrete arbejdsdeling"),
        p("Udspillet fordeler ansvaret for den kollektive trafik på tre niveauer. Tabellen viser, "
          "hvem der ejer, bestiller, kører og planlægger trafikken på hvert niveau."),
        p("Tabel 1: Arbejdsdelingen i KL's model", Styles.caption),
        table(rows, [34 * mm, 38 * mm, 44 * mm, TEXT_WIDTH - 116 * mm]),
        gap(5),
        h2("Lokal mobilitet"),
        p("Den lokale kollektive trafik er kommunernes ansvar fra start til slut. Det er "
          "kommunalbestyrelsen, der fastlægger serviceniveauet og bestiller kørslen, mens "
          "trafikselskabet planlægger ruterne og køber kørslen ind hos private operatører. Det kan "
          "være almindelige busser, men også andre løsninger, hvis de passer bedre til stedet."),
        h2("Ruter mellem de større byer"),
        p("Buslinjerne mellem de større byer binder landsdelene sammen og krydser ofte mange "
          "kommunegrænser. Kommunerne koordinerer dem i fællesskab gennem trafikselskaberne, der "
          "har deres egne bestyrelser. Pengene kommer som et fast beløb fra staten, så ruterne ikke "
          "skal konkurrere med de lokale behov om de samme kroner."),
        h2("Skinnebåren trafik"),
        p("Staten har allerede ekspertisen på jernbaneområdet og får med modellen også ansvaret for "
          "lokalbanerne. Metro og letbaner er undtaget. Kørslen varetages af en operatør, som staten "
          "vælger, fx DSB."),
    ]


def _page_challenges() -> list:
    return [
        h1("To udfordringer presser den kollektive trafik"),
        p("Den kollektive trafik kan i dag ikke levere gode løsninger til borgerne i alle dele af "
          "landet. Det skyldes især to forhold."),
        h2("Urbanisering"),
        p("Flere og flere flytter mod de største byer. Sammen med den demografiske udvikling betyder "
          "det færre indbyggere i landdistrikterne – og for få passagerer til at fylde store busser. "
          "Mange steder er ruter og afgange derfor skåret væk, og besparelserne har også ramt "
          "borgere i de større provinsbyer. I byerne giver den samme udvikling mere trængsel, støj og "
          "luftforurening."),
        h2("Stive regler"),
        p("Reglerne gør det svært at målrette den kollektive trafik til de lokale behov og at tage "
          "nye teknologier i brug. Trafikselskaberne kan fx ikke tilbyde samkørsel eller privat "
          "betalt kørsel, selv om det kan være mere fleksibelt, hvor der bor få mennesker. Og "
          "kommunerne kan ikke selv oprette og støtte et lokalt tilbud de steder, hvor "
          "trafikselskabets busser ikke giver mening."),
        h2("Særlige forhold i de store byområder"),
        p("I Hovedstaden, Aarhus, Aalborg og Odense handler det i høj grad om fremkommelighed. Her "
          "kræver udviklingen et tæt samarbejde mellem stat og kommuner og andre måder at "
          "finansiere investeringerne på."),
        h1("Klimaet"),
        p("Transporten står for omkring en tredjedel af Danmarks samlede udledning af "
          "CO<sub>2</sub>. Trafikkens luftforurening skader både natur og sundhed, særligt i byerne, "
          "hvor kvælstof og partikler fra udstødningen rammer mange mennesker."),
        p("Den grønne omstilling af busserne er godt i gang. Mange kommuner er ved at skifte "
          "dieselbusser ud med elbusser, og trafikselskaberne regner med, at knap 80 pct. af "
          "busserne kører uden udledning i 2030. En beregning, som COWI lavede for Movia i 2021, "
          "viser, at elbussen bruger mindre energi pr. passager end elbilen, så snart der sidder "
          "mere end 8 passagerer i bussen."),
        fact_boxes([("ca. 1/3", "af Danmarks CO<sub>2</sub>-udledning kommer fra transport"),
                    ("knap 80 %", "af busserne ventes at være emissionsfri i 2030"),
                    ("> 8", "passagerer, så er elbussen mere energieffektiv end elbilen")]),
    ]


def _page_recommendation_one() -> list:
    return [
        h1("Anbefaling 1: Beslutninger tæt på borgerne"),
        p("Borgernes behov er forskellige fra egn til egn. Derfor kan den kollektive trafik ikke "
          "centraliseres og standardiseres. Planlægningen skal ske tæt på dem, der bruger den."),
        p("Det er lokalt, man ved, hvornår eleverne skal hentes og bringes til folkeskolen, hvornår "
          "gymnasiet har skemaskifte, hvornår de store arbejdspladser skifter hold, og hvornår "
          "foreningerne har aktiviteter. Det er også lokalt, man ved, om et udsat boligområde har "
          "brug for særlige løsninger, så beboerne kan komme til job, uddannelse og fællesskaber."),
        p("Når den kollektive trafik tænkes sammen med byplanlægningen, kan kommunen give bussen "
          "bedre plads, fx med egne vejbaner, og styrke forbindelsen til områder, der har brug for "
          "det. Kollektiv trafik kan også bære udviklingen af nye byområder og den lokale handel."),
        boxed(
            p("Eksempler: Kollektiv trafik tænkt sammen med byen", Styles.h3),
            *bullets(
                "<b>København</b> har bygget nye broer for gående og cyklister over havnen og "
                "arbejder på den måde med grønnere og mere inkluderende transport.",
                "<b>Kolding</b> planlægger knudepunkter, hvor det er nemt at skifte transportform. "
                "Pendlere, der kommer ad motorvejen, skal kunne stille bilen ved "
                "motorvejsafkørslen og fortsætte med direkte bus, (el)cykel eller (el)løbehjul til "
                "arbejdspladsen.",
                "<b>Roskilde</b> har med visionen +Way samlet by- og trafikplanlægning. Busserne "
                "får forrang i lyskrydsene, så køretiden falder med 15 pct., og bussen bliver "
                "hurtigere end bilen i byens centrale dele.",
                "<b>Aalborg</b> har med +Plusbussen fået Danmarks første Bus Rapid Transit-system. "
                "Byplan, bydesign og trafikplan er udviklet samlet for at give passagererne den "
                "bedst mulige service.")),
        gap(2),
        proposal("Kommunerne får ansvaret for de lokale transportbehov og koordinerer buslinjerne "
                 "mellem de større byer."),
    ]


def _page_routes_and_skaane() -> list:
    return [
        h2("Ruter på tværs af kommunegrænserne"),
        p("Borgerne skal også kunne rejse kollektivt over kommunegrænsen. I modellen finansierer "
          "kommunerne derfor ruterne mellem de større byer gennem bevillinger til trafikselskaberne. "
          "Pengene kommer som et fast beløb fra staten, der tager udgangspunkt i de nuværende "
          "udgifter til de regionale ruter. Så bliver ruterne prioriteret, og staten kan tilpasse "
          "serviceniveauet til udviklingen af jernbanenettet."),
        p("Kommunerne koordinerer i fællesskab og i tæt samarbejde med trafikselskaberne ruterne "
          "som en del af et net af knudepunkter. Dermed bliver ruterne tænkt sammen med de lokale "
          "behov og byplanlægningen, samtidig med at nettet mellem de større byer forbliver stærkt."),
        proposal("Staten afsætter et fast beløb til ruterne mellem de større byer, og "
                 "trafikselskaberne udmønter det."),
        h2("Centralisering er ikke svaret"),
        p("Erfaringen er, at når ansvaret samles centralt, lukker de lokale tilbud. Kommunerne skal "
          "sikre, at der også kører kollektiv trafik dér, hvor borgerne har brug for den, langt fra "
          "de store færdselsårer – i små bysamfund på landet såvel som i udsatte byområder."),
        p("Kommunerne tænker allerede transport ind i lokalplanerne: stier fra boligområderne til "
          "veje med bus, plads til stoppesteder og vendepladser og sikre krydsninger. Arealerne skal "
          "afsættes tidligt i planlægningen. Bussen bruges også aktivt til at støtte byer, der "
          "kæmper for at fastholde skole, indbyggere og udvikling."),
        h2("Skånemodellen"),
        p("I Region Skåne er det lykkedes at få flere til at rejse kollektivt, bl.a. fordi der er "
          "investeret massivt i det regionale net og i BRT-linjer. En investering på samme niveau i "
          "Danmark vil også kunne løfte den kollektive trafik markant."),
        p("Modellen kan dog ikke overføres direkte. Skånetrafiken er en del af regionens "
          "forvaltning, og regionens 33 overvejende små kommuner har alle overladt den kollektive "
          "trafik til regionen. Den lokale trafik (Närtrafik) er mest støttet taxakørsel, og "
          "flextrafik afprøves endnu kun som pilotprojekt. Skåne er derfor ikke et forbillede, når "
          "det gælder lokal forankring og dækning af hele landet."),
    ]


def _page_state_and_hubs() -> list:
    return [
        h2("Staten og det strategiske hovednet"),
        p("Staten har allerede ekspertisen inden for tog og skinner. Får staten også ansvaret for "
          "lokalbanerne, kan de drives og udvikles sammen med resten af jernbanen. Metro og letbaner "
          "bliver ved med at ligge lokalt."),
        p("Et tættere samarbejde mellem stat og kommuner kan udnytte de eksisterende ressourcer og "
          "investeringer bedre, tage højde for både nationale og lokale prioriteter og gøre det "
          "lettere for borgerne at skifte mellem transportformer undervejs."),
        proposal("Staten har ansvaret for det landsdækkende strategiske hovednet, herunder al "
                 "skinnebåren trafik undtagen metro og letbaner."),
        h2("Stærke knudepunkter (HUBs)"),
        p("Hovednettet skal have gode forbindelser mellem de større byer og knudepunkter, som giver "
          "adgang videre ud til mindre byer og landsbyer. Så kan alle deltage i samfundslivet, uanset "
          "hvor de bor."),
        p("Knudepunkterne – såkaldte HUBs – indrettes efter de lokale behov og kan samle mange "
          "former for transport, fx delebiler, frivilligbusser og elcykler. Tilsammen skal de danne "
          "et landsdækkende net, der hænger sammen med de store færdselsårer og både rummer "
          "individuelle og kollektive løsninger – også for borgere, der har brug for "
          "specialkørsel, handicapkørsel eller sygetransport."),
        h2("De større byområder og øerne"),
        p("I Hovedstaden, Aarhus, Aalborg og Odense er der allerede investeret meget i den "
          "kollektive trafik, og der findes forskellige ejerformer. Her er der brug for et endnu "
          "tættere samarbejde mellem stat og kommuner, og kommunerne skal have rammer til at arbejde "
          "strategisk med fremkommelighed. Busser i egne baner (BRT) er helt centrale, og de "
          "barrierer, der i dag står i vejen for flere BRT-linjer, skal fjernes."),
        proposal("Der tages højde for de særlige forhold i de større byområder."),
        p("Også på øerne gælder særlige forhold. Her er en mere stabil færgedrift helt afgørende "
          "for, at hverdagen hænger sammen."),
    ]


def _page_recommendation_two() -> list:
    return [
        h1("Anbefaling 2: Friere rammer til kommunerne"),
        p("Skal den kollektive trafik målrettes lokalt, kræver det flere frihedsgrader og færre "
          "bindinger. Kommunerne skal fx ikke være tvunget til at bruge trafikselskabet, hvor et helt "
          "lokalt tilbud er bedre – det kan være i et udsat boligområde, hvor manglende transport "
          "holder unge væk fra uddannelse og fritidsliv. Ensartede løsninger giver mening på de "
          "tværgående ruter, men lokalt kan de spænde ben for gode ideer."),
        h3("Eksempler på andre transportformer"),
        *bullets(
            "Fleksible løsninger efter behov, fx bus på bestilling",
            "Privat betalt kørsel – lempeligere regler for samkørsel og for taxikørsel",
            "Samkørsel som en del af den kollektive transport",
            "Løsninger drevet af borgerne selv, fx frivilligbusser",
            "Flere delecykler"),
        proposal("Kommunerne får frihed til at vælge den lokale transportløsning, der passer bedst "
                 "til borgernes behov."),
        p("Regler, der står i vejen for en effektiv drift, skal væk. I dag må skolebussen fx ikke "
          "samle andre borgere op mod betaling, og kommunerne kan ikke via trafikselskaberne støtte "
          "andet end busser, fx delebilsordninger eller samkørsel. Kommunerne skal kunne lave lokale "
          "forsøg med bus på bestilling, samkørsel i minibusser med flere slags passagerer, "
          "pendler- og pensionistkort til flextrafik eller tilskud til medlemskab af en delebilsklub."),
        proposal("Kommunerne får lov til flere lokale forsøg med nye former for mobilitet."),
        h3("Ny teknologi og førerløse busser"),
        p("Udviklingen går stærkt: selvkørende køretøjer, elbiler, elcykler og elløbehjul, apps til "
          "samkørsel og kunstig intelligens, der kan styre trafikken og lade busser køre efter "
          "efterspørgsel frem for faste ruter. Det offentlige skal samarbejde med private "
          "virksomheder for at få de nye muligheder ind i den kollektive trafik."),
        p("I Oslo kører nogle af de første førerløse busser med den danske virksomhed Holo bag. Holo "
          "har testet førerløse busser med danske trafikselskaber, men en svær business case og "
          "manglende godkendelser stoppede udviklingen herhjemme. Nu giver Færdselsstyrelsen "
          "forsøgene friere rammer, og det er godt; reglerne skal holde trit med teknikken."),
        proposal("Samarbejdet mellem det offentlige og det private styrkes, så ny teknologi kan "
                 "bruges i langt højere grad."),
    ]


def _page_recommendation_three() -> list:
    return [
        h1("Anbefaling 3: Friere rammer til trafikselskaberne"),
        p("Lovgivningen om trafikselskaberne skal løsnes, så de kan tilpasse sig og udvikle "
          "løsninger, der passer bedre til de lokale behov. Det kan være samkørsel, bus på "
          "bestilling eller privat betalt kørsel, som kan være både mere fleksible og billigere, "
          "hvor der bor få mennesker, eller hvor behovene er særlige."),
        p("Trafikselskaberne skal også kunne udbyde og koordinere samkørsel på tværs af kommunerne. "
          "I dag må hver kommune selv indgå kontrakter med de forskellige udbydere, og det er "
          "hverken enkelt eller effektivt."),
        proposal("Lovgivningen om trafikselskaberne løsnes, så de kan tilpasse sig og udvikle "
                 "løsninger, der passer bedre til de lokale behov."),
        h2("Helt frem til døren"),
        p("Trafikselskaberne skal have bedre muligheder for at tilbyde kørsel helt til døren, som "
          "man kender det fra flextrafikken. Kombineret med funktionsudbud – hvor kommune og "
          "trafikselskab beskriver det samlede behov for mobilitet, og operatørerne byder ind med "
          "en løsning, der forbinder busser og tog efter køreplan med fleksible transportformer – "
          "kan det også åbne for flere private aktører."),
        h2("Lukkede kørsler skal være en del af helheden"),
        p("Skolebusser og handicapkørsel kører i dag ofte for sig selv. Tænkes disse lukkede "
          "kørsler ind i det samlede transportsystem, kan ressourcerne udnyttes bedre, og flere "
          "borgere får adgang til pålidelig transport. Det kan samtidig løfte servicen for "
          "skolebørn, ældre og mennesker med handicap."),
        proposal("Lukkede kørsler kan i højere grad indgå som et tilbud i den samlede kollektive "
                 "trafik."),
        h2("Flerårige budgetter og lån"),
        p("Endelig skal trafikselskaberne kunne lægge flerårige driftsbudgetter og "
          "lånefinansiere nødvendige investeringer. Det giver større økonomisk stabilitet og gør det "
          "muligt at planlægge og gennemføre langsigtede projekter, sådan som andre selskaber kan."),
        proposal("Trafikselskaberne kan lave flerårige driftsbudgetter og lånefinansiere "
                 "nødvendige investeringer."),
        gap(2),
        boxed(p("Samlet set", Styles.h3),
              p("Med de tre anbefalinger vil KL give den kollektive trafik en ny model: staten tager "
                "sig af hovednettet og skinnerne, kommunerne af de lokale behov og ruterne mellem "
                "byerne, og trafikselskaberne får rammer til at bruge de nye muligheder. Målet er en "
                "kollektiv trafik, der får Danmark til at hænge sammen.", Styles.body)),
    ]


def build(target: Path) -> None:
    """Write the nine-page transport proposal to ``target``."""
    register_fonts()
    pages = [_page_intro(), _page_recommendations(), _page_division(), _page_challenges(),
             _page_recommendation_one(), _page_routes_and_skaane(), _page_state_and_hubs(),
             _page_recommendation_two(), _page_recommendation_three()]
    build_pdf(target, LETTERHEAD, pages)
