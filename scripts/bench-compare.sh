#!/usr/bin/env bash
# Paired whole-process comparisons for issue-style speed figures: one node
# scanned by dcos-audit (from a snapshot and from a root) against conftest
# with the same Rego policies and snapshot, and a live scan against the
# floor (one `systemctl show` of the same units) on a real systemd that the
# test harness boots (root only; BENCH_LIVE=0 leaves it out).
# Prints medians and ratios. Not a test: timings never gate CI.
#
# conftest is not a CI dependency; install it with
#   go install github.com/open-policy-agent/conftest@v0.71.1
# hyperfine is used when present, a plain loop otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make -s build
bin=bin/dcos-audit
root=testdata/fixtures/master-2.2.1/root
$bin gather --root "$root" --output "$work/node.json"

. scripts/conftest-policies.sh
conftest_policies "$work"

# median_ms CMD...: the median wall time of $runs runs, in milliseconds:
# hyperfine's (no shell, 2 warm-up runs) when present, a plain loop's
# otherwise. CMD's words must hold no spaces (hyperfine -N splits them).
median_ms() {
	if command -v hyperfine >/dev/null; then
		hyperfine -N -i -w 2 -r "$runs" --export-json "$work/hyperfine.json" -- "$*" >/dev/null 2>&1
		sed -n 's/^ *"median": *\([0-9.e-]*\),*$/\1/p' "$work/hyperfine.json" | head -1 |
			awk '{printf "%d\n", $1 * 1000 + 0.5}'
		return
	fi
	local times=()
	for _ in $(seq "$runs"); do
		local t0 t1
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || true
		t1=$(date +%s%N)
		times+=($(((t1 - t0) / 1000000)))
	done
	printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

report() { printf '%-44s %6s ms\n' "$1" "$2"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

snap=$(median_ms $bin scan --snapshot "$work/node.json" --format json)
rootms=$(median_ms $bin scan --root "$root" --format json)
report "dcos-audit scan --snapshot (master 2.2.1)" "$snap"
report "dcos-audit scan --root (master 2.2.1)" "$rootms"
if command -v conftest >/dev/null; then
	conf=$(median_ms conftest test --no-color --policy "$work/policy" --data "$work/data" --namespace main "$work/node.json")
	report "conftest test (same policies and snapshot)" "$conf"
	echo "ratio scan --snapshot / conftest: $(ratio "$snap" "$conf")"
	echo "ratio scan --root / conftest:     $(ratio "$rootms" "$conf")"
else
	echo "conftest not found: go install github.com/open-policy-agent/conftest@v0.71.1"
fi
# live: a real systemd booted by the test harness (.ci/real-systemd.sh, root
# only) on the agent-2.2.1 unit tree, with the binary copied into it; both
# commands run inside its namespaces through the same nsenter.
if [ "$(id -u)" = 0 ] && [ -x /lib/systemd/systemd ] && [ "${BENCH_LIVE:-1}" = 1 ]; then
	overlay="$work/overlay"
	cp -a testdata/systemd/agent-2.2.1 "$overlay"
	mkdir -p "$overlay/opt/dcos-audit/bin"
	cp "$bin" "$overlay/opt/dcos-audit/bin/dcos-audit"
	export SDTEST_STATE="$work/sdtest"
	trap 'bash .ci/real-systemd.sh stop >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
	bash .ci/real-systemd.sh start "$overlay" >/dev/null
	pid=$(sed -n 's/^SDTEST_PID=//p' "$SDTEST_STATE/env")
	inside=(nsenter -t "$pid" -m -p -n -i -u -r -w --)
	units=$("${inside[@]}" systemctl show -P Wants dcos.target)
	"${inside[@]}" /opt/dcos-audit/bin/dcos-audit scan --format json --fail-on none >/dev/null # it works, once
	floor=$(median_ms "${inside[@]}" systemctl show $units)
	gather=$(median_ms "${inside[@]}" /opt/dcos-audit/bin/dcos-audit gather --output /dev/stdout)
	live=$(median_ms "${inside[@]}" /opt/dcos-audit/bin/dcos-audit scan --format json)
	report "systemctl show ($(wc -w <<<"$units") wanted units, live)" "$floor"
	report "dcos-audit gather (live)" "$gather"
	report "dcos-audit scan (live)" "$live"
	echo "ratio live gather / systemctl show: $(ratio "$gather" "$floor")"
	echo "ratio live scan / systemctl show:   $(ratio "$live" "$floor")"
else
	echo "live comparison skipped: it needs root and systemd to boot the test harness's manager"
fi
