#!/usr/bin/env bash
# Fails (and names the files) when any C++ file of the project is not clang-formatted as
# .clang-format says. Fix with: git ls-files '*.cpp' '*.h' | xargs clang-format -i
set -uo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.h' 2>/dev/null || find core app ui tests -name '*.cpp' -o -name '*.h')
bad=()
for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    if ! clang-format --dry-run --Werror "$f" >/dev/null 2>&1; then
        bad+=("$f")
    fi
done
if [ ${#bad[@]} -gt 0 ]; then
    echo "not clang-formatted (${#bad[@]} files):" >&2
    printf '  %s\n' "${bad[@]}" >&2
    echo "fix: clang-format -i ${bad[*]}" >&2
    exit 1
fi
echo "all ${#files[@]} C++ files are clang-formatted"
