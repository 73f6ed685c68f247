"""The meeting's exports: the bilag pack as PDF, the agenda as Word, and the preflight before them."""
