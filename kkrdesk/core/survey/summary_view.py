"""The summary as plain data: the JSON ``kkrdesk survey summarize --json`` prints."""

from __future__ import annotations

from typing import Any

from kkrdesk.core.survey.statistics import (
    KeywordSummary,
    RankedOption,
    ScaleStats,
    StatementSummary,
    SurveySummary,
    Tally,
)


def summary_dict(summary: SurveySummary) -> dict[str, Any]:
    """Means at full precision; rounding to one decimal is for what people read."""
    return {
        "title": summary.title,
        "synthetic": summary.synthetic,
        "source": str(summary.source),
        "layout": summary.layout,
        "rows_read": summary.rows_read,
        "not_answered": summary.not_answered,
        "respondents": summary.respondents,
        "groups": list(summary.groups),
        "roles": list(summary.roles),
        "response": [{"group": row.group, **_tally(row.tally),
                      "roles": {role: _tally(t) for role, t in row.roles.items()}}
                     for row in summary.response],
        "keywords": {k.key: _keywords(k) for k in summary.keywords},
        "keyword_change": None if summary.change is None else {
            "from": summary.change.before, "to": summary.change.after,
            "counts": summary.change.overall, "by_group": summary.change.by_group},
        "statements": [_statement(s) for s in summary.statements],
        "problems": [p.to_dict() for p in summary.problems],
        "warnings": list(summary.warnings),
    }


def _tally(tally: Tally) -> dict[str, Any]:
    return {"members": tally.members, "answers": tally.answers, "rate": tally.rate}


def _ranked(options: tuple[RankedOption, ...]) -> list[dict[str, Any]]:
    return [{"option": o.option, "count": o.count, "rank": o.rank} for o in options]


def _keywords(keyword: KeywordSummary) -> dict[str, Any]:
    return {"label": keyword.label, "question": keyword.question, "max_choices": keyword.max_choices,
            "answered": keyword.answered, "counts": keyword.counts, "by_group": keyword.by_group,
            "answered_by_group": keyword.answered_by_group, "by_role": keyword.by_role,
            "answered_by_role": keyword.answered_by_role, "top5": _ranked(keyword.top),
            "top5_by_group": {g: _ranked(t) for g, t in keyword.top_by_group.items()}}


def _scale(stats: ScaleStats) -> dict[str, Any]:
    return {"n": stats.n, "mean": stats.mean, "dont_know": stats.dont_know,
            "dont_know_share": stats.dont_know_share}


def _statement(statement: StatementSummary) -> dict[str, Any]:
    overall = statement.overall
    return {"id": statement.id, "text": statement.text, "question": statement.question,
            "n": overall.n, "mean": overall.mean, "dont_know": overall.dont_know,
            "dont_know_share": overall.dont_know_share,
            "distribution": {str(point): count for point, count in overall.distribution.items()},
            "by_group": {g: {**_scale(s), "by_role": {r: _scale(x) for r, x in
                                                      statement.by_group_role[g].items()}}
                         for g, s in statement.by_group.items()},
            "by_role": {r: _scale(s) for r, s in statement.by_role.items()},
            "baseline": {key: {"label": b.label, "n": b.n, "mean": b.mean}
                         for key, b in statement.baseline.items()}}
