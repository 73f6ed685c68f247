"""Bilag 2 to item 2.2: the 17-page data report of the KKR survey 2025, as a Word document."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sample_meeting import survey_story
from sample_meeting.docx_kit import (
    ACCENT,
    GREY,
    DocumentFacts,
    bullet_list,
    caption,
    data_table,
    heading,
    new_document,
    note,
    numbered_list,
    panel,
    paragraph,
    save_stable,
)
from sample_meeting.pdf_layout import SAMPLE_MARK
from sample_meeting.survey_figures import (
    COUNTS_FORWARD,
    COUNTS_TODAY,
    FIELDED,
    FREE_TEXT_SHARE,
    KEYWORDS_NAMED,
    RESPONDENTS,
    RESPONDENTS_2017,
    RESPONSE_TOTAL,
    RESPONSES,
    STATEMENTS,
    TOP5_PER_KKR,
    Response,
    and_join,
    short_kkr,
)

PAGES = 17
AUTHOR = "KL (eksempel)"
FACTS = DocumentFacts(
    title="KKR-evaluering 2025", subject="Datarapport fra KKR-undersøgelsen, januar 2025",
    author=AUTHOR, keywords="KKR; undersøgelse; datarapport; eksempel", comments=SAMPLE_MARK,
    created=dt.datetime(2025, 1, 26, 9, 0, 0), pages=PAGES)

# The report's own sections and the page each starts on; the build checks the plan page by page.
CONTENTS = (
    ("Om datarapporten", 2), ("1. Svarprocent", 3), ("2. Nøgleord samlet", 4),
    ("3. Nøgleord pr. KKR", 6), ("4. Udsagn om KKR – samlet", 11),
    ("5. Borgmestre og øvrige medlemmer", 12), ("6. Udsagn pr. KKR", 13),
    ("7. Sammenligning mellem 2017 og 2025", 14), ("8. Metode", 15),
    ("9. Læsevejledning og forbehold", 16), ("10. Spørgeskemaet", 17),
)


def _decimal(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}".replace(".", ",")


def _share(count: int) -> str:
    return f"{round(100 * count / RESPONDENTS)} %"


def _title_page(doc) -> None:
    paragraph(doc, "", space_after=60)
    paragraph(doc, "KKR-evaluering 2025", style="Title")
    paragraph(doc, "Datarapport fra KKR-undersøgelsen, januar 2025", style="Subtitle")
    paragraph(doc, "Tabeller over medlemmernes syn på KKR-samarbejdet i dag og deres ønsker til "
              "samarbejdet i den kommende valgperiode", size=12, space_after=40)
    paragraph(doc, "Bilag til temadrøftelsen om rammerne for det fremtidige tværkommunale samarbejde "
              "i KKR", bold=True, color=ACCENT)
    paragraph(doc, f"KL, {FIELDED}", color=GREY, space_after=60)
    panel(doc, "Undersøgelsen kort", [
        f"Spørgeskema til alle medlemmer af de fem KKR, udsendt i {FIELDED}.",
        f"{RESPONSE_TOTAL.n} svar: {RESPONSE_TOTAL.n_mayors} borgmestre og "
        f"{RESPONSE_TOTAL.n_others} øvrige medlemmer – en svarprocent på {RESPONSE_TOTAL.rate} %.",
        "Tre dele: nøgleord, ni udsagn og plads til bemærkninger.",
        "Samme opbygning som evalueringen af KKR i 2017.",
    ])
    note(doc, SAMPLE_MARK + ". Tallene er de offentliggjorte; teksten er skrevet til kkrdesk.")


def _about_page(doc) -> None:
    heading(doc, "Om datarapporten", new_page=True)
    paragraph(doc, "Datarapporten samler tabellerne fra KKR-undersøgelsen 2025. Den er et "
              "opslagsværk til opsamlingen (bilag 1 til punktet), som fremhæver de vigtigste "
              "resultater. Her kan man se tallene bag – samlet, for hvert KKR og for borgmestre og "
              "øvrige medlemmer hver for sig.")
    paragraph(doc, "Rapporten følger spørgeskemaets opbygning. Først kommer svarprocenterne, "
              "derefter nøgleordene (del 1) og vurderingen af de ni udsagn (del 2). Til sidst "
              "beskrives metoden, forbeholdene ved læsningen og spørgeskemaets spørgsmål.")
    heading(doc, "Indhold", 2)
    rows = [["Afsnit", "Side"]] + [[title, str(page)] for title, page in CONTENTS]
    data_table(doc, rows, [140, 20], numeric_columns=(1,))
    heading(doc, "Sådan læses tabellerne", 2)
    bullet_list(doc, [
        "Nøgleord opgøres som antal markeringer. Hver svarperson kunne markere op til fem ord ved "
        "hvert spørgsmål, så markeringerne summer ikke til antallet af svarpersoner.",
        "Andele er beregnet i forhold til alle 118 svarpersoner og afrundet til hele procent.",
        "Udsagn opgøres som gennemsnit på en skala fra 1 (meget lav grad) til 5 (meget høj grad) "
        "med én decimal.",
        "KKR Sjælland er fremhævet med fed skrift, hvor rådene sammenlignes.",
    ])


def _response_rows() -> list[list[str]]:
    rows = [["KKR", "Medlemmer", "Heraf borgm.", "Heraf øvrige", "Svar", "Svar borgm.",
             "Svar øvrige", "Svar-procent", "Borgm.", "Øvrige"]]
    for r in (*RESPONSES, RESPONSE_TOTAL):
        rows.append([r.kkr, r.members, r.mayors, r.others, r.n, r.n_mayors, r.n_others,
                     f"{r.rate} %", f"{r.rate_mayors} %", f"{r.rate_others} %"])
    return rows


def _response_page(doc) -> None:
    heading(doc, "1. Svarprocent", new_page=True)
    paragraph(doc, f"Spørgeskemaet blev sendt til alle {RESPONSE_TOTAL.members} medlemmer af de fem "
              f"KKR: {RESPONSE_TOTAL.mayors} borgmestre og {RESPONSE_TOTAL.others} øvrige medlemmer. "
              f"{RESPONSE_TOTAL.n} har svaret helt eller delvist, hvilket giver en samlet "
              f"svarprocent på {RESPONSE_TOTAL.rate} %.")
    caption(doc, "Tabel 1.1: Medlemmer, svar og svarprocent pr. KKR")
    sjaelland = 1 + [r.kkr for r in RESPONSES].index("KKR Sjælland")
    data_table(doc, _response_rows(), [28, 21, 14, 14, 12, 15, 15, 15, 13, 13],
               numeric_columns=range(1, 10), bold_last_row=True, highlight_rows=(sjaelland,),
               font_size=8.5)
    note(doc, "Svarprocenterne er afrundet til hele procent efter den almindelige regel (fx 5 af 8 "
         "= 62,5 %, som skrives 63 %).")
    heading(doc, "Hovedtræk", 2)
    best = max(RESPONSES, key=lambda r: r.rate)
    worst = min(RESPONSES, key=lambda r: r.rate)
    bullet_list(doc, [
        f"Svarprocenten er højest i {best.kkr}, hvor alle {best.members} medlemmer har svaret, og "
        f"lavest i {worst.kkr} med {worst.rate} %.",
        f"Borgmestrene har svaret i højere grad end de øvrige medlemmer: {RESPONSE_TOTAL.rate_mayors} "
        f"% mod {RESPONSE_TOTAL.rate_others} %. Det gælder i alle KKR undtagen {best.kkr}, hvor "
        "begge grupper har svaret fuldt ud.",
        f"Laveste svarprocent for en enkelt gruppe findes blandt de øvrige medlemmer i {worst.kkr} "
        f"({worst.rate_others} %, {worst.n_others} af {worst.others}).",
        "I KKR Sjælland har 14 af 17 borgmestre og 8 af 14 øvrige medlemmer svaret.",
    ])
    paragraph(doc, "Forskellen i svarprocent betyder, at borgmestrenes syn vejer lidt tungere i de "
              "samlede tal, end deres andel af medlemmerne tilsiger. Se også afsnit 9.")


def _keyword_rows(counts: dict[str, int]) -> list[list[str]]:
    ordered = sorted(counts.items(), key=lambda pair: -pair[1])
    rows = [["Plads", "Nøgleord", "Markeringer", "Andel af svarpersoner"]]
    for place, (word, count) in enumerate(ordered, start=1):
        rows.append([str(place), word, str(count), _share(count)])
    return rows


def _keywords_page(doc) -> None:
    heading(doc, "2. Nøgleord samlet", new_page=True)
    paragraph(doc, "Medlemmerne valgte op til fem af 15 nøgleord to gange: ord, der bedst "
              "kendetegner KKR i dag, og ord, der bør kendetegne KKR fremover. Tabellerne omfatter "
              "de syv ord, der er blandt de fem mest valgte ved mindst ét af de to spørgsmål.")
    caption(doc, "Tabel 2.1: Nøgleord, der kendetegner KKR i dag")
    data_table(doc, _keyword_rows(COUNTS_TODAY), [18, 62, 35, 45], numeric_columns=(0, 2, 3))
    caption(doc, "Tabel 2.2: Nøgleord, der bør kendetegne KKR fremover")
    data_table(doc, _keyword_rows(COUNTS_FORWARD), [18, 62, 35, 45], numeric_columns=(0, 2, 3))
    note(doc, f"n = {RESPONDENTS}. Andelene summer til mere end 100 %, fordi hver svarperson kunne "
         "vælge flere ord.")
    panel(doc, "Det skal man bemærke", [
        "*Samarbejde* er det mest valgte ord ved begge spørgsmål.",
        "Fremover samles markeringerne mindre om de øverste ord: førstepladsen får "
        f"{COUNTS_FORWARD['Samarbejde']} markeringer mod {COUNTS_TODAY['Samarbejde']} i dag.",
        "*Beslutsom*, *Inddragende* og *Proaktiv* står stærkere, når medlemmerne ser fremad.",
    ])


def _comparison_page(doc) -> None:
    heading(doc, "2.3 I dag og fremover sammenlignet", 2, new_page=True)
    paragraph(doc, "Tabel 2.3 stiller de to spørgsmål over for hinanden. Ordene står i rækkefølge "
              "efter antal markeringer i dag.")
    rank_today = {w: i for i, w in enumerate(sorted(COUNTS_TODAY, key=lambda w: -COUNTS_TODAY[w]), 1)}
    rank_forward = {w: i for i, w in
                    enumerate(sorted(COUNTS_FORWARD, key=lambda w: -COUNTS_FORWARD[w]), 1)}
    rows = [["Nøgleord", "I dag", "Fremover", "Forskel", "Plads i dag", "Plads fremover"]]
    for word in COUNTS_TODAY:
        change = COUNTS_FORWARD[word] - COUNTS_TODAY[word]
        rows.append([word, COUNTS_TODAY[word], COUNTS_FORWARD[word],
                     f"{'+' if change > 0 else '−'}{abs(change)}", rank_today[word],
                     rank_forward[word]])
    caption(doc, "Tabel 2.3: Markeringer i dag og fremover")
    data_table(doc, rows, [42, 20, 22, 20, 26, 30], numeric_columns=(1, 2, 3, 4, 5))
    heading(doc, "Ord, der skal fylde mere eller mindre", 2)
    rising = [w for w in COUNTS_TODAY if COUNTS_FORWARD[w] > COUNTS_TODAY[w]]
    falling = [w for w in COUNTS_TODAY if COUNTS_FORWARD[w] < COUNTS_TODAY[w]]
    rising_elsewhere = tuple(w for w in survey_story.rising_keywords() if w not in COUNTS_TODAY)
    bullet_list(doc, [
        "Flere markeringer fremover end i dag: " + and_join(tuple(f"*{w}*" for w in rising)) + ".",
        "Færre markeringer fremover end i dag: " + and_join(tuple(f"*{w}*" for w in falling)) + ".",
        "Ud over de syv ord i tabellen får kun " + and_join(tuple(f"*{w}*" for w in rising_elsewhere))
        + " flere markeringer fremover end i dag.",
    ])
    paragraph(doc, f"Størst er faldet for *Konsensus* ({COUNTS_TODAY['Konsensus']} til "
              f"{COUNTS_FORWARD['Konsensus']}) og *Værdiskabende* ({COUNTS_TODAY['Værdiskabende']} til "
              f"{COUNTS_FORWARD['Værdiskabende']}). Størst er stigningen for *Inddragende* "
              f"({COUNTS_TODAY['Inddragende']} til {COUNTS_FORWARD['Inddragende']}) og *Proaktiv* "
              f"({COUNTS_TODAY['Proaktiv']} til {COUNTS_FORWARD['Proaktiv']}).")


def _kkr_page(doc, kkr: str, first: bool) -> None:
    if first:
        heading(doc, "3. Nøgleord pr. KKR", new_page=True)
        heading(doc, kkr, 2)
    else:
        heading(doc, kkr, 2, new_page=True)
    response: Response = next(r for r in RESPONSES if r.kkr == kkr)
    today, forward = TOP5_PER_KKR[kkr]
    paragraph(doc, f"I {kkr} har {response.n} af {response.members} medlemmer svaret "
              f"({response.rate} %): {response.n_mayors} af {response.mayors} borgmestre og "
              f"{response.n_others} af {response.others} øvrige medlemmer.")
    caption(doc, f"Tabel: De fem hyppigst valgte nøgleord i {kkr}")
    rows = [["Plads", "I dag", "Fremover"]]
    rows += [[str(place), a, b] for place, (a, b) in enumerate(zip(today, forward), start=1)]
    data_table(doc, rows, [20, 60, 60], numeric_columns=(0,))
    kept = [w for w in today if w in forward]
    new = [w for w in forward if w not in today]
    dropped = [w for w in today if w not in forward]
    lines = [f"På begge lister: {and_join(tuple(f'*{w}*' for w in kept))}."]
    if new:
        lines.append(f"Nye på listen fremover: {and_join(tuple(f'*{w}*' for w in new))}.")
    if dropped:
        lines.append(f"Ikke på listen fremover: {and_join(tuple(f'*{w}*' for w in dropped))}.")
    lines.append(f"Øverst i dag: *{today[0]}*. Øverst fremover: *{forward[0]}*.")
    panel(doc, f"{kkr} kort", lines)
    note(doc, f"Rækkefølgen bygger på {response.n} besvarelser. Få markeringer kan flytte et ord en "
         "eller flere pladser, og ord kan stå lige; se afsnit 9.")


def _statement_rows(values) -> list[list[str]]:
    return [[s.number, s.text, *values(s)] for s in STATEMENTS]


def _statements_page(doc) -> None:
    heading(doc, "4. Udsagn om KKR – samlet", new_page=True)
    paragraph(doc, "Medlemmerne vurderede ni udsagn om, hvordan KKR er organiseret og arbejder, på "
              "en skala fra 1 (meget lav grad) til 5 (meget høj grad). Tabel 4.1 viser gennemsnittet for "
              f"alle {RESPONDENTS} svarpersoner.")
    caption(doc, "Tabel 4.1: Gennemsnitlig vurdering af de ni udsagn, 2025")
    rows = [["Nr.", "Udsagn", "Gns."]] + _statement_rows(lambda s: [_decimal(s.mean)])
    data_table(doc, rows, [12, 130, 18], numeric_columns=(2,))
    ordered = sorted(STATEMENTS, key=lambda s: -s.mean)
    panel(doc, "Rækkefølge", [
        f"Højest: udsagn {ordered[0].number} ({_decimal(ordered[0].mean)}).",
        "Dernæst: udsagn " + and_join(tuple(s.number for s in STATEMENTS if s.mean == 3.7))
        + " (alle 3,7).",
        "Lavest: udsagn " + and_join(tuple(s.number for s in STATEMENTS if s.mean < 3.0))
        + " (2,7-2,8).",
    ])
    note(doc, f"n = {RESPONDENTS}. Gennemsnit med én decimal.")


def _roles_page(doc) -> None:
    heading(doc, "5. Borgmestre og øvrige medlemmer", new_page=True)
    paragraph(doc, f"Svarene er delt op på de {RESPONSE_TOTAL.n_mayors} borgmestre og de "
              f"{RESPONSE_TOTAL.n_others} øvrige medlemmer, der har svaret. For de fleste udsagn er "
              "der kun små forskelle mellem de to grupper. Tabel 5.1 viser, hvor forskellen er "
              "tydeligst.")
    labels = {"borgmestre": "Borgmestrene vurderer højest",
              "øvrige medlemmer": "De øvrige medlemmer vurderer højest"}
    rows = [["Nr.", "Udsagn", "Forskel mellem grupperne"]] + _statement_rows(
        lambda s: [labels.get(s.higher_among, "Små forskelle")])
    caption(doc, "Tabel 5.1: Forskelle mellem borgmestre og øvrige medlemmer")
    data_table(doc, rows, [12, 98, 50])
    bullet_list(doc, [
        "Borgmestrene ser mere positivt på samspillet mellem KKR og KL (udsagn 2.7).",
        "De øvrige medlemmer vurderer udsagn 2.6 og 2.9 højere end borgmestrene.",
    ])
    note(doc, f"Borgmestre: n = {RESPONSE_TOTAL.n_mayors}. Øvrige medlemmer: n = "
         f"{RESPONSE_TOTAL.n_others}.")


def _kkr_statements_page(doc) -> None:
    heading(doc, "6. Udsagn pr. KKR", new_page=True)
    paragraph(doc, "For flere udsagn adskiller rådene sig fra hinanden. Tabel 6.1 angiver, i hvilke "
              "KKR vurderingen er højest og lavest.")

    def highest_lowest(s):
        if survey_story.about_equal(s.number):
            return ["Nogenlunde ens", "Nogenlunde ens"]
        return [and_join(tuple(map(short_kkr, survey_story.highest(s.number)))),
                and_join(tuple(map(short_kkr, survey_story.lowest(s.number))))]

    rows = [["Nr.", "Udsagn", "Højest", "Lavest"]] + _statement_rows(highest_lowest)
    caption(doc, "Tabel 6.1: Højeste og laveste vurdering pr. udsagn")
    data_table(doc, rows, [12, 90, 29, 29])
    ranked = [s.number for s in STATEMENTS if not survey_story.about_equal(s.number)]
    top = [n for n in ranked if "KKR Sjælland" in survey_story.highest(n)]
    low = [n for n in ranked if "KKR Sjælland" in survey_story.lowest(n)]
    shared = and_join(tuple(k for n in low for k in survey_story.lowest(n) if k != "KKR Sjælland"))
    panel(doc, "KKR Sjælland", [
        f"Højest på udsagn {and_join(tuple(top))}.",
        f"Lavest på udsagn {and_join(tuple(low))}" + (f" (delt med {shared})." if shared else "."),
    ])
    caption(doc, "Tabel 6.2: Svarpersoner pr. KKR")
    rows = [["KKR", "Svar", "Borgmestre", "Øvrige"]]
    rows += [[r.kkr, r.n, r.n_mayors, r.n_others] for r in RESPONSES]
    data_table(doc, rows, [50, 30, 40, 40], numeric_columns=(1, 2, 3))


def _trend_page(doc) -> None:
    heading(doc, "7. Sammenligning mellem 2017 og 2025", new_page=True)
    paragraph(doc, "Undersøgelsen i 2025 har samme opbygning som evalueringen i 2017, så alle ni "
              "udsagn kan sammenlignes. Tabel 7.1 viser gennemsnittene for begge år.")

    def trend(s):
        if s.mean_2017 is None:
            return ["–", _decimal(s.mean), "Steget" if s.improved_since_2017 else "Lille"]
        change = round(s.mean - s.mean_2017, 1)
        sign = "+" if change > 0 else ("−" if change < 0 else "±")
        return [_decimal(s.mean_2017), _decimal(s.mean), f"{sign}{_decimal(abs(change))}"]

    rows = [["Nr.", "Udsagn", "2017", "2025", "Ændring"]] + _statement_rows(trend)
    caption(doc, "Tabel 7.1: Gennemsnitlig vurdering, 2017 og 2025")
    data_table(doc, rows, [12, 100, 15, 15, 18], numeric_columns=(2, 3, 4))
    unprinted = tuple(s.number for s in STATEMENTS if s.mean_2017 is None)
    improved = tuple(s.number for s in STATEMENTS if s.improved_since_2017)
    level = tuple(s.number for s in STATEMENTS if s.level_with_2017)
    note(doc, f"2017: n = {RESPONDENTS_2017}. 2025: n = {RESPONDENTS}. For udsagn {and_join(unprinted)} "
         f"er 2017-gennemsnittet ikke gengivet; {and_join(improved)} vurderes højere end dengang, "
         f"{and_join(level)} omtrent som dengang.")
    bullet_list(doc, [
        "Den største ændring er opbakningen til arbejdet i KKR (udsagn 2.2), der er steget fra 3,1 "
        "til 4,0.",
        "Samspillet med KL og KL's inddragelse af KKR (udsagn 2.7 og 2.8) vurderes bedre end i 2017.",
        "De øvrige udsagn har flyttet sig lidt: højst 0,2 point, hvor begge gennemsnit kendes.",
    ])


def _method_page(doc) -> None:
    heading(doc, "8. Metode", new_page=True)
    heading(doc, "Dataindsamling", 2)
    paragraph(doc, f"Spørgeskemaet blev sendt elektronisk til alle {RESPONSE_TOTAL.members} "
              f"medlemmer af de fem KKR i {FIELDED}. Rapporten viser kun tal for grupper af "
              "svarpersoner, aldrig for den enkelte.")
    heading(doc, "Hvem indgår", 2)
    paragraph(doc, f"Alle {RESPONSE_TOTAL.n} personer, der har svaret helt eller delvist, indgår. En "
              "svarperson, der har sprunget et spørgsmål over, tælles ikke med ved det spørgsmål. "
              "Svarpersonerne er grupperet efter KKR og efter rolle (borgmester eller øvrigt medlem).")
    heading(doc, "Spørgsmålstyper", 2)
    bullet_list(doc, [
        "Nøgleord: to spørgsmål med samme liste på 15 ord; højst fem markeringer pr. spørgsmål.",
        "Udsagn: ni udsagn på en skala fra 1 til 5. Gennemsnittet er beregnet over dem, der har "
        "svaret på udsagnet.",
        f"Bemærkninger: et åbent tekstfelt, som {FREE_TEXT_SHARE} af svarpersonerne har brugt.",
    ])
    heading(doc, "Beregninger", 2)
    paragraph(doc, "Tallene er ikke vægtede. Andele er beregnet i forhold til alle svarpersoner og "
              "afrundet til hele procent efter den almindelige afrundingsregel; gennemsnit er "
              "angivet med én decimal. Rækkefølgen af nøgleord pr. KKR følger antallet af "
              "markeringer i det enkelte råd.")
    heading(doc, "Sammenligning med 2017", 2)
    paragraph(doc, f"Evalueringen i 2017 brugte samme spørgsmål og skala. Dengang svarede "
              f"{RESPONDENTS_2017} medlemmer. Sammenligningen i afsnit 7 bygger på de gennemsnit, "
              "der er opgjort for begge år.")


def _caveats_page(doc) -> None:
    heading(doc, "9. Læsevejledning og forbehold", new_page=True)
    paragraph(doc, "Resultaterne giver et godt billede af medlemmernes holdninger, men der er nogle "
              "forhold, man skal have for øje, når tallene læses og bruges i drøftelserne.")
    numbered_list(doc, [
        "Få svar pr. KKR. Hvert råd har mellem 16 og 35 svarpersoner. Få markeringer kan derfor "
        "flytte rækkefølgen af nøgleord, og små forskelle mellem rådene skal ikke tillægges stor "
        "vægt.",
        "Meget få svar i enkelte grupper. I KKR Midtjylland har 4 af 15 øvrige medlemmer svaret, og "
        "i KKR Syddanmark 5 af 8. Tal for disse grupper er usikre.",
        "Forskellig svarprocent. Borgmestrene har svaret oftere end de øvrige medlemmer (76 % mod "
        "58 %), så de samlede tal ligger tættest på borgmestrenes syn.",
        "Nøgleord er valg, ikke vurderinger. Et ord med få markeringer kan godt beskrive KKR – det "
        "er blot ikke blandt de fem ord, medlemmerne har prioriteret.",
        "Nøgleordene pr. KKR og de samlede antal er opgjort hver for sig og kan ikke lægges sammen "
        "til hinanden. Brug de samlede tal, når rådene ses under ét.",
        "Sammenligningen med 2017 bygger på andre svarpersoner og langt færre svar (56). En "
        "ændring kan derfor skyldes, at det er andre, der har svaret.",
        "Bemærkningerne i det åbne felt kommer fra knap hver fjerde svarperson og er ikke "
        "nødvendigvis repræsentative for alle medlemmer.",
    ])
    panel(doc, "Brug i drøftelsen", [
        "Læs tallene som et udgangspunkt for drøftelsen, ikke som en afstemning.",
        "Se på mønstre, der går igen på tværs af spørgsmål, frem for på enkelte tal.",
    ])


def _questionnaire_page(doc) -> None:
    heading(doc, "10. Spørgeskemaet", new_page=True)
    paragraph(doc, "Spørgeskemaet bestod af baggrundsspørgsmål og tre dele. Spørgsmålene er gengivet "
              "i kort form.")
    heading(doc, "Baggrund", 3)
    bullet_list(doc, ["Hvilket KKR er du medlem af?", "Er du borgmester eller øvrigt medlem af KKR?"])
    heading(doc, "Del 1: Nøgleord", 3)
    bullet_list(doc, [
        "Hvilke nøgleord kendetegner efter din mening bedst KKR i dag? (højst fem)",
        "Hvilke nøgleord bør kendetegne KKR fremover? (højst fem)",
    ])
    paragraph(doc, "Listen omfattede 15 nøgleord, bl.a. " + ", ".join(KEYWORDS_NAMED[:-1])
              + " og " + KEYWORDS_NAMED[-1] + ".", size=9.5)
    heading(doc, "Del 2: Udsagn (skala 1-5)", 3)
    for statement in STATEMENTS:
        paragraph(doc, f"{statement.number}\t{statement.text}", size=9.5, space_after=2)
    heading(doc, "Del 3: Bemærkninger", 3)
    paragraph(doc, "Har du bemærkninger eller opmærksomhedspunkter til det fremtidige tværkommunale "
              "samarbejde i KKR? (åbent felt)")


def build(target: Path) -> None:
    """Write the 17-page data report to ``target`` with stable bytes."""
    doc = new_document("KKR-evaluering 2025 – datarapport", "KL",
                       f"{AUTHOR}  ·  {FIELDED}  ·  Sags-ID SAG-2022-03432", SAMPLE_MARK)
    _title_page(doc)
    _about_page(doc)
    _response_page(doc)
    _keywords_page(doc)
    _comparison_page(doc)
    for index, kkr in enumerate(TOP5_PER_KKR):
        _kkr_page(doc, kkr, first=index == 0)
    _statements_page(doc)
    _roles_page(doc)
    _kkr_statements_page(doc)
    _trend_page(doc)
    _method_page(doc)
    _caveats_page(doc)
    _questionnaire_page(doc)
    planned = sum(1 for p in doc.paragraphs if p.paragraph_format.page_break_before) + 1
    if planned != PAGES:
        raise RuntimeError(f"{target.name}: {planned} pages planned, {PAGES} expected")
    save_stable(doc, target, FACTS)

