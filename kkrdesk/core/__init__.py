"""The kkrdesk domain library: pure Python, never imports Qt (enforced by import-linter)."""
