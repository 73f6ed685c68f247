"""The export dialog: preflight list, options, and the background export with progress and cancel."""
