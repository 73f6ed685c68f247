"""Bilag 1 to item 2.7: the 23-page framework agreement for the erhvervshuse 2024-2027, as a PDF."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Table, TableStyle

from sample_meeting.pdf_layout import (
    ACCENT,
    RULE,
    TEXT_WIDTH,
    Letterhead,
    Styles,
    boxed,
    build_pdf,
    bullets,
    contents_lines,
    fact_boxes,
    gap,
    h1,
    h2,
    h3,
    numbered,
    p,
    register_fonts,
    table,
)

PAGES = 23
TITLE = "Aftale om rammerne for erhvervshuse 2024-2027"
LETTERHEAD = Letterhead(
    header=TITLE, sender="EM · KL", sender_name="Erhvervsministeriet og KL",
    dateline="Aftaleperiode 2024-2027", pages=PAGES, title=TITLE,
    subject="Rammeaftale mellem Erhvervsministeriet og KL om erhvervshusenes opgaver og mål",
    plain_first_page=True)

# Goal 1: guided firms under three years old per erhvervshus, 2024 distribution (by population).
GOAL_1_DISTRIBUTION = (("Hovedstaden", 385), ("Midtjylland", 275), ("Sjælland", 171),
                       ("Sydjylland", 156), ("Nordjylland", 119), ("Fyn", 94))
CONTENTS_PAGE = 2


def _page_cover() -> list:
    party = Styles.cover_party
    return [
        gap(28),
        p(TITLE, Styles.title),
        p("Opgaver, prioriteter og mål for de tværkommunale erhvervshuse", Styles.subtitle),
        gap(14),
        p("mellem", Styles.body),
        gap(2),
        p("<b>Erhvervsministeriet (EM)</b>", party),
        p("Slotsholmsgade 10-12", party),
        p("1216 København K", party),
        gap(8),
        p("og", Styles.body),
        gap(2),
        p("<b>Kommunernes Landsforening (KL)</b>", party),
        p("Weidekampsgade 10", party),
        p("2300 København S", party),
        gap(10),
        p("I aftalen omtales Erhvervsministeriet og KL samlet som parterne.", Styles.body),
        gap(40),
        _signature_line(),
    ]


def _signature_line() -> Table:
    line = Table([["ERHVERVSMINISTERIET", "KL"]], colWidths=[TEXT_WIDTH / 2] * 2)
    line.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), "Carlito-Bold"),
                              ("FONTSIZE", (0, 0), (-1, -1), 12),
                              ("TEXTCOLOR", (0, 0), (-1, -1), ACCENT),
                              ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                              ("LINEABOVE", (0, 0), (-1, 0), 0.8, ACCENT),
                              ("TOPPADDING", (0, 0), (-1, -1), 8)]))
    return line


def _page_contents(lines: list[tuple[int, str, int]]) -> list:
    rows = []
    for level, text, page in lines:
        style = Styles.toc if level == 0 else Styles.toc_sub
        if level == 0:
            text = f"<b>{text}</b>"
        rows.append([p(text, style), p(str(page), Styles.toc)])
    contents = Table(rows, colWidths=[TEXT_WIDTH - 16 * mm, 16 * mm])
    contents.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT"),
                                  ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE, None, (1, 2)),
                                  ("TOPPADDING", (0, 0), (-1, -1), 1),
                                  ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [h1("Indholdsfortegnelse", in_contents=False), gap(2), contents]


def _page_basis() -> list:
    return [
        h1("Aftalens grundlag"),
        p("Erhvervshusenes opgaver er fastlagt i lov om erhvervsfremme. Den aftale, der i sin tid "
          "oprettede husene – <i>Aftale om etablering af tværkommunale erhvervshuse</i> af 25. "
          "oktober 2018 – gælder stadig, og parterne bygger videre på den i denne periode."),
        p("Denne rammeaftale uddyber, hvilke opgaver erhvervshusene skal løse, og hvilke mål de "
          "skal nå i årene 2024-2027. Den sætter også rammen for de resultatkontrakter, som hvert "
          "erhvervshus hvert år indgår med kommunekontaktrådet (KKR) i sin landsdel. Formålet er, at "
          "erhvervshusenes ydelser udvikler sig i takt med tiden og med virksomhedernes behov for "
          "specialiseret erhvervsservice."),
        gap(3),
        fact_boxes([("6", "erhvervshuse med hovedsæde"), ("6", "filialer i landsdelene"),
                    ("1.200", "vejledte virksomheder under 3 år om året i 2027"),
                    ("4", "år: aftalen gælder 2024-2027")]),
        gap(5),
        h2("Sådan er aftalen bygget op", in_contents=False),
        *bullets(
            "Afsnit 1 beskriver baggrunden og de prioriteter, erhvervshusene skal arbejde efter.",
            "Afsnit 2-4 handler om de tre temaer, der skal have særlig opmærksomhed i perioden: "
            "iværksættere, kommunikation til virksomhederne og bæredygtighed.",
            "Afsnit 5 beskriver erhvervshusenes hovedopgaver, og afsnit 6 og 7 bestyrelsens ansvar "
            "og medarbejdernes kompetencer.",
            "Afsnit 8 fastsætter de nationale mål og rammerne for resultatkontrakterne mellem KKR og "
            "det enkelte erhvervshus.",
            "Afsnit 9 og 10 handler om afrapportering, dialog, organisering og aftalens løbetid."),
        gap(3),
        p("Hvor aftalen nævner Erhvervsstyrelsen, er det styrelsen under Erhvervsministeriet, der "
          "løser opgaven på ministeriets vegne.", Styles.note),
    ]


def _page_introduction() -> list:
    return [
        h1("1. Indledning"),
        p("Siden januar 2019 har erhvervshusene samlet eksperter i at drive og udvikle virksomhed "
          "på tværs af kommunegrænserne. Døren står åben for enhver virksomhed, der har brug for "
          "specialiseret vejledning."),
        p("Husene tager afsæt i den enkelte virksomheds behov og arbejder tæt med andre aktører, "
          "offentlige som private. Vil man finde erhvervsfremmen på nettet, begynder man på "
          "Virksomhedsguiden; vil man tale med nogen, går man til erhvervshuset. Sammen med "
          "kommunernes erhvervsservice sørger de for, at iværksættere og virksomheder over hele "
          "landet kan nå de tilbud, der passer til dem."),
        p("Det gør husene til en af de vigtigste veje til at indfri <i>Iværksætterpakken (2024)</i>, "
          "den politiske aftale om bedre kår for iværksættere i Danmark."),
        h2("Erfaringerne fra evalueringen i 2023", in_contents=False),
        p("Erhvervsfremmesystemet blev evalueret i 2023. Evalueringen viser, at systemet "
          "grundlæggende fungerer godt, skaber effekt for virksomheder i hele landet og har "
          "opbakning fra de centrale interessenter. Interessenterne oplever, at kvaliteten er "
          "steget de senere år, og ønsker derfor ro om strukturen og aktørerne, så forbedringerne "
          "og den enklere og mere genkendelige indgang bevares."),
        p("Evalueringen peger samtidig på, hvor indsatsen kan udvikles. For erhvervshusene drejer "
          "det sig især om"),
        *numbered(
            "et tydeligere fokus på iværksætteri i opgaveløsningen,",
            "større kendskab til erhvervshusenes tilbud og mere fælles kommunikation på tværs af "
            "husene,",
            "en klarere beskrivelse af bestyrelsernes ansvar for den lokale forankring,",
            "et skarpere fokus på ESG,",
            "en præcisering af, hvad specialiseret vejledning er, og fortsat opmærksomhed på, at "
            "erhvervshusene ikke løser opgaver, som private rådgivere kan løse,",
            "en præcisering af knudepunktsfunktionen og samarbejdet med andre aktører."),
    ]


def _page_introduction_continued() -> list:
    return [
        h2("En verden i forandring", in_contents=False),
        p("Erhvervshusene arbejder i dag under andre betingelser end for blot få år siden. Globale "
          "spændinger, krigen i Europa og usikre forsyningskæder gør samhandlen mindre stabil. "
          "Konkurrencen mellem landene om at skabe fremtidens iværksættere og om at tiltrække og "
          "fastholde bl.a. produktionsvirksomheder er blevet skarpere."),
        p("Samtidig stiller den grønne omstilling nye krav til virksomhederne, og digitalisering, "
          "automatisering og kunstig intelligens udvikler sig hurtigt og får stor betydning for "
          "produktivitet og konkurrenceevne. Det giver både muligheder og udfordringer for dansk "
          "erhvervsliv."),
        p("Her kan erhvervshusene gøre en forskel. De hjælper den enkelte virksomhed eller "
          "iværksætter med at danne sig et overblik over sin situation og vejleder om drift og "
          "udvikling. Med deres faglighed og evne til at sætte sig i virksomhedens sted skal "
          "erhvervshusene bidrage til et erhvervsliv i udvikling, der skaber fremtidens "
          "arbejdspladser i alle dele af landet. Det forudsætter også, at erhvervshusene kender "
          "iværksættermiljøerne i deres landsdel indgående."),
        h2("Sammenhæng med erhvervsfremmestrategien", in_contents=False),
        p("Rammeaftalen løber i de samme år som Danmarks Erhvervsfremmebestyrelses strategi "
          "<i>Virksomhedsudvikling i hele Danmark 2024-2027</i>. Erhvervshusene får en central rolle "
          "i at føre strategien ud i livet – både som kompetencecentre for den specialiserede "
          "vejledning og gennem bestyrelserne, som Danmarks Erhvervsfremmebestyrelse drøfter sin "
          "strategi med lokalt."),
        p("Kommunerne er erhvervshusenes ejere og nærmeste samarbejdspartnere. Den lokale "
          "erhvervsservice i kommunerne og den specialiserede vejledning i erhvervshusene skal "
          "supplere hinanden, så virksomhederne oplever én sammenhængende indsats, uanset om de "
          "henvender sig i kommunen eller i erhvervshuset."),
        boxed(p("Aftalens løfte til virksomhederne", Styles.h3),
              p("Uanset hvor i landet en virksomhed ligger, skal den kunne få kvalificeret, uvildig "
                "og specialiseret vejledning i et erhvervshus – og blive sendt videre til den rette "
                "aktør, når den har brug for mere.", Styles.body)),
    ]


def _page_priorities() -> list:
    return [
        h2("1.1 Prioriteter for erhvervshusene"),
        p("De tværkommunale erhvervshuse skal bidrage til mere vækst, højere produktivitet og "
          "større konkurrenceevne i erhvervslivet i hele Danmark. Derfor prioriterer "
          "erhvervshusene følgende i deres arbejde:"),
        *bullets(
            "De nye iværksætterguides skal opsøge iværksættere lokalt, og erhvervshusene skal have "
            "ydelser og tilbud, der er relevante for dem.",
            "Erhvervshusene udgør sammen med kommunerne og Virksomhedsguiden de bærende dele af den "
            "decentrale erhvervsfremmeindsats.",
            "Gennem rollen som sparringspartner for Danmarks Erhvervsfremmebestyrelse og dialogen "
            "med kommuner og erhvervsorganisationer understøtter erhvervshusene et sammenhængende "
            "og lokalt forankret system, som også virker relevant langt fra husenes adresser.",
            "Erhvervshusene betjener både vækstvirksomheder og den store gruppe af andre "
            "virksomheder – nye såvel som veletablerede.",
            "Ydelserne skal være af høj kvalitet, tage afsæt i den enkelte virksomhed, være lette at "
            "få adgang til i hele landet og sætte gang i virksomhedernes forretningsudvikling, "
            "herunder bæredygtig omstilling og digitalisering.",
            "Ydelserne skal være tilgængelige lokalt, og kommunerne og erhvervshusene skal arbejde "
            "tæt sammen, så tilbuddene ikke overlapper, og kompetencerne bruges bedst muligt.",
            "Erhvervshusene er virksomhedernes knudepunkt i erhvervsfremme- og innovationssystemet "
            "og bygger bro til bl.a. Trade Council, EIFO, Innovationsfonden, klyngeorganisationerne "
            "og GTS-institutterne.",
            "Erhvervshusene deltager i udviklingen af digitale værktøjer og vejledning på "
            "Virksomhedsguiden, så deres viden når ud til flere."),
        gap(2),
        p("Derudover skal erhvervshusene i perioden 2024-2027 have særlig opmærksomhed på to "
          "temaer: en skarpere kommunikation af erhvervsfremmetilbuddene til virksomhederne og "
          "virksomhedernes bæredygtige omstilling og de forretningsmuligheder, den åbner."),
        boxed(p("Prioriteterne i praksis", Styles.h3),
              p("Prioriteterne omsættes til konkrete mål i afsnit 8. De nationale mål gælder for alle "
                "seks erhvervshuse, mens KKR og det enkelte erhvervshus kan supplere med lokale mål "
                "i den årlige resultatkontrakt.", Styles.body)),
    ]


def _page_entrepreneurs() -> list:
    return [
        h1("2. Iværksætteri"),
        p("Rundt om i landet får mange førstegangsiværksættere hjælp gennem kommunernes "
          "grundlæggende erhvervsservice, fx iværksættercaféer, netværk og vejledning én til én. "
          "Virksomhedsguidens digitale vejledning til nye virksomheder bruges også flittigt. Men "
          "mange iværksættere har brug for mere end det grundlæggende og kan have gavn af "
          "specialiseret vejledning."),
        p("I 2022 fik omkring 600 virksomheder under 3 år specialiseret vejledning i "
          "erhvervshusene (<i>Et iværksætterland i verdensklasse, 2024</i>). Erhvervsministeriets "
          "analyse <i>Iværksætteri i Danmark (2023)</i> viser, at iværksættere, der har fået "
          "vejledning i erhvervsfremmesystemet, klarer sig bedre målt på omsætning og beskæftigelse "
          "end sammenlignelige virksomheder, der ikke har."),
        fact_boxes([("ca. 600", "virksomheder under 3 år fik specialiseret vejledning i 2022"),
                    ("mindst 1.200", "om året er målet for 2027 – en fordobling")]),
        gap(4),
        p("Skal flere iværksættere skabe højproduktive arbejdspladser, og skal Danmark få flere "
          "iværksættersucceser, er det vigtigt, at endnu flere unge virksomheder får specialiseret "
          "vejledning. Alle erhvervshuse skal derfor prioritere indsatsen for iværksættere og have "
          "ydelser, der passer til dem."),
        h2("Iværksætterguides i alle erhvervshuse", in_contents=False),
        p("Med den politiske aftale om <i>Iværksætterpakken (2024)</i> får hvert erhvervshus en "
          "iværksætterguide. Guiden opsøger iværksættere, giver sparring og viser vej til de tilbud, "
          "der er relevante. Arbejdet koordineres tæt med kommunernes egne iværksætterindsatser og "
          "andre lokale aktiviteter, så virksomhederne oplever, at tilbuddene hænger sammen og "
          "supplerer hinanden."),
        p("Erhvervshusene har dermed en hovedrolle i at sikre, at iværksættere over hele landet får "
          "gavn af både erhvervsfremme- og innovationssystemet, og at der kommer flere "
          "vækstvirksomheder i alle landsdele."),
        h2("Et nyt mål", in_contents=False),
        p("Som opfølgning på aftalen indføres et nyt mål: frem mod 2027 skal erhvervshusene "
          "fordoble antallet af vejledte iværksættervirksomheder, så de samlet vejleder mindst "
          "1.200 virksomheder under 3 år om året. Målet og fordelingen mellem erhvervshusene er "
          "beskrevet i afsnit 8.1."),
    ]


def _page_communication() -> list:
    return [
        h1("3. Skarpere kommunikation af erhvervsfremme"),
        p("Det er et mål i Danmarks Erhvervsfremmebestyrelses strategi <i>Virksomhedsudvikling i "
          "hele Danmark 2024-2027</i>, at det skal være nemt for små og mellemstore virksomheder "
          "(SMV'er) at finde rundt i erhvervsfremmen. Aktørerne skal derfor kommunikere deres "
          "tilbud til iværksættere og SMV'er skarpere og samle dem i få, overskuelige værditilbud."),
        p("Fordi virksomhederne møder erhvervsfremmen ansigt til ansigt i erhvervshusene, står husene "
          "centralt i den fælles kommunikation. De præsenterer deres specialiserede vejledning på "
          "samme tydelige måde under få værditilbud, der er til at kende igen, og som ikke skifter "
          "fra år til år eller fra aktør til aktør. Det gør det muligt at lave landsdækkende kampagner og at fremhæve "
          "tilbuddene i erhvervshusene, bl.a. på Virksomhedsguiden."),
        p("I 2024 er der udarbejdet beskrivelser af værditilbuddene. Erhvervshusene har været tæt "
          "inddraget i arbejdet og bruger beskrivelserne i deres kommunikation til virksomhederne."),
        h2("Samspillet med Virksomhedsguiden", in_contents=False),
        p("Virksomhedsguiden er virksomhedernes digitale indgang til viden, vejledning, guides og "
          "værktøjer, og erhvervshusenes kendskab til virksomhedernes behov er et vigtigt bidrag til "
          "indholdet. Erhvervshusenes hjemmesider indgår i den fælles erhvervsfremmeplatform "
          "sammen med Virksomhedsguiden, så virksomhederne også digitalt møder en enkel indsats, "
          "hvor vejen gennem tilbuddene er let, og værditilbuddene er tydelige."),
        p("Erhvervshusene deltager i en fælles redaktionsgruppe med Erhvervsstyrelsen og KL og "
          "hjælper med at udvikle vejledningen på Virksomhedsguiden. På den måde bliver "
          "erhvervshusenes viden til digital vejledning om de mange praktiske og merkantile emner."),
        h2("Hvem formidler hvad", in_contents=False),
        p("På egne kanaler, herunder hjemmesiderne, skal erhvervshusene klart og ensartet beskrive "
          "den specialiserede vejledning, de tilbyder. Generel digital vejledning hører derimod "
          "hjemme på Virksomhedsguiden og ligger uden for erhvervshusenes formål. Det sikrer, at "
          "digital vejledning udvikles og formidles ét sted og så effektivt som muligt."),
        p("Erhvervshusene kan på deres hjemmesider og i dialogen med virksomhederne henvise til "
          "vejledning og værktøjer på Virksomhedsguiden. Omvendt henviser Virksomhedsguiden til den "
          "specialiserede vejledning i erhvervshusene, så virksomhederne møder ét samlet tilbud."),
    ]


def _page_sustainability() -> list:
    return [
        h1("4. Bæredygtighed"),
        p("Danmark skal være klimaneutralt i 2045, og undervejs skal udledningen af drivhusgasser i "
          "2030 være reduceret med 70 pct. Virksomhederne er en vigtig del af løsningen og kan "
          "sætte fart på den bæredygtige omstilling – både når det gælder miljø og klima og sociale "
          "og ledelsesmæssige forhold."),
        p("EU indfører en række fælles regler, der skal fremme virksomhedernes arbejde med "
          "bæredygtighed og stille krav til virksomheder i Danmark og de andre medlemslande. Mange "
          "virksomheder mødes desuden allerede i dag af krav og forventninger fra kunder og "
          "investorer. Erhvervshusene kan hjælpe SMV'erne med at blive klar, så de kan udnytte de "
          "forretningsmuligheder, som omstillingen og de skærpede krav giver."),
        h2("Hvad erhvervshusene tilbyder", in_contents=False),
        p("Med deres indsigt i virksomhedernes daglige drift og deres erfaring med bl.a. grøn "
          "omstilling og cirkulær økonomi skal erhvervshusene hjælpe virksomhederne med at målrette "
          "og prioritere indsatsen. Konkret skal erhvervshusene"),
        *bullets(
            "vejlede SMV'er om, hvordan de løfter og dokumenterer forretningens arbejde med "
            "bæredygtighed,",
            "give overblik over gældende og kommende lovkrav om bæredygtighed,",
            "gøre bæredygtighed konkret og relevant for den enkelte virksomhed og give adgang til "
            "viden og værktøjer,",
            "henvise til de netværk og databaser, virksomheden har brug for til næste skridt, så "
            "indsatsen giver mest mulig forretningsmæssig værdi."),
        p("Erhvervshusene samarbejder med Erhvervsstyrelsen, så virksomhederne får en "
          "sammenhængende bæredygtighedsvejledning af høj kvalitet. Vejledningen skal bygge på, "
          "hvad virksomhederne har brug for, på ny viden om regler og standarder og på digitale "
          "værktøjer, der gør arbejdet lettere."),
        h2("Målet for indsatsen", in_contents=False),
        p("Effekten af vejledningen følges gennem et nationalt mål: mindst 70 pct. af de "
          "virksomheder, der er vejledt om bæredygtighed, skal i brugerevalueringen svare, at "
          "vejledningen i høj grad har gjort dem bedre til at målrette og prioritere arbejdet. Målet "
          "er beskrevet som mål 6 i afsnit 8.1."),
        boxed(p("Tre områder i bæredygtighedsvejledningen", Styles.h3),
              *bullets("Miljø og klima", "Sociale forhold", "Virksomhedsledelse")),
    ]


def _page_main_tasks() -> list:
    return [
        h1("5. Erhvervshusenes hovedopgaver"),
        p("Erhvervshusene har fire hovedopgaver:"),
        *numbered(
            "Specialiseret og målrettet vejledning til alle slags virksomheder i alle dele af "
            "Danmark.",
            "Knudepunkt for virksomhederne i erhvervsfremmesystemet.",
            "Operatør på erhvervsfremmeprojekter.",
            "Strategisk sparringspartner for Danmarks Erhvervsfremmebestyrelse."),
        p("De tre første opgaver udgør erhvervshusets daglige drift og er beskrevet i dette afsnit. "
          "Den fjerde opgave varetages af bestyrelsen og er beskrevet i afsnit 6."),
        h2("5.1 Specialiseret vejledning"),
        p("Erhvervshusene er stærke kompetencecentre, der samler specialiseret viden om drift og "
          "udvikling af virksomheder og om de love og regler, der gælder for dem. De skal tilbyde "
          "uvildig vejledning af høj faglig kvalitet til alle typer virksomheder. Både "
          "knudepunktsfunktionen og rollen som projektoperatør bygger på denne kerneopgave."),
        p("Sammen med virksomheden skaber erhvervshuset et overblik over forretningen og udpeger "
          "konkrete indsatsområder, der kan styrke drift og udvikling. Overblikket skal gøre det "
          "muligt for virksomhedens ledelse at træffe konkrete beslutninger om, hvordan "
          "virksomheden skal udvikle sig. Vejledningen tager afsæt i virksomhedens behov og har "
          "som grundlæggende formål at øge produktiviteten og konkurrenceevnen."),
        p("Vejledningen kan fx handle om:"),
        *bullets(
            "digitalisering og brug af avanceret teknologi",
            "innovative produkter og services og nye forretningsmodeller",
            "kapital og internationalisering",
            "bæredygtighed og krisehåndtering",
            "ledelse og organisationsudvikling, herunder forberedelse af ejerskifte eller salg"),
    ]


def _page_guidance_limits() -> list:
    return [
        h3("Vejledning – ikke rådgivning"),
        p("Erhvervshusene skal sikre, at vejledningen hverken i omfang eller karakter forvrider "
          "konkurrencen med private rådgivere. Det beror på en konkret vurdering i hvert tilfælde."),
        p("Erhvervshusene kan fx afklare virksomhedens behov uvildigt, hjælpe med at kortlægge "
          "mulighederne og udarbejde en forretnings- og vækstplan gennem dialog og sparring. Giver "
          "erhvervshuset derimod konkrete anvisninger på, hvordan en handlingsplan skal "
          "gennemføres, bliver der typisk tale om rådgivning, som erhvervshusene ikke har hjemmel "
          "til – også selv om forløbet er kort."),
        p("Et forløb kan være kort eller langt og kan foregå ved ét eller flere møder, fysisk "
          "eller digitalt. Men møderne må ikke blive så mange, at "
          "erhvervshuset i praksis overtager private rådgiveres opgaver. Erhvervshusene skal derfor "
          "være tilbageholdende med, hvor meget vejledning den enkelte virksomhed får, og ledelsen "
          "har en særlig opgave i at følge forretningsudviklernes arbejdsmetoder."),
        boxed(p("Reglen om 20 timer", Styles.h3),
              p("Når en virksomhed har fået mere end 20 timers vejledning inden for 12 måneder, skal "
                "erhvervshusets ledelse tage udtrykkelig stilling til, at vejledningen i det "
                "konkrete tilfælde ikke forvrider konkurrencen med private rådgivere. Reglen "
                "gælder i alle erhvervshuse.", Styles.body)),
        gap(2),
        h3("Fælles forløb og lokale aftaler"),
        p("Erhvervshusene kan alene eller sammen med kommuner, andre erhvervsfremmeaktører og "
          "private rådgivere tilrettelægge fælles tilbud til grupper af virksomheder med de samme "
          "udfordringer, fx lærings- og udviklingsforløb eller netværk."),
        p("En kommune kan desuden efter beslutning i kommunalbestyrelsen aftale med erhvervshuset, "
          "at huset løser opgaver ud over den arbejdsdeling, som etableringsaftalen beskriver – fx "
          "lokale erhvervsserviceydelser eller særlige vejledningsforløb."),
        h3("Til stede, hvor virksomhederne er"),
        p("Erhvervshusene skal balancere indsatsen, så virksomheder bredt oplever vejledningen som "
          "relevant og værdiskabende. Skal ydelserne nå frem, må erhvervshusene være opsøgende og "
          "møde virksomhederne i de lokale miljøer, fx iværksættermiljøer og branchefællesskaber, "
          "i samspil med den lokale erhvervsindsats."),
    ]


def _page_hub_capital() -> list:
    return [
        h2("5.2 Knudepunkt"),
        p("Mange virksomheder møder erhvervsfremmen første gang i et erhvervshus og bliver sendt "
          "videre derfra. Uden den funktion kunne husene ikke være kompetencecentre: det er den, der "
          "lader dem finde de rette ydelser og aktører – herhjemme eller i udlandet – til en "
          "virksomhed med et konkret behov."),
        p("Som knudepunkt har erhvervshusene en særlig forpligtelse til at kende de tilbud og "
          "virkemidler, andre aktører har. Nedenfor beskrives de vigtigste samarbejder."),
        h3("Adgang til kapital"),
        p("Uden kapital kan virksomhederne ikke vokse og skalere. Erhvervshusene samarbejder tæt "
          "med Danmarks Eksport- og Investeringsfond (EIFO) og skal også kende de private "
          "muligheder, fx business angels og banker."),
        p("EIFO arbejder for, at virksomheder i hele landet let kan få adgang til fondens "
          "finansielle produkter gennem erhvervshusene – også produkterne til virksomheder, der "
          "arbejder med grønne løsninger, teknologi, eksport og internationalisering. Hvert år "
          "lægger erhvervshusene og EIFO i fællesskab en aktivitetsplan med målrettede tilbud. "
          "Indholdet kan skifte fra år til år og kan fx være landsdækkende webinarer eller lokale "
          "arrangementer, der passer til virksomhederne i det enkelte erhvervshus."),
        p("EIFO styrker også kompetencerne hos udvalgte forretningsudviklere, så de er klædt på til "
          "at henvise de rette virksomheder til fonden."),
        h3("Innovation"),
        p("Innovation er afgørende for konkurrenceevnen. Erhvervshusene skal derfor samarbejde tæt "
          "med innovations- og videnmiljøerne, bl.a. Innovationsfonden, klyngeorganisationerne og "
          "GTS-institutterne. Målet er, at flere virksomheder begynder at forske og udvikle, og at "
          "flere SMV'er i hele landet tager ny teknologi i brug. Samarbejdet tilrettelægges, så "
          "virksomhederne oplever én sammenhængende indsats med adgang til ydelserne i hele "
          "landet."),
        p("Erhvervshusene og Innovationsfonden vil give videnbaserede iværksættere og "
          "innovationsparate virksomheder bedre indsigt i fondens programmer. Fonden kan informere "
          "og vejlede forretningsudviklerne, fx på møder, workshops og webinarer, og parterne kan "
          "udveksle data om brugen af programmerne i landsdelene. Samarbejdet kan beskrives i en "
          "årlig aktivitetsplan for hvert erhvervshus."),
    ]


def _page_hub_clusters() -> list:
    return [
        h3("Klyngeorganisationerne"),
        p("De landsdækkende klyngeorganisationer skal styrke SMV'ernes produktivitet og "
          "konkurrenceevne ved at fremme samarbejde om innovation. Det sker gennem aktiviteter af "
          "kollektiv karakter som vidensspredning, matchmaking og facilitering."),
        p("Som knudepunkt skal erhvervshusene have overblik over klyngernes værditilbud og kunne "
          "henvise virksomhederne dertil. Erhvervshuse og klynger skal kende hinandens ydelser og "
          "arbejde tæt sammen, så virksomhederne møder det rette tilbud, og unødige overlap undgås. "
          "Ved at kombinere virkemidler og fagligheder kan de sammen løfte virksomhedernes "
          "innovationskraft."),
        p("Klyngeorganisationerne kan have adresse i erhvervshusene for at være tæt på deres "
          "målgruppe. Den konkrete model aftales i samarbejdsaftaler mellem erhvervshusene og "
          "klyngerne, som også kan omfatte udstationerede medarbejdere og fælles arrangementer for "
          "udvalgte typer af virksomheder."),
        h3("GTS-institutterne"),
        p("De godkendte teknologiske serviceinstitutter (GTS) samarbejder med erhvervshusene om at "
          "give virksomhederne kendskab til og adgang til ny faglig viden og teknologi. GTS stiller "
          "test- og udviklingsfaciliteter og tilhørende kompetencer til rådighed, så virksomhederne "
          "kan udvikle nye og mere konkurrencedygtige produkter og services. Gennem deres "
          "internationale netværk kan GTS også give adgang til højt specialiseret teknologisk "
          "infrastruktur i udlandet."),
        p("Samarbejdet skal styrke forretningsudviklernes indsigt i teknologiske "
          "udviklingsaktiviteter og deres evne til at visitere virksomhederne dertil, bl.a. gennem "
          "kompetenceudvikling og oplysning i erhvervshusene. Samtidig skal ny viden om "
          "forskningsresultater og standarder nå ud til flere SMV'er."),
        p("Samarbejdet tilrettelægges mellem det enkelte erhvervshus og GTS, så omfang og form "
          "passer til de teknologiske behov hos virksomhederne i landsdelen."),
        boxed(p("Knudepunktet i tal", Styles.h3),
              p("Hvor godt knudepunktsfunktionen virker, måles i mål 4 (afsnit 8.1): mindst 50 pct. "
                "af de virksomheder, som erhvervshuset henviser til ekstern rådgivning eller til "
                "højt specialiseret statslig erhvervsfremme, skal have brugt mindst én af "
                "henvisningerne.", Styles.body)),
    ]


def _page_hub_international() -> list:
    return [
        h3("Internationalisering"),
        p("Eksport og internationalisering er afgørende for danske virksomheders konkurrenceevne. "
          "Erhvervshusene hjælper virksomhederne med at blive klar til nye markeder i udlandet. Her "
          "er et tæt samspil med The Trade Council vigtigt, ligesom indsigt i mulighederne for at "
          "deltage i EU-programmer."),
        p("The Trade Council udstationerer internationaliseringsrådgivere i erhvervshusene, så "
          "virksomhederne oplever en glidende overgang fra erhvervshusenes første vejledning til "
          "Trade Councils rådgivning om internationalisering og innovation og til Udenrigsministeriets "
          "netværk af repræsentationer i udlandet, herunder Innovation Centre Denmark."),
        fact_boxes([("7,5 mio. kr.", "om året inden for erhvervshusenes ramme til "
                                     "internationaliseringsindsatsen"),
                    ("efter befolkningstal", "fordeles finansieringen mellem erhvervshusene")]),
        gap(4),
        p("Inden for erhvervshusenes ramme er der afsat 7,5 mio. kr. om året til formålet, fordelt "
          "mellem husene efter befolkningstal. The Trade Council placerer rådgivere i alle "
          "erhvervshuse med hensyn til, hvor stor efterspørgslen er, og rammen dækker også konkrete "
          "fælles aktiviteter. De udstationerede medarbejdere indgår i det kollegiale fællesskab i "
          "erhvervshuset, mens The Trade Council har ansvaret for at tilrettelægge "
          "udstationeringen."),
        p("Rammerne for udstationeringen står i et særskilt bilag til denne aftale om governance "
          "for Udenrigsministeriets internationaliseringsrådgivere i erhvervshusene. The Trade "
          "Council og hvert erhvervshus aftaler fælles lokale mål for indsatsen og en handlingsplan "
          "med aktiviteter, fx fælles virksomhedsforløb, opsøgende arbejde, kompetenceudvikling og "
          "projektsamarbejde. Erhvervshuset sender mål og handlingsplan til Erhvervsstyrelsen og KL."),
        h3("EU-muligheder"),
        p("Erhvervshusene er partnere i netværket EU-DK Support og kender derfor de mange tilskuds- "
          "og finansieringsmuligheder i EU's programmer. De vejleder virksomhederne om, hvor i "
          "netværket de kan få specialiseret rådgivning."),
    ]


def _page_hub_other() -> list:
    return [
        h3("Beskæftigelses- og uddannelsessystemet"),
        p("Kvalificeret arbejdskraft er en forudsætning for vækst. Erhvervsfremme-, beskæftigelses- "
          "og uddannelsessystemet har alle tilbud om rekruttering og kompetenceudvikling. "
          "Erhvervshusene har tæt kontakt til mange virksomheder og kan lokalt aftale samarbejde "
          "med aktører i beskæftigelses- og uddannelsessystemet i det omfang og den form, der "
          "passer til behovet i landsdelen."),
        h3("Digitalisering og automatisering"),
        p("Digitalisering og automatisering kan give store gevinster og er ofte et vigtigt redskab, "
          "når virksomheder lægger deres forretning om. European Digital Innovation Hubs skal få "
          "flere virksomheder til at tage digitale teknologier i brug. I Danmark er indsatsen bygget "
          "op om erhvervshusenes knudepunktsfunktion og giver nem adgang til vejledning, "
          "kompetenceudvikling, testfaciliteter og finansiering hos aktører med specialviden."),
        p("I sparringen om digitalisering kender erhvervshusene de relevante tilbud og programmer, "
          "der kan løfte virksomhederne til et højere digitalt niveau, herunder nye teknologier, "
          "digitale forretningsmodeller og kunstig intelligens. De samarbejder tæt med bl.a. "
          "klyngeorganisationer, GTS-institutter og private rådgivere."),
        h3("Immaterielle rettigheder"),
        p("God beskyttelse af immaterielle rettigheder (IPR) er vigtig for innovative virksomheders "
          "konkurrenceevne og for at tiltrække kapital, ikke mindst internationalt. Patent- og "
          "Varemærkestyrelsen (PVS) tilbyder specialiseret vejledning på området, og erhvervshusene "
          "har kontakt til virksomheder i alle faser. PVS og erhvervshusene samarbejder derfor om at "
          "få flere virksomheder til at kende og bruge IP-rettigheder og om at styrke "
          "forretningsudviklernes kompetencer. Samarbejdet kan tilrettelægges lokalt, evt. i en "
          "samarbejdsaftale."),
        h2("5.3 Projektoperatør"),
        p("Erhvervshusene kan være operatører på erhvervsfremmeprojekter, der ligger inden for den "
          "nationale strategi <i>Virksomhedsudvikling i hele Danmark 2024-2027</i>, og på projekter, "
          "der bidrager til og supplerer deres lovbundne hovedopgave med specialiseret "
          "erhvervsservice."),
        p("Med deres specialiserede kompetencer, deres rolle som knudepunkt og deres mange "
          "samarbejdsflader har erhvervshusene et godt udgangspunkt for at drive projekter, der "
          "styrker virksomhedernes drift og udvikling. Projekterne tager afsæt i rollen som "
          "kompetencecenter, og erhvervshuset skal have en væsentlig og udførende rolle i de "
          "projekter, det driver."),
    ]


def _page_board() -> list:
    return [
        h1("6. Bestyrelsens ansvar"),
        p("Bestyrelsen leder erhvervshuset overordnet og sætter rammerne for husets virksomhed. Den "
          "giver erhvervsfremmeindsatsen strategisk retning og sammenhæng og "
          "understøtter dialog og bredt samarbejde med de relevante aktører. Bestyrelsen skal sikre, "
          "at opgaverne løses effektivt og i overensstemmelse med virksomhedernes behov og de "
          "tværkommunale prioriteter for erhvervsudviklingen."),
        p("Bestyrelsen har ansvaret for, at erhvervshuset overholder love, regler, aftalegrundlag og "
          "vedtægter og lever op til formålet med huset. Den træffer beslutning om aktiviteter af "
          "større økonomisk eller strategisk betydning og kan prioritere i erhvervshusets indsatser "
          "og profil."),
        p("Medlemmerne er udpeget i deres personlige egenskab og bringer hver især erfaring fra "
          "virksomheder, kommuner, videninstitutioner, regioner og arbejdstagere. De varetager "
          "alene erhvervshusets interesser. Det er vigtigt, at bestyrelserne er aktive, arbejdende "
          "og ansvarlige, og at møderne tilrettelægges, så medlemmerne kan udøve deres ansvar og "
          "bruge deres viden."),
        h2("6.1 Bestyrelsen som sparringspartner for Danmarks Erhvervsfremmebestyrelse"),
        p("Når Danmarks Erhvervsfremmebestyrelse skriver sin strategi og følger op på den, er husenes "
          "bestyrelser dens lokale modparter i drøftelsen af den decentrale erhvervsfremme. Rollen "
          "varetages af bestyrelsen som helhed og bygger på medlemmernes viden, på indsigten fra "
          "erhvervshusets opgaver og på kendskabet til landsdelens virksomheder, arbejdsstyrke, "
          "videnmiljøer og samarbejdet mellem kommunerne i KKR."),
        p("Bestyrelserne bidrog væsentligt til strategien for 2024-2027, bl.a. med inddragelse af "
          "lokale interessenter og de regionale kapitler. Danmarks Erhvervsfremmebestyrelse vil "
          "bygge videre på samarbejdet, invitere til strategisk dialog om strategiens mål og "
          "inddrage bestyrelserne i de årlige investeringsplaner. Til gengæld stiller "
          "Erhvervsfremmebestyrelsen analyser og viden om landsdelene til rådighed. Bestyrelserne "
          "får også en betydelig rolle i den næste strategi fra 2028."),
        p("Bestyrelserne skal sikre, at KKR inddrages i erhvervshusets bidrag til strategien, og "
          "formændene holder løbende KKR orienteret om samarbejdet med Danmarks "
          "Erhvervsfremmebestyrelse."),
    ]


def _page_board_focus() -> list:
    return [
        h2("6.2 Særlige indsatsområder for bestyrelserne"),
        p("En række indsatser er særligt vigtige for bestyrelserne, når rammeaftalen skal føres ud "
          "i livet."),
        h3("Resultatkontrakterne"),
        p("Bestyrelsen er aftalepart i erhvervshusets resultatkontrakt med KKR. Den godkender "
          "derfor kontrakten og sikrer, at de årlige mål hænger sammen med bestyrelsens "
          "strategiske mål for erhvervshuset."),
        h3("Kompetencer og arbejdsmiljø"),
        p("Dygtige medarbejdere med de rette kompetencer er forudsætningen for ydelser af høj "
          "kvalitet. Bestyrelsen bør tage aktivt stilling til sammensætningen og udviklingen af "
          "kompetencerne gennem årlige kompetenceplaner og til, om arbejdet er tilrettelagt med et "
          "sikkert og sundt arbejdsmiljø."),
        h3("Kendskab og kommunikation"),
        p("Virksomhederne skal kende erhvervshusene bedre, og erhvervshusene skal være til stede, "
          "hvor virksomhederne er. Bestyrelsen kan tage stilling til, hvordan huset vil være synligt "
          "i lokale virksomheds- og iværksættermiljøer, branchefællesskaber og arrangementer hos "
          "lokale erhvervsfremmeaktører, fx ud fra en kortlægning af miljøerne lavet sammen med "
          "kommunerne."),
        h3("Strategisk sammenhæng i projekterne"),
        p("Bestyrelsen sikrer, at erhvervshusets deltagelse i projekter hænger strategisk sammen "
          "med de lovbundne hovedopgaver. Senest på årets sidste bestyrelsesmøde godkender den en "
          "oversigt over projektporteføljen fordelt på regnskabs- og budgetår."),
        h3("Uddannelse og beskæftigelse"),
        p("Bestyrelsen understøtter koblingen mellem erhvervshuset og de lokale aktører på "
          "uddannelses- og beskæftigelsesområdet, bl.a. gennem deres repræsentation i bestyrelsen. "
          "Erhvervshuset kan også indstille en repræsentant som tilforordnet i det regionale "
          "arbejdsmarkedsråd."),
        h3("Erhvervsfyrtårne"),
        p("Bestyrelserne er repræsenteret i partnerskaberne om erhvervsfyrtårnene. Her bidrager de "
          "med lokale hensyn og ambitioner og med sammenhæng til andre lokale indsatser, herunder "
          "erhvervshusets egne aktiviteter."),
    ]


def _page_competences() -> list:
    return [
        h1("7. Kompetencer"),
        p("Medarbejdernes kompetencer er erhvervshusenes vigtigste aktiv. Erhvervshusene skal være "
          "tværkommunale kompetencecentre med specialiseret og opdateret faglighed om "
          "forretningsdrift og -udvikling og om de love og regler, der gælder for virksomheder. "
          "Forretningsudviklerne bør derfor have konkret erfaring fra det private erhvervsliv, fx "
          "som selvstændige eller fra ledelse og bestyrelsesarbejde."),
        h3("Specialister på tværs af husene"),
        p("For at give virksomhederne adgang til mange slags specialister kan erhvervshusene dele "
          "kompetencer og viden og aftale en arbejdsdeling på områder, hvor ikke alle huse har "
          "kritisk masse. Det må dog ikke gå ud over virksomhedernes oplevelse af at have adgang "
          "til ydelserne i hele landet."),
        p("Erhvervshusene kan også samle administrative funktioner, fx projektadministration, på "
          "tværs af husene, hvis det øger kvaliteten og effektiviteten til gavn for virksomhederne."),
        h3("Løbende kompetenceudvikling"),
        p("Erhvervshusene skal systematisk og løbende udvikle medarbejdernes kompetencer og "
          "sammensætningen af dem som en central del af husenes strategi – også i fællesskab, fx "
          "gennem det fælles EH-Academy. Der skal være faste mekanismer, der sikrer, at "
          "forretningsudviklerne har opdateret viden om virksomhedsdrift, forretningsmodeller og "
          "aktuelle tendenser. I arbejdet med kompetenceplanerne bør husene samarbejde om at "
          "fastlægge og udnytte specialistkompetencerne effektivt."),
        p("Erhvervsstyrelsen understøtter løbende erhvervshusenes faglighed og kendskab til "
          "relevant lovgivning og nye regler, særligt gennem det fælles arbejde med vejledningen på "
          "Virksomhedsguiden og gennem faglige webinarer om udvalgte temaer."),
        h3("Habilitet og gennemsigtighed"),
        p("Det er et ledelsesansvar i erhvervshusene at sikre gennemsigtighed og habilitet i "
          "medarbejdernes arbejde med kundevirksomhederne, herunder hvis en medarbejder har "
          "tillidshverv i en virksomheds bestyrelse."),
        boxed(p("Kompetencer i resultatkontrakten", Styles.h3),
              p("KKR og erhvervshuset kan i den årlige resultatkontrakt aftale lokale mål, der "
                "knytter sig til husets kompetenceplan, fx inden for bæredygtighed, digitalisering "
                "eller ejerskifte.", Styles.body)),
    ]


def _page_goals_one_two() -> list:
    rows = [["Erhvervshus", "Fordeling 2024"]]
    rows += [[f"Erhvervshus {name}", f"{count:,}".replace(",", ".")]
             for name, count in GOAL_1_DISTRIBUTION]
    total = sum(count for _, count in GOAL_1_DISTRIBUTION)
    rows.append(["I alt", f"{total:,}".replace(",", ".")])
    return [
        h1("8. Målsætninger for erhvervshusene"),
        p("For at sikre ensartet kvalitet og gøre resultaterne sammenlignelige fastsættes en række "
          "bindende nationale mål, der gælder for alle erhvervshuse og knytter sig til deres "
          "basisbevilling. De nationale mål vedrører derfor kun de virksomhedsrettede "
          "kerneydelser, som etableringsaftalen beskriver."),
        p("Både nationale og lokale mål skal understøtte erhvervshusenes formål og tage afsæt i "
          "virksomhedernes behov. Skal formålet nås, må ydelserne nå ud til mange virksomheder i "
          "alle dele af landet."),
        h2("8.1 Nationale mål for erhvervshusene"),
        h3("Mål 1: Styrket indsats for iværksættere"),
        p("Iværksættere får meget ud af den specialiserede vejledning, men kun få benytter sig af "
          "den. Erhvervshusene vil derfor i aftaleperioden sætte mere fokus på gruppen. Målet er:"),
        *bullets(
            "Frem til 2027 fordobler erhvervshusene antallet af vejledte virksomheder under 3 år, så "
            "de samlet vejleder mindst 1.200 sådanne virksomheder om året. Fordelingen mellem "
            "husene følger befolkningstallet."),
        p("Tabel 1: Vejledte virksomheder under 3 år, fordeling mellem erhvervshusene", Styles.caption),
        table(rows, [70 * mm, 40 * mm], numeric_columns=(1,), bold_last_row=True),
        gap(3),
        h3("Mål 2: Kendskab"),
        p("Virksomhederne kan kun få gavn af erhvervshusene, hvis de kender dem og deres fælles "
          "værditilbud. Erhvervsstyrelsen måler kendskabet for alle erhvervshuse i aftalens "
          "løbetid. Målet er:"),
        *bullets(
            "Mindst 50 pct. af virksomhederne kender deres erhvervshus.",
            "Blandt de virksomheder, der kender erhvervshuset, kender mindst 55 pct. til husets "
            "tilbud i 2025 og mindst 65 pct. i 2027."),
    ]


def _page_goals_three_to_six() -> list:
    return [
        h3("Mål 3: Virksomhedernes tilfredshed"),
        p("Virksomhederne skal opleve vejledning af høj kvalitet og kompetente medarbejdere, så "
          "erhvervshusene får et godt omdømme og bliver anbefalet videre. Målet er:"),
        *bullets(
            "Hvert år opnår erhvervshusene en Net Promoter Score (NPS) på mindst 70 i drifts- og "
            "vækstsegmentet. Scoren bygger på, om virksomhederne i brugerevalueringen vil anbefale "
            "erhvervshuset til andre virksomheder eller personer i deres netværk."),
        h3("Mål 4: Erhvervshusenes knudepunktsfunktion"),
        p("Har en vejledt virksomhed brug for mere sparring eller rådgivning, end huset selv kan "
          "give, skal huset kunne pege på private rådgivere eller andre aktører i den offentlige "
          "erhvervsfremme og innovationsindsats. Målet er:"),
        *bullets(
            "Mindst 50 pct. af de virksomheder, som erhvervshuset henviser til ekstern rådgivning "
            "eller højt specialiseret statslig erhvervsfremme, svarer i brugerevalueringen, at de "
            "har brugt en eller flere af henvisningerne."),
        h3("Mål 5: Effekt i virksomhederne"),
        p("Erhvervshusene skal styrke erhvervsudviklingen i hele landet, bl.a. ved at forbedre "
          "virksomhedernes produktivitet og konkurrenceevne. Målene er:"),
        *bullets(
            "Virksomheder i vækstsegmentet vokser de første to år efter vejledningen mindst 10 "
            "procentpoint mere i omsætning og mindst 5 procentpoint mere i beskæftigelse end en "
            "kontrolgruppe af lignende virksomheder.",
            "Virksomheder i driftssegmentet øger de første to år efter vejledningen deres "
            "produktivitet<super>1</super> mere end en kontrolgruppe af lignende virksomheder."),
        h3("Mål 6: Bæredygtighed"),
        p("En virksomhed, der vil i gang med eller videre med bæredygtighed, skal kunne få kyndig "
          "hjælp i sit erhvervshus. Målet er:"),
        *bullets(
            "70 pct. af de virksomheder, der er vejledt om bæredygtighed, svarer i "
            "brugerevalueringen, at vejledningen i høj grad har hjulpet dem med at målrette og "
            "prioritere arbejdet med miljø og klima, sociale forhold eller virksomhedsledelse."),
        gap(4),
        p("<super>1</super> Produktivitet opgøres som omsætning pr. årsværk. Udvikles der et bedre "
          "mål for produktivitet, tages det i brug.", Styles.note),
    ]


def _page_contract_rules() -> list:
    rows = [
        ["", "Rammeaftalen", "Resultatkontrakten", "Afrapporteringen"],
        ["<b>Parter</b>", "Erhvervsministeriet og KL", "KKR og det enkelte erhvervshus",
         "Erhvervshuset over for KKR, KL og Erhvervsstyrelsen"],
        ["<b>Periode</b>", "2024-2027", "Ét år ad gangen", "Årligt for det foregående år"],
        ["<b>Indhold</b>", "Opgaver, prioriteter og de seks nationale mål",
         "Alle nationale mål og eventuelle lokale mål",
         "Opfyldelsen af målene i resultatkontrakten"],
        ["<b>Underskrives / frist</b>", "Parterne",
         "Formanden for KKR og formanden for erhvervshusets bestyrelse",
         "Senest i andet kvartal"],
    ]
    return [
        h2("8.2 Rammerne for mål i erhvervshusenes resultatkontrakter"),
        p("KKR og det enkelte erhvervshus indgår hvert år en resultatkontrakt. Kontrakten skal "
          "indeholde de nationale mål og kan fastsætte yderligere lokale mål for husets indsats. De "
          "lokale mål skal understøtte erhvervshusenes overordnede formål og være rettet mod "
          "virksomhedernes behov. En gruppe kommuner i landsdelen kan fx gå sammen med "
          "erhvervshuset om at udvikle tilbud på afgrænsede områder, som virksomhederne "
          "efterspørger."),
        p("KKR og erhvervshuset forhandler kontrakten, som derefter skrives under af KKR's formand "
          "og af formanden for erhvervshusets bestyrelse. Den fastsætter mål for de resultater, der "
          "skal nås i det kommende år."),
        p("Kontrakten må ikke afvige fra den arbejdsdeling mellem erhvervshusene og kommunerne, som "
          "etableringsaftalen fastlægger, og skal understøtte den. Har kommunerne lokalt aftalt, at "
          "erhvervshuset løser yderligere opgaver for virksomhederne, kan kontrakten også indeholde "
          "mål for dem, jf. den mulighed etableringsaftalen giver."),
        p("Tabel 2: Rammeaftale, resultatkontrakt og afrapportering", Styles.caption),
        table(rows, [30 * mm, 38 * mm, 46 * mm, TEXT_WIDTH - 114 * mm]),
        gap(4),
        boxed(p("Tjekliste for en resultatkontrakt", Styles.h3),
              *bullets(
                  "Indeholder kontrakten alle seks nationale mål med de fastsatte måltal?",
                  "Er eventuelle lokale mål rettet mod virksomhedernes behov og i tråd med "
                  "erhvervshusenes formål?",
                  "Gælder kontrakten for ét år, og er den godkendt af erhvervshusets bestyrelse?",
                  "Er den underskrevet af formanden for KKR og formanden for bestyrelsen?",
                  "Respekterer den arbejdsdelingen mellem erhvervshuset og kommunerne?")),
    ]


def _page_reporting() -> list:
    return [
        h1("9. Afrapportering, brugerevaluering og analyse"),
        p("For at tallene om husenes arbejde kan stoles på og sammenlignes, registrerer og evaluerer "
          "alle huse efter samme praksis. Hver virksomhed, der får specialiseret vejledning, "
          "registreres og indgår i brugerevalueringen; efter et forløb på over 3 timer bliver den "
          "altid bedt om at evaluere det."),
        p("Alle husene bruger det samme CRM-system. For hver vejledt virksomhed skal der som "
          "minimum stå:"),
        *bullets("CVR-nummer og P-nummer", "Kundesegment (drift eller vækst)",
                 "Hvilken anden aktør virksomheden er henvist til", "Tema for vejledningen"),
        p("Det er husenes ansvar, at medarbejderne – dem, der bruger CRM-systemet mest – registrerer "
          "ens, omhyggeligt og efter reglerne, og parterne venter, at husene løbende taler med dem om "
          "det. Kun med en fælles praksis kan resultaterne gøres op, og oplysninger kan gå "
          "automatisk og jævnligt mellem brugerne."),
        h3("Årlig opgørelse og afrapportering"),
        p("Ud fra det, der står i CRM-systemet, gør Erhvervsstyrelsen hvert år op, i hvilket omfang "
          "husene når de nationale mål. Rapporten offentliggøres i første "
          "halvår af det følgende år og bygger dels på registreringerne i det senest afsluttede "
          "kalenderår, dels på målinger to år efter vejledningen. Erhvervsstyrelsen måler også "
          "virksomhedernes kendskab til erhvervshusene."),
        p("Erhvervshusene rapporterer hvert år – senest i andet kvartal – til KKR, KL og "
          "Erhvervsstyrelsen om, hvordan de har opfyldt målene i resultatkontrakten for det "
          "foregående år."),
        h3("Analyser"),
        p("Så mange af erhvervshusenes midler som muligt skal gå til virksomhederne. KL, "
          "erhvervshusene og Erhvervsstyrelsen – herunder Virksomhedsguiden og sekretariatet for "
          "Danmarks Erhvervsfremmebestyrelse – samarbejder derfor om analyser af virksomheder og "
          "erhvervsvilkår i en rådgivende analysegruppe. Gruppen prioriterer analyserne ud fra "
          "behovet for viden, giver input til Datahubben på Virksomhedsguiden og sørger for, at "
          "der ikke laves overlappende analyser."),
        p("Erhvervshusenes egen analysekapacitet skal sikre, at ydelserne bygger på "
          "virksomhedernes behov. Særskilte analyser for tredjepart ligger uden for erhvervshusenes "
          "formål."),
    ]


def _page_other() -> list:
    return [
        h1("10. Øvrige rammer"),
        h2("10.1 Dialog med interessenterne"),
        p("Erhvervshusene mødes fire gange om året på direktørniveau med KL og Erhvervsstyrelsen "
          "for løbende at tale om samarbejdet og om de muligheder og udfordringer, de deler. Der "
          "kan også holdes møder "
          "for en bredere kreds af interessenter, formænd, direktører og KL for at fremme dialogen "
          "med andre relevante aktører."),
        p("Hvert erhvervshus inviterer desuden til dialog med virksomheder, samarbejdspartnere og "
          "lokale erhvervsfremmeaktører, herunder repræsentanter for KKR, kommunalbestyrelserne og "
          "lokale erhvervsråd i landsdelen, om aktiviteter og samarbejde i erhvervsfremmesystemet."),
        h2("10.2 Erhvervshuse og filialer"),
        p("De seks hovedsæder og seks filialer er fordelt, så erhvervshusenes ydelser er "
          "tilgængelige i hele landet. Et erhvervshus og dets filial er én juridisk person med ét "
          "CVR-nummer og én bestyrelse, der træffer alle beslutninger om økonomi og drift og "
          "aflægger én revideret årsrapport.<super>2</super> Bestyrelsen sikrer, at huset lever op "
          "til sine forpligtelser som selvstændigt forvaltningssubjekt, og at Erhvervsministeriet "
          "har adgang til de oplysninger, tilsynet kræver. Virksomhederne skal møde det samme høje "
          "niveau overalt, og filialerne bemandes, så der også dér er let adgang til vejledning af "
          "høj kvalitet."),
        h2("10.3 Organisering og finansiering"),
        p("Hvordan husene er organiseret og finansieret, følger uændret af 2018-aftalen (<i>Aftale "
          "om etablering af tværkommunale erhvervshuse</i>, 25. oktober). Erhvervshusene aflægger årsrapport efter "
          "årsregnskabslovens klasse B, og bestyrelsen sender den via Erhvervsstyrelsen til "
          "Erhvervsministeriet."),
        h2("10.4 Offentliggørelse"),
        p("Parterne og erhvervshusene offentliggør rammeaftalen, resultatkontrakterne og "
          "erhvervshusenes resultatopgørelser på deres hjemmesider."),
        h2("10.5 Ikrafttræden og udløb"),
        p("Aftalen gælder for 2024-2027. Den kan genforhandles, hvis væsentlige forudsætninger "
          "ændrer sig."),
        gap(3),
        p("<super>2</super> Filialen på Bornholm har sine egne vedtægter med særlige bestemmelser.",
          Styles.note),
    ]


def build(target: Path) -> None:
    """Write the 23-page framework agreement to ``target``; its contents page is computed."""
    register_fonts()
    pages = [_page_cover(), [], _page_basis(), _page_introduction(),
             _page_introduction_continued(), _page_priorities(), _page_entrepreneurs(),
             _page_communication(), _page_sustainability(), _page_main_tasks(),
             _page_guidance_limits(), _page_hub_capital(), _page_hub_clusters(),
             _page_hub_international(), _page_hub_other(), _page_board(), _page_board_focus(),
             _page_competences(), _page_goals_one_two(), _page_goals_three_to_six(),
             _page_contract_rules(), _page_reporting(), _page_other()]
    pages[CONTENTS_PAGE - 1] = _page_contents(contents_lines(pages))
    build_pdf(target, LETTERHEAD, pages)
