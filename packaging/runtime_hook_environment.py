"""PyInstaller runtime hook: programs kkrdesk starts (LibreOffice, its Python, the file manager) get
the user's library path back, not the bundle's.

On Linux the bootloader points LD_LIBRARY_PATH at the bundle and keeps the user's value in
LD_LIBRARY_PATH_ORIG. The dynamic loader has read the variable by the time this runs, so
kkrdesk itself keeps finding its libraries; only child processes see the change.
"""

import os
import sys

if sys.platform.startswith("linux"):
    original = os.environ.pop("LD_LIBRARY_PATH_ORIG", None)
    if original is not None:
        os.environ["LD_LIBRARY_PATH"] = original
    else:
        os.environ.pop("LD_LIBRARY_PATH", None)
