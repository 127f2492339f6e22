package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Prometheus writes the report in Prometheus' text exposition format, for
// node_exporter's textfile collector or Telegraf's inputs.file (data_format
// "prometheus"): the active findings by rule, unit and severity, the
// counts by severity (all five, zeros included) and of waived findings,
// the rules by status, when the facts were gathered, how long the scan
// took (when known), and an info metric naming the tool, the release and
// the profile. Every series carries the node's hostname. Messages are not labels: they are text, and would make
// a new series whenever a wording changes.
type Prometheus struct{}

// Write renders r to w.
func (Prometheus) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	node := `node="` + promLabel(r.Node.Hostname) + `"`
	family := func(name, typ, help string) {
		fmt.Fprintf(bw, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}

	family("dcos_audit_findings", "gauge", "Active findings of the scan, by rule, unit and severity.")
	type key struct{ rule, unit, severity string }
	counts := map[key]int{}
	for _, f := range r.Findings {
		if f.Severity < Info || f.Severity > Critical {
			return fmt.Errorf("finding of rule %s: invalid severity %d", f.RuleID, int(f.Severity))
		}
		if !f.Waived {
			counts[key{f.RuleID, f.Unit, f.Severity.String()}]++
		}
	}
	keys := slices.SortedFunc(func(yield func(key) bool) {
		for k := range counts {
			if !yield(k) {
				return
			}
		}
	}, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.rule, b.rule), cmp.Compare(a.unit, b.unit), cmp.Compare(a.severity, b.severity))
	})
	for _, k := range keys {
		fmt.Fprintf(bw, "dcos_audit_findings{%s,rule=\"%s\",unit=\"%s\",severity=\"%s\"} %d\n",
			node, promLabel(k.rule), promLabel(k.unit), k.severity, counts[k])
	}

	s := Summarize(r.Findings)
	family("dcos_audit_findings_by_severity", "gauge", "Active findings of the scan by severity, what --fail-on looks at.")
	for _, sev := range Severities() {
		fmt.Fprintf(bw, "dcos_audit_findings_by_severity{%s,severity=\"%s\"} %d\n", node, sev, s.BySeverity[sev.String()])
	}
	family("dcos_audit_findings_waived", "gauge", "Findings of the scan that a waiver covers.")
	fmt.Fprintf(bw, "dcos_audit_findings_waived{%s} %d\n", node, s.Waived)
	if baselined(r.Provenance) {
		states := map[string]int{BaselineNew: 0, BaselineUnchanged: 0, "fixed": len(r.Fixed)}
		for _, f := range r.Findings {
			if !f.Waived {
				states[f.Baseline]++
			}
		}
		family("dcos_audit_findings_baseline", "gauge", "Against the --baseline report: active findings new or unchanged, and its findings fixed.")
		for _, state := range []string{BaselineNew, BaselineUnchanged, "fixed"} {
			fmt.Fprintf(bw, "dcos_audit_findings_baseline{%s,state=\"%s\"} %d\n", node, state, states[state])
		}
	}

	family("dcos_audit_rules", "gauge", "Rules of the scan by status: failed, passed, not_run.")
	for _, status := range []string{RuleFailed, RulePassed, RuleNotRun} {
		n := 0
		for _, rule := range r.Rules {
			if rule.Status == status {
				n++
			}
		}
		fmt.Fprintf(bw, "dcos_audit_rules{%s,status=\"%s\"} %d\n", node, status, n)
	}

	family("dcos_audit_scan_success", "gauge", "1: the scan completed and this report was written.")
	fmt.Fprintf(bw, "dcos_audit_scan_success{%s} 1\n", node)
	if !r.Source.GatheredAt.IsZero() {
		family("dcos_audit_scan_timestamp_seconds", "gauge", "When the facts of the scan were gathered, in seconds since the epoch.")
		fmt.Fprintf(bw, "dcos_audit_scan_timestamp_seconds{%s} %d\n", node, r.Source.GatheredAt.Unix())
	}
	if r.Duration > 0 {
		family("dcos_audit_scan_duration_seconds", "gauge", "How long the scan took: gathering the facts, compiling and evaluating the policies.")
		fmt.Fprintf(bw, "dcos_audit_scan_duration_seconds{%s} %s\n", node, strconv.FormatFloat(r.Duration.Seconds(), 'g', -1, 64))
	}

	family("dcos_audit_info", "gauge", "The tool, the node's release and the profile it was compared with; always 1.")
	fmt.Fprintf(bw, "dcos_audit_info{%s,version=\"%s\",commit=\"%s\",dcos_version=\"%s\",role=\"%s\",catalog_version=\"%s\",source=\"%s\"} 1\n",
		node, promLabel(r.Tool.Version), promLabel(r.Tool.Commit), promLabel(r.Node.Version),
		promLabel(r.Profile.Role), promLabel(r.Profile.CatalogVersion), promLabel(r.Source.Kind))
	return bw.Flush()
}

// promLabel escapes a label value as the text format wants (backslash,
// double quote, line feed), after escaping other controls (Printable): a
// node's names must not control a terminal that shows the file.
func promLabel(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(printable(s, "\n"))
}
