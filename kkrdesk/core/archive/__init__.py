"""The meeting archive: many meeting folders and member packs indexed and searched as one."""
