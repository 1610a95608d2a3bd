#!/usr/bin/env bash
# tst_packages.sh SOURCE_DIR BUILD_DIR VERSION
# Builds the three Debian packages with CPack, checks their Depends and contents, installs them
# into this machine's root with dpkg -i (their maintainer scripts need a whole system, which a
# `dpkg --root` tree is not), checks what the install made, and purges them again.
# Exit 77 (skipped) when not root, or when a Tidemark package is already installed: the test never
# removes an installation it did not make.
# No `cmd | grep -q` here: with pipefail, grep leaving early can fail the pipeline (SIGPIPE).
set -euo pipefail
trap 'echo "FAIL: line $LINENO: \"$BASH_COMMAND\" exited $?" >&2' ERR
src=$1 build=$2 version=$3
packages=(tidemark tidemark-cli tidemarkd)
failures=0
start=$SECONDS

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
step() { echo "--- [$((SECONDS - start)) s] $*"; }

if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: installing packages needs root (CI runs as root)"
    exit 77
fi
for pkg in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
    if [ -n "$status" ] && [ "$status" != "not-installed" ]; then
        echo "SKIP: package $pkg is already on this machine ($status); this test does not touch an installation it did not make"
        echo "HINT: dpkg --purge ${packages[*]}, then run the test again"
        exit 77
    fi
done
for tool in cpack:cmake dpkg-shlibdeps:dpkg-dev dpkg-deb:dpkg desktop-file-validate:desktop-file-utils \
            appstreamcli:appstream man:man-db; do
    if ! command -v "${tool%%:*}" >/dev/null; then
        echo "FAIL: '${tool%%:*}' is not installed (Debian package ${tool##*:})" >&2
        echo "HINT: bash -c 'source scripts/deps.sh && tidemark_install_deps' as root" >&2
        exit 1
    fi
done

# 1. Build. Packages come from an unsanitized build installing to /usr: this build when it is one
#    (cpack only installs and packs), else a Release tree of our own beside it, through ccache.
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
if [ "$(cache TIDEMARK_SANITIZE)" = OFF ] && [ "$(cache TIDEMARK_FUZZ)" = OFF ] \
   && [ "$(cache CMAKE_INSTALL_PREFIX)" = /usr ]; then
    pkgbuild=$build
    step "packaging this build ($pkgbuild)"
else
    pkgbuild=$build/packaging-release
    step "building Release in $pkgbuild"
    export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$src} CCACHE_NOHASHDIR=1
    cmake -S "$src" -B "$pkgbuild" -DCMAKE_BUILD_TYPE=Release -DTIDEMARK_BUILD_TESTS=OFF \
          -DCMAKE_INSTALL_PREFIX=/usr >/dev/null
    cmake --build "$pkgbuild" -j 2 >"$pkgbuild/build.log" 2>&1 || { tail -50 "$pkgbuild/build.log"; exit 1; }
fi

# 2. Package.
step "cpack -G DEB"
rm -rf "$pkgbuild/packages"
(cd "$pkgbuild" && cpack -G DEB >cpack.log 2>&1) || { cat "$pkgbuild/cpack.log"; exit 1; }
arch=$(dpkg --print-architecture)
declare -A deb
for pkg in "${packages[@]}"; do
    deb[$pkg]=$pkgbuild/packages/${pkg}_${version}_${arch}.deb
    [ -f "${deb[$pkg]}" ] || { fail "no ${deb[$pkg]}"; ls -l "$pkgbuild/packages" >&2; exit 1; }
    echo "${pkg}: $(du -k "${deb[$pkg]}" | cut -f1) KiB; Depends: $(dpkg-deb -f "${deb[$pkg]}" Depends)"
done

# 3. Control fields: the version is the project's, Depends come from dpkg-shlibdeps, and the two
#    headless packages pull in no Qt GUI library.
for pkg in "${packages[@]}"; do
    f=${deb[$pkg]}
    [ "$(dpkg-deb -f "$f" Package)" = "$pkg" ] || fail "$pkg: Package field is $(dpkg-deb -f "$f" Package)"
    [ "$(dpkg-deb -f "$f" Version)" = "$version" ] || fail "$pkg: Version $(dpkg-deb -f "$f" Version), project is $version"
    depends=$(dpkg-deb -f "$f" Depends)
    for lib in libqt6core6 libqt6network6 libc6 libstdc++6 liblmdb0 libarchive13; do
        grep -q "\b$lib\b" <<<"$depends" || fail "$pkg: Depends lacks $lib (dpkg-shlibdeps): $depends"
    done
done
for pkg in tidemark-cli tidemarkd; do
    depends=$(dpkg-deb -f "${deb[$pkg]}" Depends)
    if grep -E -q 'libqt6(widgets|gui)6|libqt6keychain1|libgl|libx11|libxcb' <<<"$depends"; then
        fail "$pkg depends on a GUI library: $depends"
    fi
done
# S3 chains: libcurl (core's S3Client) in both programs that reach them; the GUI's keyring (QtKeychain).
for pkg in tidemark tidemark-cli; do
    grep -q '\blibcurl4\b' <<<"$(dpkg-deb -f "${deb[$pkg]}" Depends)" || fail "$pkg: Depends lacks libcurl4 (S3 chains)"
done
grep -q 'libqt6keychain1' <<<"$(dpkg-deb -f "${deb[tidemark]}" Depends)" || fail "tidemark: Depends lacks libqt6keychain1 (QtKeychain)"
grep -q 'libqt6widgets6' <<<"$(dpkg-deb -f "${deb[tidemark]}" Depends)" || fail "tidemark: Depends lacks libqt6widgets6"
grep -q 'libqt6svg6' <<<"$(dpkg-deb -f "${deb[tidemark]}" Depends)" || fail "tidemark: Depends lacks libqt6svg6 (the icon)"
grep -q 'adduser' <<<"$(dpkg-deb -f "${deb[tidemarkd]}" Depends)" || fail "tidemarkd: Depends lacks adduser"
summaries=$(for pkg in "${packages[@]}"; do dpkg-deb -f "${deb[$pkg]}" Description | sed -n 1p; done)
[ "$(sort -u <<<"$summaries" | wc -l)" -eq 3 ] || fail "the packages share a Description summary: $summaries"

# 4. Contents.
contains() { # contains PKG PATH...
    local pkg=$1 listing; shift
    listing=$(dpkg-deb -c "${deb[$pkg]}" | awk '{print $6}')
    for path in "$@"; do
        grep -qx "\\./${path#/}" <<<"$listing" || fail "$pkg does not contain $path"
    done
}
contains tidemark /usr/bin/tidemark /usr/share/man/man1/tidemark.1.gz /usr/share/applications/tidemark.desktop \
    /usr/share/metainfo/io.tidemark.Tidemark.metainfo.xml /usr/share/icons/hicolor/scalable/apps/tidemark.svg \
    /usr/share/tidemark/translations/tidemark_de.qm /usr/share/tidemark/translations/tidemark_en.qm
contains tidemark-cli /usr/bin/tidemark-cli /usr/share/man/man1/tidemark-cli.1.gz
contains tidemarkd /usr/bin/tidemarkd /usr/share/man/man1/tidemarkd.1.gz /usr/lib/systemd/system/tidemarkd.service \
    /etc/tidemark/tidemarkd.conf
conffiles=$(dpkg-deb --ctrl-tarfile "${deb[tidemarkd]}" | tar -xOf - ./conffiles)
grep -qx /etc/tidemark/tidemarkd.conf <<<"$conffiles" || fail "tidemarkd: /etc/tidemark/tidemarkd.conf is not a conffile"
for pkg in tidemark tidemark-cli; do
    if grep -q 'tidemarkd' <<<"$(dpkg-deb -c "${deb[$pkg]}")"; then fail "$pkg carries tidemarkd files"; fi
done

# 5. Install into the real root, purge on the way out whatever happens.
dpkg_retry() { # dpkg waits for nobody: retry while another dpkg/apt holds the lock
    local out
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        if out=$(dpkg "$@" 2>&1); then echo "$out"; return 0; fi
        if ! grep -q 'lock' <<<"$out"; then echo "$out" >&2; return 1; fi
        sleep 3
    done
    echo "$out" >&2
    return 1
}
purge() {
    step "dpkg --purge"
    dpkg_retry --purge "${packages[@]}" >/dev/null || fail "dpkg --purge failed"
}
trap purge EXIT
step "dpkg -i"
DEBIAN_FRONTEND=noninteractive dpkg_retry -i "${deb[@]}" || { fail "dpkg -i failed"; exit 1; }

# 6. The installed programs.
out=$(/usr/bin/tidemark-cli --version) || fail "tidemark-cli --version exited $?"
grep -q "$version" <<<"$out" || fail "tidemark-cli --version printed '$out', not $version"
out=$(/usr/bin/tidemarkd --version) || fail "tidemarkd --version exited $?"
grep -q "$version" <<<"$out" || fail "tidemarkd --version printed '$out', not $version"
out=$(QT_QPA_PLATFORM=offscreen /usr/bin/tidemark --cli --version) || fail "tidemark --cli --version exited $?"
grep -q "$version" <<<"$out" || fail "tidemark --cli --version printed '$out'"
config=$(/usr/bin/tidemarkd config) || fail "tidemarkd config exited $?"
grep -q 'dir = "/var/lib/tidemark/data"' <<<"$config" || fail "tidemarkd config does not put data under /var/lib/tidemark"
# The headless programs run without any Qt GUI library loaded.
for prog in tidemark-cli tidemarkd; do
    if grep -E -q 'libQt6(Widgets|Gui)' <<<"$(ldd /usr/bin/$prog)"; then fail "/usr/bin/$prog links Qt GUI libraries"; fi
done

# 7. What tidemarkd's maintainer scripts and conffile made.
getent passwd influxdb >/dev/null || fail "no influxdb user"
getent group influxdb >/dev/null || fail "no influxdb group"
[ "$(stat -c '%U:%G %a' /var/lib/tidemark 2>/dev/null)" = "influxdb:influxdb 750" ] \
    || fail "/var/lib/tidemark is '$(stat -c '%U:%G %a' /var/lib/tidemark 2>&1)', want influxdb:influxdb 750"
[ -z "$(ls -A /var/lib/tidemark 2>/dev/null)" ] || fail "/var/lib/tidemark is not empty: the node was started"
cmp -s /etc/tidemark/tidemarkd.conf <(printf '%s\n' "$config") \
    || fail "/etc/tidemark/tidemarkd.conf differs from 'tidemarkd config'"
grep -q '/etc/tidemark/tidemarkd.conf' <<<"$(dpkg-query -W -f='${Conffiles}\n' tidemarkd)" \
    || fail "dpkg does not know /etc/tidemark/tidemarkd.conf as a conffile"
unit=/usr/lib/systemd/system/tidemarkd.service
[ -f "$unit" ] || fail "no $unit"
grep -qx 'ExecStart=/usr/bin/tidemarkd -config /etc/tidemark/tidemarkd.conf' "$unit" || fail "$unit: unexpected ExecStart"
grep -qx 'User=influxdb' "$unit" || fail "$unit: not User=influxdb"
[ -L /etc/systemd/system/multi-user.target.wants/tidemarkd.service ] \
    || fail "tidemarkd.service is not enabled (deb-systemd-helper)"
if command -v systemd-analyze >/dev/null; then
    out=$(systemd-analyze verify "$unit" 2>&1) || fail "systemd-analyze verify $unit: $out"
fi

# 8. Desktop integration and man pages, as installed.
bash "$src/tests/packaging/lint.sh" desktop /usr/share/applications/tidemark.desktop >/dev/null || fail "installed desktop entry"
bash "$src/tests/packaging/lint.sh" metainfo /usr/share/metainfo/io.tidemark.Tidemark.metainfo.xml >/dev/null \
    || fail "installed metainfo"
for page in "${packages[@]}"; do
    [ "$(man -w "$page" 2>/dev/null)" = "/usr/share/man/man1/$page.1.gz" ] || fail "man -w $page: '$(man -w "$page" 2>&1)'"
    bash "$src/tests/packaging/lint.sh" man "/usr/share/man/man1/$page.1.gz" >/dev/null || fail "installed man page $page"
    grep -q "Tidemark $version" <<<"$(zcat "/usr/share/man/man1/$page.1.gz")" || fail "man page $page does not carry version $version"
done

# 9. Purge (the trap) and check it left nothing behind but the user.
trap - EXIT
purge
for path in /usr/bin/tidemark /usr/bin/tidemark-cli /usr/bin/tidemarkd /etc/tidemark /var/lib/tidemark "$unit" \
            /etc/systemd/system/multi-user.target.wants/tidemarkd.service /usr/share/tidemark; do
    [ ! -e "$path" ] || fail "$path is still there after the purge"
done

step "done"
if [ "$failures" -ne 0 ]; then
    echo "$failures check(s) failed"
    exit 1
fi
echo "all package checks passed"
