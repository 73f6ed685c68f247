"""kkrdesk: prepare, read and hand out the meetings of the Danish KKR."""

__version__ = "0.1.0"
