"""User files entering kkrdesk: safe paths, content sniffing, hashing and page counts."""
