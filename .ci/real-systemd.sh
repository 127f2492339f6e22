#!/usr/bin/env bash
# real-systemd.sh — boot a throwaway, REAL systemd (the distro's /lib/systemd/systemd)
# as PID 1 of new pid+mount+net+ipc+uts namespaces, on a private tmpfs root that re-uses
# the host's /usr (read-only) and a copy of the host's /etc. Nothing but util-linux,
# coreutils, systemd and dbus is needed (all in a stock Debian 12 image); no Docker,
# no systemd-nspawn, no debootstrap, no network.
#
# The live-scan tests (facts/live) drive it through internal/systemdtest, one boot per test with
# its own SDTEST_STATE, with the unit trees of testdata/systemd/ (docs/live.md). By hand:
#   bash .ci/real-systemd.sh start testdata/systemd/agent-2.2.1
#   bash .ci/real-systemd.sh exec systemctl list-units 'dcos*'
#   bash .ci/real-systemd.sh stop
#
# Usage (as root):
#   real-systemd.sh start [OVERLAY_DIR]   boot; print KEY=VALUE lines (also in $SDTEST_STATE/env)
#   real-systemd.sh stop                  power off, kill leftovers, remove cgroups + state dir
#   real-systemd.sh run [OVERLAY_DIR] -- CMD [ARGS...]
#                                         start, run CMD with the env exported, always stop;
#                                         exits with CMD's status
#   real-systemd.sh exec CMD [ARGS...]    run CMD inside the namespaces (e.g. systemctl status)
#   real-systemd.sh fixtures DIR          write the demo DC/OS unit tree into DIR
#
# OVERLAY_DIR is copied over the private root after /etc/systemd/system has been emptied,
# e.g. OVERLAY_DIR/etc/systemd/system/dcos.target, OVERLAY_DIR/opt/mesosphere/...
# Without it the demo fixtures (see write_fixtures) are used.
#
# Environment knobs:
#   SDTEST_STATE       scratch state dir (default /tmp/real-systemd; `stop` deletes it); use
#                      different ones to run several harnesses at once
#   SDTEST_TIMEOUT     seconds to wait for boot (default 30)
#   SDTEST_BOOT_WANTS  units the boot target Wants= besides dbus.socket (default "dcos.target")
#
# After `start`, tests talk to systemd through the dbus-daemon running inside:
#   DBUS_SYSTEM_BUS_ADDRESS=unix:path=$SDTEST_STATE/system_bus_socket
# so go-systemd's dbus.NewSystemConnectionContext / dbus.NewWithContext work unchanged.
set -euo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
STATE=${SDTEST_STATE:-/tmp/real-systemd}
STATE=$(realpath -m "$STATE")
TIMEOUT=${SDTEST_TIMEOUT:-30}
BOOT_WANTS=${SDTEST_BOOT_WANTS:-dcos.target}
# one cgroup per state dir, so two harnesses with different SDTEST_STATE do not collide
CG=sdtest-$(printf '%s' "$STATE" | cksum | cut -d' ' -f1)

log() { echo "sdtest: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# the host's cgroup2 hierarchy, where the harness gets its own cgroup
cgroup2_root() {
    if [ "$(stat -fc %T /sys/fs/cgroup)" = cgroup2fs ]; then echo /sys/fs/cgroup              # pure v2
    elif [ "$(stat -fc %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then echo /sys/fs/cgroup/unified  # hybrid
    else return 1; fi
}

remove_cgroups() {
    local d i root
    root=$(cgroup2_root) || return 0
    d=$root/$CG
    for i in $(seq 1 20); do
        [ -d "$d" ] || return 0
        find "$d" -depth -type d -exec rmdir {} + 2>/dev/null || true
        sleep 0.1
    done
    log "WARNING: could not remove cgroup $d (processes still inside?)"
}

# demo DC/OS-like unit tree
write_fixtures() {
    local d=$1/etc/systemd/system
    mkdir -p "$d/dcos.target.wants"
    cat >"$d/dcos.target" <<'EOF'
[Unit]
Description=DC/OS target (test fixture)
EOF
    cat >"$d/dcos-mesos-slave.service" <<'EOF'
[Unit]
Description=Mesos Agent (test fixture)
[Service]
ExecStart=/bin/sleep infinity
[Install]
WantedBy=dcos.target
EOF
    cat >"$d/dcos-logrotate-agent.service" <<'EOF'
[Unit]
Description=Logrotate agent (test fixture)
[Service]
Type=oneshot
ExecStart=/bin/true
EOF
    cat >"$d/dcos-logrotate-agent.timer" <<'EOF'
[Unit]
Description=Logrotate agent timer (test fixture)
[Timer]
OnUnitActiveSec=2min
OnBootSec=1s
[Install]
WantedBy=dcos.target
EOF
    cat >"$d/dcos-broken.service" <<'EOF'
[Unit]
Description=Always failing unit (test fixture)
[Service]
ExecStart=/bin/false
[Install]
WantedBy=dcos.target
EOF
    cat >"$d/dcos-metrics-agent.socket" <<'EOF'
[Unit]
Description=Metrics agent socket (test fixture)
[Socket]
ListenStream=/run/dcos/dcos-metrics-agent.sock
[Install]
WantedBy=dcos.target
EOF
    cat >"$d/dcos-metrics-agent.service" <<'EOF'
[Unit]
Description=Metrics agent (test fixture, socket-activated)
[Service]
ExecStart=/bin/sleep infinity
EOF
    cat >"$d/dcos-calendar-fixture.service" <<'EOF'
[Unit]
Description=Calendar-timer job (test fixture)
[Service]
Type=oneshot
ExecStart=/bin/true
EOF
    cat >"$d/dcos-calendar-fixture.timer" <<'EOF'
[Unit]
Description=Calendar timer (test fixture)
[Timer]
OnCalendar=*-*-* 03:00:00
[Install]
WantedBy=dcos.target
EOF
    local u
    for u in dcos-mesos-slave.service dcos-logrotate-agent.timer dcos-broken.service \
        dcos-metrics-agent.socket dcos-calendar-fixture.timer; do
        ln -sfn "../$u" "$d/dcos.target.wants/$u"
    done
}

# ---- stage 1: PID 1 of the new pid namespace, still in the host's cgroup namespace --------
inner() {
    # move ourselves (pid 1 here) into the harness cgroup, then make that cgroup the root of
    # a new cgroup namespace; the outer unshare process stays where it was, so the harness
    # cgroup only ever contains processes of this namespace.
    echo 1 >"$CGDIR/cgroup.procs"
    exec unshare --cgroup /bin/bash "$SELF" __inner2 "$STATE" "$1"
}

# ---- stage 2: PID 1, in new pid+mount+net+ipc+uts+cgroup namespaces; build root, exec systemd
inner2() {
    local ov=$1 R=$STATE/root l n
    mount -t tmpfs -o mode=0755 sdtest-root "$R"
    mkdir -p "$R"/{usr,etc,proc,sys,dev,run,tmp,var,root}
    chmod 1777 "$R/tmp"
    for l in bin sbin lib lib32 lib64 libx32; do
        if [ -L "/$l" ]; then ln -s "$(readlink "/$l")" "$R/$l"; fi
    done
    mount --bind /usr "$R/usr"
    mount -o remount,bind,ro "$R/usr"
    # writable private /etc: copy of the host's, minus its units and fstab
    cp -a /etc/. "$R/etc/"
    rm -rf "$R/etc/systemd/system"
    mkdir -p "$R/etc/systemd/system"
    : >"$R/etc/fstab"
    cp -a "$ov/." "$R/"
    cat >"$R/etc/systemd/system/sdtest.target" <<EOF
[Unit]
Description=sdtest harness boot target
Wants=dbus.socket $BOOT_WANTS
EOF
    # /proc of the new pid ns, /proc/sys read-only; /sys read-only (own netns => own sysfs
    # superblock); a fresh cgroup2 mount whose root is our cgroup namespace. Never bind the
    # host's /sys/fs/cgroup tmpfs: systemd remounts it read-only and mounts extra v1
    # hierarchies into it, which changes the HOST's /sys/fs/cgroup (shared superblock).
    mount -t proc -o nosuid,nodev,noexec proc "$R/proc"
    mount --bind "$R/proc/sys" "$R/proc/sys"
    mount -o remount,bind,ro "$R/proc/sys"
    mount -t sysfs -o ro,nosuid,nodev,noexec sysfs "$R/sys"
    mount -t cgroup2 -o nosuid,nodev,noexec cgroup2 "$R/sys/fs/cgroup"
    # minimal private /dev (no /dev/kmsg, no host disks, /dev/console = /dev/null)
    mount -t tmpfs -o mode=0755,nosuid sdtest-dev "$R/dev"
    for n in null zero full random urandom tty; do
        : >"$R/dev/$n"
        mount --bind "/dev/$n" "$R/dev/$n"
    done
    mkdir -p "$R/dev/pts" "$R/dev/shm"
    mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 devpts "$R/dev/pts"
    ln -s pts/ptmx "$R/dev/ptmx"
    mount -t tmpfs -o mode=1777,nosuid,nodev sdtest-shm "$R/dev/shm"
    ln -s /proc/self/fd "$R/dev/fd"
    ln -s /proc/self/fd/0 "$R/dev/stdin"
    ln -s /proc/self/fd/1 "$R/dev/stdout"
    ln -s /proc/self/fd/2 "$R/dev/stderr"
    : >"$R/dev/console"
    mount --bind /dev/null "$R/dev/console"
    cd "$R"
    # container=… makes systemd run in container mode (no clock setting, no kmsg logging,
    # ConditionVirtualization=!container units skipped). Drop CAP_SYS_MODULE/CAP_SYS_TIME
    # so nothing inside can load kernel modules or set the host clock.
    exec env -i container=sdtest PATH=/usr/sbin:/usr/bin:/sbin:/bin \
        setpriv --bounding-set -sys_module,-sys_time \
        chroot "$R" /lib/systemd/systemd --system --unit=sdtest.target \
        --log-target=journal --show-status=no
}

# pid of unshare if it is ours (guards against a recycled pid)
our_unshare_pid() {
    local upid
    upid=$(cat "$STATE/unshare.pid" 2>/dev/null) || return 1
    [ -n "$upid" ] && [ -r "/proc/$upid/cmdline" ] || return 1
    tr '\0' ' ' <"/proc/$upid/cmdline" | grep -qF -- "__inner $STATE " || return 1
    echo "$upid"
}

ns_pid1() {  # host pid of the namespace's PID 1
    local upid=$1
    cat "/proc/$upid/task/$upid/children" 2>/dev/null | awk '{print $1}'
}

populated() { grep -q '^populated 1' "$1/cgroup.events" 2>/dev/null; }
alive() { [ -r "/proc/$1/status" ] && ! grep -q '^State:[[:space:]]*Z' "/proc/$1/status" 2>/dev/null; }  # zombies count as dead

# Stop via the harness cgroup, not via remembered pids: it holds exactly the namespace's
# processes, also when the outer unshare process was killed or the state dir is gone.
stop() {
    local root d spid upid i
    if root=$(cgroup2_root) && d=$root/$CG && [ -d "$d" ]; then
        spid=$(cat "$STATE/systemd.pid" 2>/dev/null || true)
        if [ -z "$spid" ] || ! grep -q "^0::/$CG/" "/proc/$spid/cgroup" 2>/dev/null; then
            spid=$(head -n1 "$d/init.scope/cgroup.procs" 2>/dev/null || true)
        fi
        if [ -n "$spid" ]; then kill -s RTMIN+4 "$spid" 2>/dev/null || true; fi  # orderly poweroff
        for i in $(seq 1 100); do populated "$d" || break; sleep 0.1; done
        if populated "$d"; then
            log "no orderly poweroff within 10s; killing everything in cgroup $CG"
            if [ -e "$d/cgroup.kill" ]; then echo 1 >"$d/cgroup.kill"
            else find "$d" -name cgroup.procs -exec cat {} + | xargs -r kill -KILL 2>/dev/null || true; fi
            for i in $(seq 1 50); do populated "$d" || break; sleep 0.1; done
        fi
    fi
    # the outer unshare process exits by itself once the namespace's PID 1 is gone
    if upid=$(our_unshare_pid); then
        for i in $(seq 1 20); do alive "$upid" || break; sleep 0.1; done
        kill -KILL "$upid" 2>/dev/null || true
    fi
    remove_cgroups
    # the private root is only mounted inside the (now dead) namespace; be defensive anyway
    if grep -qF " $STATE/" /proc/self/mountinfo; then umount -R -l "$STATE/root" 2>/dev/null || true; fi
    if [ -e "$STATE/.real-systemd-harness" ]; then rm -rf "$STATE"; fi   # only a dir we created
}

start() {
    local ov=${1:-} upid spid d t0 t1 state
    [ "$(id -u)" = 0 ] || die "must run as root"
    for d in unshare nsenter setpriv chroot dbus-daemon; do
        command -v "$d" >/dev/null || die "missing $d (apt-get install util-linux coreutils dbus)"
    done
    [ -x /lib/systemd/systemd ] || die "missing /lib/systemd/systemd (apt-get install systemd)"
    [ -r /proc/self/task/$$/children ] || die "kernel lacks /proc/PID/task/TID/children"
    cgroup2_root >/dev/null || die "no cgroup2 hierarchy at /sys/fs/cgroup or /sys/fs/cgroup/unified"
    if [ -d "$STATE" ] && [ ! -e "$STATE/.real-systemd-harness" ] && [ -n "$(ls -A "$STATE")" ]; then
        die "refusing to use non-empty $STATE that this harness did not create"
    fi
    stop    # idempotent: clean up whatever a previous (crashed) run left behind
    mkdir -p "$STATE/root"
    : >"$STATE/.real-systemd-harness"
    if [ -z "$ov" ]; then ov=$STATE/fixtures; write_fixtures "$ov"; fi
    ov=$(readlink -f "$ov")
    [ -d "$ov" ] || die "overlay dir $ov does not exist"
    : >"$STATE/setup.log"
    CGDIR=$(cgroup2_root)/$CG
    mkdir -p "$CGDIR"
    t0=$(date +%s%N)
    (
        export STATE CGDIR
        # --kill-child: if unshare dies (even by SIGKILL), the namespace's PID 1 gets SIGKILL
        # (PR_SET_PDEATHSIG) and the kernel then kills every process of the pid namespace.
        exec unshare --pid --fork --kill-child --mount --propagation private \
            --net --ipc --uts /bin/bash "$SELF" __inner "$STATE" "$ov"
    ) </dev/null >>"$STATE/setup.log" 2>&1 &
    upid=$!
    echo "$upid" >"$STATE/unshare.pid"
    spid=
    for _ in $(seq 1 $((TIMEOUT * 10))); do
        alive "$upid" || break
        spid=$(ns_pid1 "$upid")
        if [ -n "$spid" ] && [ "$(cat "/proc/$spid/comm" 2>/dev/null)" = systemd ] &&
            [ -S "/proc/$spid/root/run/systemd/private" ]; then break; fi
        spid=
        sleep 0.1
    done
    if [ -z "$spid" ]; then
        log "systemd did not come up; setup log:"; tail -n 50 "$STATE/setup.log" >&2 || true
        stop; die "boot failed"
    fi
    echo "$spid" >"$STATE/systemd.pid"
    state=$(timeout "$TIMEOUT" nsenter -t "$spid" -m -p -n -i -u -r -w -- \
        systemctl is-system-running --wait 2>/dev/null || true)
    case "$state" in
    running | degraded) ;;
    *)
        log "system state '$state'; setup log, failed units and journal:"
        tail -n 50 "$STATE/setup.log" >&2 || true
        nsenter -t "$spid" -m -p -n -i -u -r -w -- sh -c \
            'systemctl --no-pager --failed; journalctl -b --no-pager -n 80' >&2 || true
        stop; die "boot did not finish" ;;
    esac
    for _ in $(seq 1 $((TIMEOUT * 10))); do
        [ -S "/proc/$spid/root/run/dbus/system_bus_socket" ] && break
        sleep 0.1
    done
    [ -S "/proc/$spid/root/run/dbus/system_bus_socket" ] || { stop; die "no system bus socket"; }
    t1=$(date +%s%N)
    ln -sfn "/proc/$spid/root" "$STATE/rootfs"
    ln -sfn "/proc/$spid/root/run/dbus/system_bus_socket" "$STATE/system_bus_socket"
    cat >"$STATE/env" <<EOF
SDTEST_STATE=$STATE
SDTEST_PID=$spid
SDTEST_ROOT=$STATE/rootfs
SDTEST_SYSTEMD_PRIVATE=$STATE/rootfs/run/systemd/private
DBUS_SYSTEM_BUS_ADDRESS=unix:path=$STATE/system_bus_socket
EOF
    log "systemd up (pid $spid, state $state) in $(((t1 - t0) / 1000000)) ms"
    cat "$STATE/env"
}

cmd=${1:-}
shift || true
case "$cmd" in
__inner)
    STATE=$1; inner "$2" ;;
__inner2)
    STATE=$1; inner2 "$2" ;;
start) start "${1:-}" ;;
stop) stop ;;
exec)
    spid=$(cat "$STATE/systemd.pid" 2>/dev/null) || die "not started"
    exec nsenter -t "$spid" -m -p -n -i -u -r -w -- "$@" ;;
run)
    ov=
    if [ "${1:-}" != "--" ]; then ov=${1:-}; shift || true; fi
    [ "${1:-}" = "--" ] && shift
    [ $# -gt 0 ] || die "usage: $0 run [OVERLAY_DIR] -- CMD [ARGS...]"
    trap 'stop' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    start "$ov" >/dev/null
    set -a; . "$STATE/env"; set +a
    # run CMD in the background and `wait`, so INT/TERM are handled at once (bash would
    # otherwise defer the trap until a foreground CMD finishes); stop runs from the EXIT trap
    "$@" <&0 &
    child=$!
    trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 130' INT
    trap 'kill -TERM "$child" 2>/dev/null; wait "$child"; exit 143' TERM
    rc=0; wait "$child" || rc=$?
    exit "$rc" ;;
fixtures) write_fixtures "${1:?usage: $0 fixtures DIR}" ;;
*) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$SELF"; exit 2 ;;
esac
