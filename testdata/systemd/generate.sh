#!/usr/bin/env bash
# generate.sh — write the unit trees of the live-scan scenarios from the offline fixtures.
#
#   bash testdata/systemd/generate.sh        (from the repository root)
#
# Each scenario is a DC/OS node of one role and release, as in testdata/fixtures, made runnable
# by a real systemd: every service runs /bin/sleep (oneshots run /bin/true), sockets listen on
# their DC/OS paths, timers keep their DC/OS schedules, ConditionPathExists= lines stay (so the
# feature-gated units are skipped as on a stock node). Then each scenario applies its
# deviations, one per health rule (see README.md). The trees are committed; run this script
# after changing it and commit the result.
set -euo pipefail
cd "$(dirname "$0")"
FIX=../fixtures

# unit NAME SRC MODE: the runnable version of the fixture unit file SRC on stdout.
# MODE is "system" or "user" (user: sockets under %t, no User=).
unit() {
    local name=$1 src=$2 mode=$3
    awk -v kind="${name##*.}" -v mode="$mode" '
        /^\[/ { sec = $0; next }
        /^$/ { next }
        sec == "[Unit]" && /^(Description|Condition[A-Za-z]*)=/ { unitl = unitl $0 "\n"; next }
        sec == "[Service]" && /^Type=oneshot/ { oneshot = 1; next }
        sec == "[Service]" && /^Restart=/ { restart = $0; next }
        sec == "[Timer]" { body = body $0 "\n"; next }
        sec == "[Socket]" && /^(Listen[A-Za-z]*|Accept|FileDescriptorName)=/ {
            if (mode == "user") { sub(/=\/var\/run\//, "=%t/"); sub(/=\/run\//, "=%t/") }
            body = body $0 "\n"; next
        }
        END {
            printf "[Unit]\n%s", unitl
            if (kind == "service") {
                printf "\n[Service]\n"
                if (oneshot) printf "Type=oneshot\nExecStart=/bin/true\n"
                else printf "ExecStart=/bin/sleep infinity\n"
                if (restart != "") print restart
            } else if (kind == "timer") {
                printf "\n[Timer]\n%s", body
            } else if (kind == "socket") {
                printf "\n[Socket]\n%s", body
            }
        }' "$src"
}

# scenario NAME FIXTURE MODE: a fresh tree under NAME/ with every wanted unit of FIXTURE.
# system: units in etc/systemd/system, wants entries absolute links as pkgpanda writes them
# (1.11+). user: units in etc/systemd/user (XDG_CONFIG_HOME=NAME/etc for a user manager),
# etc/systemd/system a link to it so that the tree still reads as a node.
scenario() {
    local name=$1 fix=$FIX/$2/root mode=$3 dir wants e src target
    rm -rf "$name"
    mkdir -p "$name/etc/mesosphere/roles" "$name/opt/mesosphere/etc"
    cp "$fix/etc/hostname" "$name/etc/hostname"
    cp -a "$fix/etc/mesosphere/roles/." "$name/etc/mesosphere/roles/"
    cp "$fix/opt/mesosphere/etc/dcos-version.json" "$name/opt/mesosphere/etc/"
    if [ "$mode" = user ]; then
        dir=$name/etc/systemd/user
        mkdir -p "$dir"
        ln -s user "$name/etc/systemd/system"
    else
        dir=$name/etc/systemd/system
        mkdir -p "$dir"
    fi
    wants=$dir/dcos.target.wants
    mkdir -p "$wants"
    printf '[Unit]\nDescription=DC/OS target (live-scan test scenario %s)\n' "$name" >"$dir/dcos.target"
    for e in "$fix/etc/systemd/system/dcos.target.wants"/*; do
        e=${e##*/}
        target=$(readlink "$fix/etc/systemd/system/dcos.target.wants/$e")
        src=$fix/${target#/}
        unit "$e" "$src" "$mode" >"$dir/$e"
        if [ "$mode" = user ]; then ln -s "../$e" "$wants/$e"; else ln -s "/etc/systemd/system/$e" "$wants/$e"; fi
    done
}

# set_key FILE SECTION-LINE KEY=VALUE...: replace or add keys in the first section of FILE
# that starts with SECTION-LINE.
set_key() {
    local f=$1 sec=$2 kv k
    shift 2
    for kv in "$@"; do
        k=${kv%%=*}
        awk -v sec="$sec" -v k="$k" -v kv="$kv" '
            /^\[/ { if (insec && !done) { print kv; done = 1 } insec = ($0 == sec) }
            insec && index($0, k "=") == 1 { if (!done) { print kv; done = 1 } next }
            { print }
            END { if (insec && !done) print kv }' "$f" >"$f.tmp"
        mv "$f.tmp" "$f"
    done
}

# --- agent-2.2.1: a private agent of DC/OS 2.2.1 under a full system manager --------------
S=agent-2.2.1
scenario $S agent-2.2.1 system
U=$S/etc/systemd/system
# DCOS-H001: a service that fails at once.
set_key "$U/dcos-rexray.service" "[Service]" "ExecStart=/bin/false" "Restart=no"
# DCOS-H002: a Restart=always daemon that is not running: it exits 0 and
# RestartPreventExitStatus=0 keeps systemd from restarting it (inactive/dead, result success).
set_key "$U/dcos-pkgpanda-api.service" "[Service]" "ExecStart=/bin/true" "RestartPreventExitStatus=0"
# DCOS-H003: a daemon that crashes and waits an hour to be restarted (activating/auto-restart).
set_key "$U/dcos-telegraf.service" "[Service]" "ExecStart=/bin/false" "RestartSec=1h"
# DCOS-H004: a required unit masked by an operator.
rm "$U/dcos-fluent-bit.service"
ln -s /dev/null "$U/dcos-fluent-bit.service"
# DCOS-H008: a socket that cannot start listening.
set_key "$U/dcos-log-agent.socket" "[Socket]" "ExecStartPre=/bin/false"
# DCOS-H009: the wants entry points into the package (as in DC/OS 1.8-1.10), but an edited
# copy in /etc/systemd/system shadows it: systemd runs the copy.
P=opt/mesosphere/packages/dcos-net--0000000000000000000000000000000000000000/dcos.target.wants
mkdir -p "$S/$P"
cp "$U/dcos-net-watchdog.service" "$S/$P/dcos-net-watchdog.service"
set_key "$U/dcos-net-watchdog.service" "[Unit]" "Description=DC/OS Net Watchdog (local copy, edited)"
ln -sfn "/$P/dcos-net-watchdog.service" "$U/dcos.target.wants/dcos-net-watchdog.service"
# The User property: one healthy daemon runs as nobody.
set_key "$U/dcos-diagnostics.service" "[Service]" "User=nobody"

# --- agent-1.10.11-user: a private agent of DC/OS 1.10.11 under a user manager -------------
# Healthy, with DC/OS's own quirk: dcos-signal.timer is wanted, dcos-signal.service does not
# exist on agents, so the timer stays inactive. Not a finding.
scenario agent-1.10.11-user agent-1.10.11 user
