"""The Referat view: decisions per item, Fraværende, Protokoltilførsel and the referat's status."""
