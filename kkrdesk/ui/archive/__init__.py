"""The archive window: many meetings and member packs opened as one library."""
