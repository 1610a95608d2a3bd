#!/usr/bin/env bash
# lint.sh desktop|metainfo|man FILE: the file passes its validator with no error and no warning.
#   desktop   desktop-file-validate (hints are fine)
#   metainfo  appstreamcli validate --no-net --strict (pedantic notes are fine)
#   man       man --warnings, as lintian runs it: any troff warning fails
set -uo pipefail
kind=$1 file=$2

need() {
    command -v "$1" >/dev/null && return 0
    echo "FAIL: '$1' is not installed (Debian package $2)" >&2
    echo "HINT: bash -c 'source scripts/deps.sh && tidemark_install_deps' as root" >&2
    exit 1
}

[ -f "$file" ] || { echo "FAIL: no such file: $file" >&2; exit 1; }
case "$kind" in
desktop)
    need desktop-file-validate desktop-file-utils
    out=$(desktop-file-validate "$file" 2>&1); rc=$?
    echo "$out"
    [ $rc -eq 0 ] || exit 1
    if grep -E -q '(error|warning):' <<<"$out"; then exit 1; fi
    ;;
metainfo)
    need appstreamcli appstream
    appstreamcli validate --no-net --strict "$file" || exit 1
    ;;
man)
    need man man-db
    need groff groff-base
    warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$file" 2>&1 >/dev/null)
    if [ -n "$warnings" ]; then
        echo "FAIL: $file has troff warnings:" >&2
        echo "$warnings" >&2
        exit 1
    fi
    # The page renders, with its name section.
    grep -q '^NAME' <<<"$(LC_ALL=C.UTF-8 MANWIDTH=80 man -l "$file" 2>/dev/null)" || { echo "FAIL: $file renders no NAME section" >&2; exit 1; }
    ;;
*)
    echo "usage: lint.sh desktop|metainfo|man FILE" >&2
    exit 2
    ;;
esac
echo "ok: $file"
