"""The reader: bilag views, search across the meeting and personal notes (Qt)."""
