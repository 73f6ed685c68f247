"""The survey viewer: charts and tables of a SurveyXact export, and PNG export of each chart."""
