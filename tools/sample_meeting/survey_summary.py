"""Bilag 1 to item 2.2: the eight-page summary of the KKR survey 2025, as a PDF."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm

from kkrdesk.core.danish import format_date
from sample_meeting import survey_story
from sample_meeting.pdf_layout import (
    ACCENT,
    Letterhead,
    Styles,
    build_pdf,
    bullets,
    fact_boxes,
    figure,
    gap,
    h1,
    h2,
    h3,
    horizontal_bars,
    p,
    register_fonts,
    table,
)
from sample_meeting.survey_figures import (
    COUNTS_FORWARD,
    COUNTS_TODAY,
    RESPONDENTS,
    RESPONDENTS_2017,
    RESPONSE_TOTAL,
    RESPONSES,
    STATEMENTS,
    TOP5_PER_KKR,
    and_join,
    short_kkr,
)

PAGES = 8
LETTERHEAD = Letterhead(
    header="KKR-undersøgelse 2025 – opsamling", sender="KL", sender_name="KL",
    dateline=format_date(dt.date(2025, 1, 26)), case_id="SAG-2022-03432", pages=PAGES,
    title="Opsamling på KKR-undersøgelsen 2025",
    subject="Bilag til temadrøftelsen om rammerne for det fremtidige tværkommunale samarbejde i KKR")


def _counts_chart(counts: dict[str, int]):
    ordered = sorted(counts.items(), key=lambda pair: -pair[1])
    return horizontal_bars([name for name, _ in ordered], [[value for _, value in ordered]],
                           axis_max=100, label_width=32 * mm, bar_height=15, group_gap=8)


def _page_about() -> list:
    total = RESPONSE_TOTAL
    return [
        p("Opsamling på KKR-undersøgelsen 2025", Styles.title),
        p("Medlemmernes syn på KKR-samarbejdet i dag og deres ønsker til samarbejdet i den "
          "kommende valgperiode", Styles.subtitle),
        h1("Om undersøgelsen"),
        p("I januar 2025 sendte KL et kort elektronisk spørgeskema til samtlige medlemmer af de fem "
          "kommunekontaktråd. Formålet var at samle medlemmernes vurdering af, hvordan KKR fungerer "
          "i dag, og hvad der skal præge samarbejdet, når en ny valgperiode begynder."),
        p("Svarene er baggrund for de temadrøftelser om rammerne for det tværkommunale samarbejde, "
          "som alle fem KKR holder på deres møder i februar 2025. Drøftelserne samles op og bruges, "
          "når KL's bestyrelse senere tager stilling til, hvordan samarbejdet i KKR skal "
          "tilrettelægges fremover."),
        p("Undersøgelsen er skruet sammen på samme måde som evalueringen af KKR i 2017. Derfor kan "
          "en række af vurderingerne sammenlignes med dengang (afsnit 2.2)."),
        gap(2),
        fact_boxes([(str(total.n), "medlemmer har svaret helt eller delvist"),
                    (f"{total.rate} %", "samlet svarprocent"),
                    (f"{total.rate_mayors} %", f"af borgmestrene har svaret ({total.n_mayors} personer)"),
                    (f"{total.rate_others} %", f"af de øvrige medlemmer har svaret "
                                                f"({total.n_others} personer)")]),
        gap(4),
        p("Tabel A: Svar og svarprocent pr. KKR", Styles.caption),
        _response_table(),
        gap(3),
        h2("Spørgeskemaets tre dele"),
        *bullets(
            "<b>Del 1 – nøgleord.</b> Medlemmerne fik en liste med 15 nøgleord og kunne to gange "
            "sætte op til fem markeringer: ved de ord, der bedst beskriver KKR i dag, og ved de ord, "
            "der bør beskrive KKR fremover.",
            "<b>Del 2 – udsagn.</b> Ni udsagn om KKR's organisering og arbejde blev vurderet på en "
            "skala fra 1 (meget lav grad af enighed) til 5 (meget høj grad af enighed).",
            "<b>Del 3 – bemærkninger.</b> Til sidst var der et åbent felt til opmærksomhedspunkter "
            "om det fremtidige samarbejde."),
        gap(2),
        p("Opsamlingen viser antal markeringer (del 1) og gennemsnit på skalaen fra 1 til 5 (del 2). "
          "Tabeller for hvert KKR og for borgmestre og øvrige medlemmer hver for sig findes i "
          "datarapporten, som er bilag 2 til punktet.", Styles.note),
    ]


def _response_table():
    rows = [["KKR", "Medlemmer", "Svar", "Svarprocent", "Borgmestre", "Øvrige medlemmer"]]
    for r in (*RESPONSES, RESPONSE_TOTAL):
        rows.append([r.kkr, r.members, r.n, f"{r.rate} %", f"{r.rate_mayors} %", f"{r.rate_others} %"])
    return table(rows, [40 * mm, 24 * mm, 18 * mm, 24 * mm, 24 * mm, 30 * mm],
                 numeric_columns=(1, 2, 3, 4, 5), bold_last_row=True)


def _page_today() -> list:
    share = round(100 * COUNTS_TODAY["Samarbejde"] / RESPONDENTS)
    return [
        h1("Del 1. Nøgleord for KKR i dag og fremover"),
        p("Første del handler om, hvilke ord medlemmerne forbinder med KKR. Hver deltager kunne "
          "markere højst fem af de 15 ord ved hvert af de to spørgsmål. Figurerne viser antallet af "
          "markeringer; én markering svarer til, at ét medlem har valgt ordet."),
        h2("1.1 Sådan beskrives KKR i dag"),
        p("Når medlemmerne skal beskrive KKR, som rådet fungerer nu, ligger <i>Samarbejde</i> klart "
          f"øverst med {COUNTS_TODAY['Samarbejde']} markeringer. Derefter følger <i>Konsensus</i> "
          f"({COUNTS_TODAY['Konsensus']}), <i>Værdiskabende</i> ({COUNTS_TODAY['Værdiskabende']}), "
          f"<i>Politisk</i> ({COUNTS_TODAY['Politisk']}) og <i>Beslutsom</i> "
          f"({COUNTS_TODAY['Beslutsom']})."),
        figure("Figur 1.1: Nøgleord, der beskriver KKR i dag, antal markeringer",
               _counts_chart(COUNTS_TODAY),
               "Figuren viser de fem mest valgte ord samt <i>Inddragende</i> og <i>Proaktiv</i>, "
               f"som indgår i sammenligningen i afsnit 1.3. n = {RESPONDENTS}."),
        p(f"Næsten tre ud af fire svarpersoner ({share} pct.) har valgt <i>Samarbejde</i>, og godt "
          "halvdelen har valgt <i>Konsensus</i> eller <i>Værdiskabende</i>. Billedet af KKR i dag er "
          "dermed et råd, hvor kommunerne arbejder sammen, søger enighed og får noget ud af det."),
    ]


def _page_forward() -> list:
    return [
        h2("1.2 Sådan bør KKR være fremover"),
        p("Spørgsmålet om fremtiden giver en anden rækkefølge. <i>Samarbejde</i> er stadig det mest "
          f"valgte ord ({COUNTS_FORWARD['Samarbejde']} markeringer), men nu fulgt af "
          f"<i>Beslutsom</i> ({COUNTS_FORWARD['Beslutsom']}), <i>Inddragende</i> "
          f"({COUNTS_FORWARD['Inddragende']}), <i>Politisk</i> ({COUNTS_FORWARD['Politisk']}) og "
          f"<i>Proaktiv</i> ({COUNTS_FORWARD['Proaktiv']})."),
        figure("Figur 1.2: Nøgleord, der bør kendetegne KKR fremover, antal markeringer",
               _counts_chart(COUNTS_FORWARD),
               "Figuren viser de fem mest valgte ord samt <i>Værdiskabende</i> og <i>Konsensus</i>, "
               f"som indgår i sammenligningen i afsnit 1.3. n = {RESPONDENTS}."),
        p("Markeringerne spreder sig mere, når medlemmerne ser fremad. Det mest valgte ord samler "
          f"{COUNTS_FORWARD['Samarbejde']} markeringer mod {COUNTS_TODAY['Samarbejde']} i dag, og "
          "afstanden fra første- til femtepladsen er mindre. Medlemmerne er altså mindre enige om ét "
          "bestemt billede af fremtidens KKR end om beskrivelsen af rådet, som det er nu."),
        p("Tilsammen peger ordene på et ønske om et KKR, der i højere grad træffer beslutninger, "
          "tager initiativ og inddrager bredt – og som fortsat bygger på samarbejde mellem "
          "kommunerne."),
        gap(2),
        fact_boxes([(f"+{COUNTS_FORWARD[word] - COUNTS_TODAY[word]}",
                     f"markeringer til <i>{word}</i> fremover i forhold til i dag")
                    for word in ("Inddragende", "Proaktiv", "Beslutsom")]),
    ]


def _page_comparison() -> list:
    order = list(COUNTS_TODAY)
    rows = [["Nøgleord", "I dag", "Fremover", "Forskel"]]
    for word in order:
        change = COUNTS_FORWARD[word] - COUNTS_TODAY[word]
        rows.append([word, COUNTS_TODAY[word], COUNTS_FORWARD[word],
                     f"{'+' if change > 0 else '−'}{abs(change)}"])
    chart = horizontal_bars(order, [[COUNTS_TODAY[w] for w in order],
                                    [COUNTS_FORWARD[w] for w in order]],
                            series_names=["I dag", "Fremover"], axis_max=100,
                            label_width=32 * mm, bar_height=9, group_gap=6)
    return [
        h2("1.3 I dag og fremover sammenlignet"),
        p("Tabel 1 og figur 1.3 stiller de to spørgsmål over for hinanden for de syv ord, hvor "
          "antallet af markeringer er opgjort ved begge spørgsmål. Ordene står i rækkefølge efter "
          "antal markeringer i dag."),
        p("Tabel 1: Markeringer i dag og fremover", Styles.caption),
        table(rows, [60 * mm, 30 * mm, 30 * mm, 30 * mm], numeric_columns=(1, 2, 3)),
        gap(3),
        figure("Figur 1.3: Nøgleord i dag og fremover, antal markeringer (sorteret efter i dag)",
               chart),
        p(f"Den største bevægelse ses for <i>Konsensus</i>, der falder fra {COUNTS_TODAY['Konsensus']} "
          f"til {COUNTS_FORWARD['Konsensus']} markeringer, og for <i>Værdiskabende</i>, der går fra "
          f"{COUNTS_TODAY['Værdiskabende']} til {COUNTS_FORWARD['Værdiskabende']}. Begge ord "
          "beskriver KKR i dag, men langt færre ønsker, at de skal være det, rådet kendes på."),
        p("Omvendt vil flere have et KKR, der er "
          + and_join(tuple(f"<i>{w}</i>" for w in _rising_by_growth(in_table=True))) + ". Også "
          + and_join(tuple(f"<i>{w}</i>" for w in _rising_by_growth(in_table=False)))
          + " får flere markeringer som ord for fremtidens KKR end som ord for KKR i dag. "
          "<i>Samarbejde</i> bevarer førstepladsen, selv om ordet får "
          f"{COUNTS_TODAY['Samarbejde'] - COUNTS_FORWARD['Samarbejde']} markeringer færre."),
    ]


def _rising_by_growth(in_table: bool) -> tuple[str, ...]:
    """The rising keywords in or outside Tabel 1; those in it with the largest rise first."""
    rising = [w for w in survey_story.rising_keywords() if (w in COUNTS_TODAY) == in_table]
    if in_table:
        rising.sort(key=lambda w: COUNTS_TODAY[w] - COUNTS_FORWARD[w])
    return tuple(rising)


def _top5_table(which: int):
    rows = [["KKR", *(f"{place}. plads" for place in range(1, 6))]]
    for kkr, lists in TOP5_PER_KKR.items():
        rows.append([short_kkr(kkr), *lists[which]])
    sjaelland = list(TOP5_PER_KKR).index("KKR Sjælland") + 1
    return table(rows, [30 * mm] + [26 * mm] * 5,
                 extra_style=[("BOX", (0, sjaelland), (-1, sjaelland), 1.2, ACCENT)])


def _page_per_kkr() -> list:
    smallest = min(TOP5_PER_KKR, key=lambda k: _respondents(k))
    largest = max(TOP5_PER_KKR, key=lambda k: _respondents(k))
    return [
        h2("1.4 Nøgleord i de fem KKR"),
        p("Ordene ligner hinanden på tværs af de fem KKR. <i>Samarbejde</i> er blandt de to mest "
          "valgte ord om KKR i dag i alle fem råd og er det mest valgte ord fremover i fire af dem. "
          "Tabel 2 og 3 viser de fem hyppigste ord i hvert KKR; KKR Sjælland er fremhævet."),
        p("Tabel 2: De fem hyppigste nøgleord om KKR i dag, pr. KKR", Styles.caption),
        _top5_table(0),
        gap(4),
        p("Tabel 3: De fem hyppigste nøgleord om KKR fremover, pr. KKR", Styles.caption),
        _top5_table(1),
        gap(4),
        p("<i>Relevant</i> er med blandt de fem ord om KKR i dag i alle fem råd og blandt ordene om "
          "fremtiden i fire af dem, selv om ordet ikke er blandt de fem mest valgte på landsplan. I "
          "KKR Hovedstaden ligger <i>Inddragende</i> øverst, når medlemmerne ser fremad."),
        p("I KKR Sjælland er billedet stabilt: fire af de fem ord går igen fra i dag til fremover. "
          "<i>Proaktiv</i> kommer ind på listen, mens <i>Konsensus</i> falder ud."),
        p(f"Opgørelsen pr. KKR bygger på få besvarelser i hvert råd (fra {_respondents(smallest)} i "
          f"{smallest} til {_respondents(largest)} i {largest}). Få markeringer kan derfor flytte "
          "rækkefølgen, og flere ord kan stå lige.", Styles.note),
    ]


def _respondents(kkr: str) -> int:
    return next(r.n for r in RESPONSES if r.kkr == kkr)


def _decimal(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def _page_statements() -> list:
    rows = [["Nr.", "Udsagn", "2025", "2017"]]
    for statement in STATEMENTS:
        earlier = _decimal(statement.mean_2017)
        if statement.improved_since_2017:
            earlier = "–<super>a</super>"
        elif statement.level_with_2017:
            earlier = "–<super>b</super>"
        rows.append([statement.number, statement.text, _decimal(statement.mean), earlier])
    top = max(STATEMENTS, key=lambda s: s.mean)
    return [
        h1("Del 2. Vurdering af ni udsagn om KKR"),
        p("I anden del tog medlemmerne stilling til ni udsagn om, hvordan KKR er organiseret og "
          "arbejder, på en skala fra 1 til 5, hvor 5 udtrykker den højeste grad af enighed. Tabel 4 "
          f"viser gennemsnittet for alle {RESPONDENTS} svarpersoner i 2025 og, hvor det er opgjort, "
          f"for de {RESPONDENTS_2017} svarpersoner i 2017."),
        p("Tabel 4: Gennemsnitlig vurdering af udsagnene, 2025 og 2017", Styles.caption),
        table(rows, [12 * mm, 118 * mm, 15 * mm, 15 * mm], numeric_columns=(2, 3)),
        p("Skala 1-5. 2025: n = 118. 2017: n = 56. –: 2017-gennemsnittet er ikke gengivet; "
          "vurderingen er a) steget, b) omtrent uændret siden 2017.", Styles.note),
        h2("2.1 Det samlede billede"),
        p("Medlemmerne ser overordnet positivt på KKR. Højest ligger udsagnet om bred opbakning til "
          f"arbejdet i rådet med et gennemsnit på {_decimal(top.mean)}. KKR som koordineringsforum, "
          "som troværdigt talerør over for regionen og andre samarbejdspartnere og som støtte til at "
          "føre fælles løsninger ud i livet får alle 3,7."),
        p("Lavest ligger de udsagn, der handler om KKR's betydning hjemme i kommunerne og om KL's "
          "inddragelse af rådet: 2,8 for KKR-arbejdets betydning for kommunalbestyrelserne og 2,7 for "
          "både KL's inddragelse af KKR og betydningen af viden om KKR for det politiske arbejde i "
          "den enkelte kommunalbestyrelse."),
        h2("2.2 Udviklingen siden 2017"),
        p("Den største ændring siden evalueringen i 2017 er, at opbakningen til arbejdet i KKR "
          "vurderes markant højere: gennemsnittet er steget fra 3,1 til 4,0. Også samspillet mellem "
          "KKR og KL og KL's inddragelse af KKR vurderes bedre end i 2017. Blandt de udsagn, hvor "
          "begge gennemsnit er opgjort, er de øvrige ændringer små (højst 0,2 point)."),
        p("Sammenligningen skal læses med forbehold, fordi det ikke er de samme personer, der har "
          "svaret de to gange, og fordi antallet af svar var langt mindre i 2017.", Styles.note),
    ]


def _short_statement(statement) -> str:
    shorts = {
        "2.1": "Godt koordineringsforum mellem kommunerne",
        "2.2": "Bred opbakning til arbejdet i KKR",
        "2.3": "Vigtigt for kommunalbestyrelserne",
        "2.4": "Troværdig repræsentant og talerør",
        "2.5": "Udvikler værdifulde løsninger og politikker",
        "2.6": "Understøtter fælles løsninger på tværs",
        "2.7": "Godt samspil mellem KKR og KL",
        "2.8": "KL inddrager KKR i relevante spørgsmål",
        "2.9": "Viden om KKR vigtig i kommunalbestyrelsen",
    }
    return shorts[statement.number]


def _page_groups() -> list:
    if not {"2.7", "2.8"} <= set(_where("KKR Hovedstaden", survey_story.highest)):
        raise SystemExit("survey story: KKR Hovedstaden no longer scores highest on 2.7 and 2.8")
    bottom = max((r.kkr for r in RESPONSES), key=lambda k: len(_where(k, survey_story.lowest)))
    rows = [["Nr.", "Udsagn (forkortet)", "Højest", "Lavest"]]
    spans = []
    for index, statement in enumerate(STATEMENTS, start=1):
        if not survey_story.about_equal(statement.number):
            rows.append([statement.number, _short_statement(statement),
                         and_join(tuple(map(short_kkr, survey_story.highest(statement.number)))),
                         and_join(tuple(map(short_kkr, survey_story.lowest(statement.number))))])
        else:
            rows.append([statement.number, _short_statement(statement),
                         "Nogenlunde ens i alle fem KKR", ""])
            spans.append(("SPAN", (2, index), (3, index)))
    return [
        h2("2.3 Borgmestre og øvrige medlemmer"),
        p("Deles svarene op efter, om svarpersonen er borgmester eller øvrigt medlem, er "
          "vurderingerne stort set de samme. Der er dog enkelte forskelle:"),
        *bullets(
            "Borgmestrene giver samspillet mellem KKR og KL en højere vurdering end de øvrige "
            "medlemmer.",
            "De øvrige medlemmer lægger mere vægt end borgmestrene på, at kendskab til KKR's arbejde "
            "betyder noget for det politiske arbejde i deres kommunalbestyrelse.",
            "De øvrige medlemmer giver også KKR's rolle i at føre fælles løsninger og politikker ud "
            "i livet en højere score end borgmestrene."),
        h2("2.4 Forskelle mellem de fem KKR"),
        p("For flere af udsagnene vurderer medlemmerne deres eget KKR forskelligt fra råd til råd. "
          "Tabel 5 viser, i hvilke KKR vurderingen er højest og lavest."),
        p("Tabel 5: Hvor vurderingen er højest og lavest, pr. udsagn", Styles.caption),
        table(rows, [12 * mm, 72 * mm, 38 * mm, 38 * mm], extra_style=spans),
        gap(3),
        p(f"KKR Sjælland ligger højest på {_count_word(len(_where('KKR Sjælland', survey_story.highest)))} "
          f"udsagn: {_topics('KKR Sjælland', survey_story.highest)}. Derimod ligger rådet lavest, når det "
          f"gælder {_topics('KKR Sjælland', survey_story.lowest)}."),
        p("I KKR Hovedstaden vurderes samspillet med KL og KL's inddragelse af KKR højest – det "
          f"sidste markant højere end i de andre råd. {bottom} ligger lavest på "
          f"{_count_word(len(_where(bottom, survey_story.lowest)))} af udsagnene."),
    ]


# What each statement is about, for sentences that list several of them.
_TOPICS = {
    "2.1": "KKR som koordineringsforum", "2.2": "den brede opbakning",
    "2.3": "KKR-arbejdets betydning for kommunalbestyrelserne", "2.4": "KKR som troværdigt talerør",
    "2.5": "værdifulde løsninger", "2.6": "støtten til at gennemføre fælles løsninger",
    "2.7": "samspillet mellem KKR og KL", "2.8": "KL's inddragelse af KKR",
    "2.9": "betydningen af viden om KKR",
}


def _where(kkr: str, extreme) -> list[str]:
    """The statements (not about equal across the KKR) on which ``kkr`` is among ``extreme``."""
    return [s.number for s in STATEMENTS
            if not survey_story.about_equal(s.number) and kkr in extreme(s.number)]


def _topics(kkr: str, extreme) -> str:
    """The topics of the statements where ``kkr`` is among ``extreme``, naming who shares the place."""
    parts = []
    for number in _where(kkr, extreme):
        others = tuple(k for k in extreme(number) if k != kkr)
        parts.append(_TOPICS[number] + (f" (sammen med {and_join(others)})" if others else ""))
    return and_join(tuple(parts))


def _count_word(count: int) -> str:
    return ("ingen", "ét", "to", "tre", "fire", "fem", "seks", "syv", "otte", "ni")[count]


def _page_free_text() -> list:
    return [
        h1("Del 3. Bemærkninger til det fremtidige samarbejde"),
        p("Knap 25 pct. af svarpersonerne har skrevet i det åbne felt. Bemærkningerne samler sig om "
          "fire temaer, som er sammenfattet nedenfor."),
        h3("KKR's opgaver"),
        *bullets(
            "Der er brug for et fælles kommunalt forum til opgaver, der går på tværs af kommunerne, "
            "fx klima, EU og supercykelstier, så de ikke ender mellem flere stole. Nogle mener, at "
            "erhvervsfremme og klima bør forankres i landsdelen frem for i KL's sekretariat.",
            "Flere ønsker et KKR, der er på forkant med kommende lovgivning og reformer, og færre "
            "lange orienteringer til fordel for politiske drøftelser og klare sagsfremstillinger.",
            "Det fremhæves, at de nye sundhedsråd skal have en god start, og at det har stor værdi "
            "at mødes og tale sagerne igennem."),
        h3("KKR's størrelse og geografi"),
        *bullets(
            "Mange skriver om Østdanmark. Et fælles KKR for den nye region bliver stort og rummer "
            "mange modsatrettede interesser, og nogle frygter, at et så stort forum mister "
            "betydning. Et forslag er højst to møder om året, hvis der kommer ét KKR for hele øst.",
            "Andre vil bevare det tætte samarbejde i Sjælland og forventer, at lokalt og "
            "tværkommunalt samarbejde bliver vigtigere, når halvdelen af befolkningen samles i én "
            "region.",
            "Et mindre forum, fx kun for borgmestre, nævnes som en mulighed. Fra Syddanmark lyder "
            "det, at de fynske kommuner samarbejder tættere end de jyske."),
        h3("Sammensætningen af KKR"),
        *bullets(
            "Nogle oplever en afstand mellem borgmestre og øvrige medlemmer: borgmestrene mødes "
            "oftere, og partier med borgmesterposter fylder mest. Møderne kan derfor føles som "
            "envejskommunikation, og enkelte finder dem mindre givende, fordi beslutningerne "
            "træffes andre steder.",
            "Der mangler administrativ kapacitet, hvis flere opgaver skal løses decentralt."),
        h3("Samspillet mellem KL, KKR og kommunalbestyrelserne"),
        *bullets(
            "KKR's rolle og resultater skal være bedre kendt blandt medlemmerne af "
            "kommunalbestyrelserne, og arbejdet skal gøres synligt i alle kommuner.",
            "Det er svært at træffe beslutninger i KKR, når borgmesteren ikke har mandat "
            "hjemmefra, og rådet bør fremstå åbent frem for som en lukket kreds af borgmestre."),
    ]


def build(target: Path) -> None:
    """Write the eight-page survey summary to ``target``."""
    register_fonts()
    pages = [_page_about(), _page_today(), _page_forward(), _page_comparison(), _page_per_kkr(),
             _page_statements(), _page_groups(), _page_free_text()]
    build_pdf(target, LETTERHEAD, pages)

