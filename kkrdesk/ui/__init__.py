"""All of kkrdesk's Qt: the windows, panels and item models, mirroring kkrdesk.core by feature."""
