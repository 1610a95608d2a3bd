# Sourced by the other scripts: makes sure the Debian 12 packages Tidemark needs are installed.
# As root it installs what is missing with apt-get; otherwise it prints the command to run.

TIDEMARK_PACKAGES=(
    build-essential cmake pkg-config ccache
    qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
    liblmdb-dev lmdb-utils libarchive-dev libtomlplusplus-dev libxxhash-dev libzstd-dev
    curl influxdb influxdb-client xvfb xauth time openssl
    qt6-translations-l10n libqt6svg6
    clang-14 libclang-rt-14-dev clang-format
    dpkg-dev desktop-file-utils appstream man-db groff-base adduser
    ceph-mon ceph-osd radosgw s3cmd
    libcurl4-openssl-dev qtkeychain-qt6-dev libsodium-dev
    gnome-keyring faketime libqt6sql6-sqlite qt6-charts-dev libqt6opengl6-dev dbus systemd
)

tidemark_install_deps() {
    local missing=()
    local pkg
    for pkg in "${TIDEMARK_PACKAGES[@]}"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "tidemark: missing Debian packages: ${missing[*]}" >&2
        echo "HINT: install them as root: apt-get install -y ${missing[*]}" >&2
        return 1
    fi
    echo "tidemark: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

tidemark_jobs() {
    nproc 2>/dev/null || echo 2
}
