#!/usr/bin/env bash
# Install the Debian packages kkrdesk's tests and exports need, where we can (root or
# password-less sudo); otherwise name the missing ones and carry on.
set -u
packages=(
  # Qt's offscreen and xcb platforms (the xcb plugin needs every one of these on a bare Debian;
  # Qt's error names libxcb-cursor0 whichever is missing)
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0
  libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxcb-shm0 libxcb-sync1 libx11-xcb1
  # a real window in tests: virtual screen, window manager, keyboard/mouse driver, screenshots
  xvfb openbox xdotool imagemagick
  # OCR for scanned bilag (optional at run time)
  ocrmypdf tesseract-ocr-dan
  # whole-command timing (benchmarks) and watching what conversions touch (security tests)
  hyperfine strace
  # Word → PDF rendering and the TOC update through UNO
  libreoffice-writer-nogui python3-uno
  # PDF tools used to check and look at what kkrdesk writes
  qpdf poppler-utils
  # PyInstaller's dependency analysis (objdump) when make test builds the desktop bundle
  binutils
  # fonts metric-compatible with Calibri/Cambria/Arial, so LibreOffice paginates like Word
  fonts-crosextra-carlito fonts-crosextra-caladea fonts-liberation2 fonts-dejavu-core
)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "kkrdesk: not a Debian system; install the equivalents of: ${missing[*]}" >&2
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "kkrdesk: please install these Debian packages (needs root): sudo apt-get install ${missing[*]}" >&2
  echo "kkrdesk: without them, tests that need LibreOffice or poppler are skipped." >&2
  # In CI a skipped test fails the run, so say now what is missing instead of later.
  [ "${CI:-}" = "true" ] && exit 1
  exit 0
fi
echo "kkrdesk: installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q >/dev/null || echo "kkrdesk: apt-get update failed; trying the install anyway" >&2
if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
  echo "kkrdesk: apt-get install failed for: ${missing[*]}" >&2
  exit 1
fi
