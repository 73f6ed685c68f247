"""Resultatkontrakter: reading a contract, checking it against its rammeaftale, following up its results."""
