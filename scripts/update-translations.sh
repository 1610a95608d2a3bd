#!/usr/bin/env bash
# Updates translations/tidemark_de.ts and tidemark_en.ts (its plural forms only) from the tr(),
# QCoreApplication::translate() and QT_TRANSLATE_NOOP() strings in core/ (recursively) and ui/,
# with the flags the ctest check `translations_uptodate` (tests/ui/CheckTranslations.cmake) uses:
# lupdate -no-obsolete -locations none -I core -I ui.
#
# Before the obsolete messages are dropped, their translations are carried over
# (scripts/carry-translations.py): a new or unfinished message takes the finished translation of a
# vanished message of any context with the identical source text and comment. Renaming a class or
# moving a string to another class changes its tr() context; re-running this script after such a
# refactoring keeps the translations, and only genuinely new or changed texts stay unfinished.
#
# Usage: scripts/update-translations.sh        (LUPDATE=/path/to/lupdate to choose the binary)
# Then translate what it lists (Qt Linguist, or the <translation> elements by hand), remove
# type="unfinished", and check with: ctest -R translations_uptodate
# Exit status: 0 when nothing is left unfinished, 1 when some entries still need a translation.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt 6's lupdate, as the build's: a Qt 5 lupdate first in PATH would write the files differently.
if [ -z "${LUPDATE:-}" ]; then
    for candidate in "$(qtpaths6 --query QT_HOST_BINS 2>/dev/null)/lupdate" /usr/lib/qt6/bin/lupdate \
        "$(command -v lupdate || true)"; do
        if [ -x "$candidate" ]; then
            LUPDATE=$candidate
            break
        fi
    done
fi
[ -x "${LUPDATE:-}" ] || { echo "Qt 6 lupdate not found (apt install qt6-l10n-tools, or set LUPDATE)" >&2; exit 2; }

# The same sources, in the same order, as CheckTranslations.cmake and ui/CMakeLists.txt.
mapfile -t sources < <( (find core -name '*.cpp' -o -name '*.h'; ls ui/*.cpp ui/*.h) | LC_ALL=C sort)
flags=(-silent -locations none -I core -I ui)
warnings=$(mktemp)
trap 'rm -f "$warnings"' EXIT

update() { # update TS_FILE [extra lupdate flags...]
    local ts=$1
    shift
    # 1. Merge, keeping what left the sources as vanished; 2. carry translations over;
    # 3. merge again and drop the vanished messages.
    "$LUPDATE" "${flags[@]}" "$@" "${sources[@]}" -ts "$ts" 2>>"$warnings"
    python3 scripts/carry-translations.py "$ts"
    "$LUPDATE" "${flags[@]}" -no-obsolete "$@" "${sources[@]}" -ts "$ts" 2>>"$warnings"
}

update translations/tidemark_de.ts
update translations/tidemark_en.ts -pluralonly

# lupdate's warnings, once each. "Class 'X' lacks Q_OBJECT macro" means a tr() whose context
# lupdate cannot tell: its strings land in context X, where the program may not look them up.
if [ -s "$warnings" ]; then
    echo "lupdate warnings:"
    sort -u "$warnings" | sed 's/^/  /'
fi

# What is left to translate.
python3 - translations/tidemark_de.ts translations/tidemark_en.ts <<'EOF'
import sys
import xml.etree.ElementTree as ET

total = 0
for path in sys.argv[1:]:
    left = []
    for context in ET.parse(path).getroot().iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") == "unfinished":
                left.append((context.findtext("name"), message.findtext("source")))
    print(f"{path}: {len(left)} unfinished")
    for name, source in left:
        print(f"  [{name}] {source!r}")
    total += len(left)
sys.exit(1 if total else 0)
EOF
