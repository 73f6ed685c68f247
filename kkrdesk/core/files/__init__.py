"""User files entering kkrdesk: the import boundary, its limits, sniffing, archive and PDF screening, safe paths and names."""
