#!/usr/bin/env bash
# Runs a test ("$@") against a real Secret Service: a private D-Bus session bus (dbus-run-session)
# with GNOME Keyring's daemon, its login keyring created and unlocked with an empty password, in a
# temporary HOME and XDG directories (the user's own keyring is never touched).
# Tells the test through TIDEMARK_REAL_KEYRING: 1 when the daemon answers on the bus, else why
# not (the test skips then, or fails when CI=true).
set -uo pipefail

missing=()
for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
    export TIDEMARK_REAL_KEYRING="missing ${missing[*]} (Debian: apt-get install gnome-keyring dbus; scripts/deps.sh installs them)"
    exec "$@"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/runtime" "$tmp/data" "$tmp/config" "$tmp/cache"
chmod 700 "$tmp/runtime"
export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/runtime" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" \
    XDG_CACHE_HOME="$tmp/cache"
unset DBUS_SESSION_BUS_ADDRESS GNOME_KEYRING_CONTROL SSH_AUTH_SOCK

# Inside the new bus: start the daemon (it forks and stays on the bus), wait until it owns
# org.freedesktop.secrets, then run the test.
dbus-run-session -- bash -c '
    # An empty line: the empty password (with no input at all the daemon makes no login keyring,
    # and writes fail: "Object does not exist at path .../collection/login").
    if ! printf "\n" | gnome-keyring-daemon --unlock --components=secrets >"$XDG_RUNTIME_DIR/daemon.log" 2>&1; then
        export TIDEMARK_REAL_KEYRING="gnome-keyring-daemon --unlock failed: $(tr "\n" " " <"$XDG_RUNTIME_DIR/daemon.log")"
    else
        export TIDEMARK_REAL_KEYRING="gnome-keyring-daemon started but its login collection is not on the bus"
        for _ in $(seq 50); do
            if dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
                org.freedesktop.DBus.Properties.Get string:org.freedesktop.Secret.Service string:Collections \
                2>/dev/null | grep -q "collection/login"; then
                export TIDEMARK_REAL_KEYRING=1
                break
            fi
            sleep 0.1
        done
    fi
    "$@"
' bash "$@"
