"""The rammeaftaler kkrdesk knows, one TOML file each, named by agreement ID (package data)."""
