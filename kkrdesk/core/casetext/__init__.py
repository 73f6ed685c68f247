"""Case texts from Word: a case document's sections found by heading and made into an agenda item's texts."""
