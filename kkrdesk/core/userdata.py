"""Where kkrdesk keeps the user's own files (notes, recovery copies) and its disposable caches.

KKRDESK_DATA_DIR and KKRDESK_CACHE_DIR move them, e.g. for the smoke test, which must leave
nothing behind in the user's folders. On Linux the XDG folders are read here as platformdirs
reads them (its import is ~13 M instructions of the window's start-up); elsewhere it answers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "kkrdesk"


def user_data_dir() -> Path:
    named = os.environ.get("KKRDESK_DATA_DIR")
    if named:
        return Path(named)
    if _plain_linux():
        return _xdg_folder("XDG_DATA_HOME", ".local/share")
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_cache_dir() -> Path:
    named = os.environ.get("KKRDESK_CACHE_DIR")
    if named:
        return Path(named)
    if _plain_linux():
        return _xdg_folder("XDG_CACHE_HOME", ".cache")
    import platformdirs

    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def _plain_linux() -> bool:
    """Linux, and not Android (where platformdirs has folders of its own)."""
    android = hasattr(sys, "getandroidapilevel") or (
        os.environ.get("ANDROID_DATA") == "/data" and os.environ.get("ANDROID_ROOT") == "/system")
    return sys.platform.startswith("linux") and not android


def _xdg_folder(variable: str, under_home: str) -> Path:
    """kkrdesk's folder in ``$variable`` when that is an absolute path (the XDG rule), else in ``~/under_home``."""
    named = os.environ.get(variable, "")
    base = Path(named) if os.path.isabs(named) else Path(_home(), under_home)
    return base / APP_NAME


def _home() -> str:
    """$HOME when it is an absolute path, else the account's home folder (as platformdirs takes it)."""
    home = os.environ.get("HOME", "")
    if os.path.isabs(home):
        return home
    import pwd

    return pwd.getpwuid(os.getuid()).pw_dir
