package report

import (
	"encoding/json"
	"fmt"
	"slices"
)

// Baseline states of a finding (Finding.Baseline).
const (
	BaselineNew       = "new"
	BaselineUnchanged = "unchanged"
)

// Fingerprint identifies a finding across scans and machines: its rule,
// node, unit and path (its message only when it has neither unit nor
// path), so that a reworded message is the same finding. SARIF's
// partialFingerprints carry it too.
func Fingerprint(f Finding) string { return fingerprint(f, f.Node) }

// ReadFindings reads the findings of a previous JSON report: a node's
// (schema_version 1) or a cluster's (2: every node's and the cluster's).
func ReadFindings(b []byte) ([]Finding, error) {
	var doc struct {
		SchemaVersion *int      `json:"schema_version"`
		Findings      []Finding `json:"findings"`
		Nodes         []struct {
			Findings []Finding `json:"findings"`
		} `json:"nodes"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("not a dcos-audit JSON report: %w", err)
	}
	if doc.SchemaVersion == nil || (*doc.SchemaVersion != SchemaVersion && *doc.SchemaVersion != ClusterSchemaVersion) {
		return nil, fmt.Errorf("not a dcos-audit JSON report (schema_version %d or %d): write one with --format json",
			SchemaVersion, ClusterSchemaVersion)
	}
	all := doc.Findings
	for _, n := range doc.Nodes {
		all = append(all, n.Findings...)
	}
	return all, nil
}

// CompareBaseline marks each finding new or unchanged against the
// previous ones and returns the previous findings no longer found.
func CompareBaseline(findings []Finding, previous []Finding) (fixed []Finding) {
	before := make(map[string]bool, len(previous))
	for _, f := range previous {
		before[Fingerprint(f)] = true
	}
	now := make(map[string]bool, len(findings))
	for i := range findings {
		fp := Fingerprint(findings[i])
		now[fp] = true
		findings[i].Baseline = BaselineNew
		if before[fp] {
			findings[i].Baseline = BaselineUnchanged
		}
	}
	for _, f := range previous {
		if !now[Fingerprint(f)] {
			f.Baseline = ""
			fixed = append(fixed, f)
		}
	}
	SortFindings(fixed)
	return fixed
}

// CountNewAtOrAbove counts the active findings of at least severity least
// that the baseline did not have: what --fail-on-new gates on.
func CountNewAtOrAbove(findings []Finding, least Severity) int {
	n := 0
	for _, f := range findings {
		if !f.Waived && f.Baseline == BaselineNew && f.Severity >= least {
			n++
		}
	}
	return n
}

// baselined reports whether a --baseline report shaped this one: then
// every format says what was fixed, even when nothing was.
func baselined(p Provenance) bool {
	return slices.ContainsFunc(p.Inputs, func(in Input) bool { return in.Kind == "baseline" })
}

// baselineNote is a finding's state against the baseline, for the formats
// that have no field of their own for it (SARIF's baselineState, the
// table's column): " (new since the baseline)", or "" without one.
func baselineNote(f Finding) string {
	if f.Baseline == "" {
		return ""
	}
	return " (" + f.Baseline + " since the baseline)"
}
