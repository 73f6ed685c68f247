"""The member pack (.kkrpack): writing it, opening it safely read-only, and what changed between versions."""
