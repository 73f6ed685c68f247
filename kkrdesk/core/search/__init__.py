"""Full-text search over a meeting's bilag pages and item texts (SQLite FTS5, Danish-aware)."""
