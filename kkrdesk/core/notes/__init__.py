"""A member's personal notes and highlights on bilag pages, anchored to text so they survive new pack versions."""
