#!/usr/bin/env bash
# Takes the README's screenshots: builds, then under xvfb-run fills the GUI with a real tidemarkd
# and a real backup chain and saves PNGs of the main window and each restore wizard page into
# docs/screenshots/. Usage: bash tests/ui/screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/deps.sh
tidemark_install_deps
build=${1:-build-screenshots}
[ -f "$build/CMakeCache.txt" ] || cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j 2 --target tidemarkd tidemark-cli tidemark_screenshots
export TIDEMARKD="$PWD/$build/app/tidemarkd"
unset QT_QPA_PLATFORM
# A neutral look whatever the desktop: Fusion style, English, fixed DPI.
export LANG=C.UTF-8 LC_ALL=C.UTF-8 QT_STYLE_OVERRIDE=Fusion QT_SCALE_FACTOR=1
mkdir -p docs/screenshots
xvfb-run -a -s "-screen 0 1280x900x24 -dpi 96" "$build/tests/ui/tidemark_screenshots" docs/screenshots
ls -l docs/screenshots
