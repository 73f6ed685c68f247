#!/usr/bin/env bash
# Make every picture in docs/images/ again from the sample meeting: the README's main window and
# the user guide's pictures (docs/brugervejledning.md). Each picture is one `kkrdesk screenshot`.
#   tools/make_screenshots.sh            # uses .venv/bin/python (PYTHON=... to choose another)
set -euo pipefail
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
sample=agendas/kkr-sjaelland-2025-02
images=docs/images
size=1280x800
export QT_QPA_PLATFORM=offscreen
mkdir -p "$images"

shot() {  # shot NAME [screenshot options ...]
  local name=$1
  shift
  PYTHONPATH="$PWD" "$python" -m kkrdesk screenshot "$sample" -o "$images/$name.png" "$@"
}

shot main-window --size 1400x900
shot dagsorden-punkt --size "$size" --item 2.2
shot dagsorden-bilag --size "$size" --bilag 2.2/2 --tab Dagsorden
shot laeser --size "$size" --bilag 2.4/1
shot soeg --size "$size" --search "grøn omstilling"
shot undersoegelse --size "$size" --bilag 2.2/3
shot kontrakt --size "$size" --bilag 2.7/2
shot eksport --size 1000x760 --export-dialog
KKRDESK_NO_LIBREOFFICE=1 shot eksport-uden-libreoffice --size 1000x760 --export-dialog
