#!/usr/bin/env bash
# Build kkrdesk as one folder, dist/kkrdesk/ (the programs kkrdesk and kkrdesk-gui with everything
# they need), then run the smoke test on the frozen program, offscreen. Any non-zero exit fails
# the build, including a crash while the program shuts down (rc 139 on Linux).
#
#   packaging/build.sh                 # uses .venv/bin/python (make install creates it)
#   PYTHON=/path/to/python packaging/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
dist="${KKRDESK_DIST:-dist}"
work="${KKRDESK_BUILD:-build/pyinstaller}"

echo "== building the kkrdesk bundle with PyInstaller =="
started=$(date +%s)
# PYTHONPATH: this checkout's kkrdesk, even when another copy is installed in the environment.
PYTHONPATH="$PWD" "$python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$dist" --workpath "$work" packaging/kkrdesk.spec
bundle="$dist/kkrdesk"
case "$(uname -s)" in
  Linux)
    # What a Linux desktop needs to list the program: the launcher and the icon beside it.
    cp packaging/kkrdesk.desktop "$bundle/kkrdesk.desktop"
    cp resources/icons/kkrdesk-256.png "$bundle/kkrdesk.png"
    cp packaging/install-linux.sh "$bundle/install-linux.sh"
    cp packaging/kkrdesk-mime.xml "$bundle/kkrdesk-mime.xml"
    ;;
esac
echo "Built $bundle in $(( $(date +%s) - started )) s: $(du -sh "$bundle" | cut -f1)" \
     "($(find "$bundle" -type f | wc -l) files)."

echo "== smoke test of the frozen program =="
program="$bundle/kkrdesk"
[ -x "$program.exe" ] && program="$program.exe"
smoke_home=$(mktemp -d)
trap 'rm -rf "$smoke_home"' EXIT
status=0
# A private home: the smoke test must not depend on, or touch, the builder's own settings.
env HOME="$smoke_home" XDG_CONFIG_HOME="$smoke_home/config" XDG_DATA_HOME="$smoke_home/data" \
    XDG_CACHE_HOME="$smoke_home/cache" XDG_STATE_HOME="$smoke_home/state" \
    QT_QPA_PLATFORM=offscreen "$program" --smoke-test || status=$?
if [ "$status" -ne 0 ]; then
  if [ "$status" -gt 128 ]; then
    echo "The frozen kkrdesk crashed (exit code $status, signal $(( status - 128 )))." >&2
  else
    echo "The frozen kkrdesk's smoke test failed (exit code $status)." >&2
  fi
  exit 1
fi
