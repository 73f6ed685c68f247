#!/usr/bin/env bash
# Install the kkrdesk bundle for the current user: the folder under ~/.local/opt/kkrdesk, the
# programs on PATH (~/.local/bin), the launcher in the applications menu and its icon.
# Run it from the unpacked bundle:  ./install-linux.sh      (remove with: ./install-linux.sh --remove)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
target="$HOME/.local/opt/kkrdesk"
bin="$HOME/.local/bin"
applications="${XDG_DATA_HOME:-$HOME/.local/share}/applications"
icons="${XDG_DATA_HOME:-$HOME/.local/share}/icons/hicolor/256x256/apps"
mime="${XDG_DATA_HOME:-$HOME/.local/share}/mime"

if [ "${1:-}" = "--remove" ]; then
  rm -rf "$target" "$bin/kkrdesk" "$bin/kkrdesk-gui" "$applications/kkrdesk.desktop" "$icons/kkrdesk.png" \
    "$mime/packages/kkrdesk-mime.xml"
  command -v update-mime-database >/dev/null && update-mime-database "$mime" || true
  echo "kkrdesk er fjernet."
  exit 0
fi
[ -x "$here/kkrdesk-gui" ] || { echo "Kør scriptet fra kkrdesk-mappen (den med kkrdesk-gui)." >&2; exit 2; }
mkdir -p "$target" "$bin" "$applications" "$icons"
if [ "$here" != "$target" ]; then
  rm -rf "$target"
  cp -a "$here" "$target"
fi
ln -sf "$target/kkrdesk" "$bin/kkrdesk"
ln -sf "$target/kkrdesk-gui" "$bin/kkrdesk-gui"
sed "s|^Exec=kkrdesk-gui|Exec=$target/kkrdesk-gui|; s|^TryExec=kkrdesk-gui|TryExec=$target/kkrdesk-gui|" \
  "$target/kkrdesk.desktop" > "$applications/kkrdesk.desktop"
cp "$target/kkrdesk.png" "$icons/kkrdesk.png"
mkdir -p "$mime/packages"
cp "$target/kkrdesk-mime.xml" "$mime/packages/kkrdesk-mime.xml"
command -v update-mime-database >/dev/null && update-mime-database "$mime" || true
command -v update-desktop-database >/dev/null && update-desktop-database -q "$applications" || true
echo "kkrdesk er installeret i $target og ligger nu i programmenuen under Kontor."
