"""Builders of the sample meeting's agenda texts and bilag files (used by tools/make_sample_meeting.py)."""
