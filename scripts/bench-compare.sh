#!/usr/bin/env bash
# Paired whole-process comparisons for issue-style speed figures: one node
# scanned by dcos-audit (from a snapshot and from a root) against conftest
# with the same Rego policies and snapshot, and a live gather against the
# floor (one `systemctl show`) when a systemd manager is reachable.
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

# median_ms CMD...: the median wall time of $runs runs, in milliseconds.
median_ms() {
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
if systemctl show --property=Version >/dev/null 2>&1; then
	units=$(systemctl list-dependencies --plain --no-legend dcos.target 2>/dev/null | awk 'NR > 1 {print $1}' | tr '\n' ' ')
	if [ -n "$units" ]; then
		floor=$(median_ms systemctl show $units)
		live=$(median_ms $bin scan --format json)
		report "systemctl show (the wanted units)" "$floor"
		report "dcos-audit scan (live)" "$live"
		echo "ratio live scan / systemctl show: $(ratio "$live" "$floor")"
	fi
fi
