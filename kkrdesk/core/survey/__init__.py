"""Survey results: SurveyXact exports read, mapped to KKR questions, summarised and charted."""
