// Package report is the model of a scan's outcome and its renderers, one
// file per output format. It knows nothing about policies or how findings
// were made, and renderers never decide exit codes.
package report

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// SchemaVersion is the version of the JSON report document.
const SchemaVersion = 1

// Severity is how much a finding matters; the zero value is invalid.
type Severity int

// Severities, in increasing order.
const (
	Info Severity = iota + 1
	Low
	Medium
	High
	Critical
)

var severityNames = []string{"", "info", "low", "medium", "high", "critical"}

// Severities lists every severity from lowest to highest.
func Severities() []Severity { return []Severity{Info, Low, Medium, High, Critical} }

func (s Severity) String() string {
	if s < Info || s > Critical {
		return fmt.Sprintf("Severity(%d)", int(s))
	}
	return severityNames[s]
}

// ParseSeverity reads a severity name (case-insensitive).
func ParseSeverity(name string) (Severity, error) {
	i := slices.Index(severityNames, strings.ToLower(name))
	if i < 1 {
		return 0, fmt.Errorf("unknown severity %q (valid: info, low, medium, high, critical)", name)
	}
	return Severity(i), nil
}

// MarshalText writes the severity's name.
func (s Severity) MarshalText() ([]byte, error) {
	if s < Info || s > Critical {
		return nil, fmt.Errorf("invalid severity %d", int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a severity name.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// Report is the outcome of one scan of one node.
type Report struct {
	SchemaVersion int     `json:"schema_version"`
	Tool          Tool    `json:"tool"`
	Source        Source  `json:"source"`
	Node          Node    `json:"node"`
	Profile       Profile `json:"profile"`
	Summary       Summary `json:"summary"`
	// Findings are sorted by rule id, unit, path and message.
	Findings []Finding `json:"findings"`
	// Rules is every rule loaded, sorted by id, each with its Status:
	// what was checked, what passed, and what was not run and why.
	Rules []Rule `json:"rules"`
	// Provenance is what shaped the report besides the node: the catalog,
	// the rule selection, the site's inputs, the gate.
	Provenance Provenance `json:"provenance"`
	// Units are the names of the units the node wants, for the HTML
	// report's matrix; the JSON report leaves them to the snapshot.
	Units []string `json:"-"`
	// Fixed are the findings of the --baseline report that this scan no
	// longer finds; absent without a baseline.
	Fixed []Finding `json:"fixed,omitempty"`
	// Duration is how long the audit took, from its start to this report:
	// a metric only, so that a JSON report stays reproducible from its
	// snapshot.
	Duration time.Duration `json:"-"`
}

// Provenance records every input that shaped a report, so that a clean
// report can be told from a hollowed-out one.
type Provenance struct {
	// CatalogVersion identifies the expectations the node was compared
	// against, the component catalog after --data overrides and the shipped
	// unit content: "sha256:<hex>" of that data.
	CatalogVersion string `json:"catalog_version"`
	// FailOn is the --fail-on gate: a severity name, or "none".
	FailOn    string    `json:"fail_on"`
	Selection Selection `json:"selection"`
	// Inputs are the site's files, in order: --policy directories, --data
	// files, then the --waivers file.
	Inputs []Input `json:"inputs"`
}

// Selection is the operator's choice of rules.
type Selection struct {
	Rules     []string `json:"rules,omitempty"`
	SkipRules []string `json:"skip_rules,omitempty"`
	NoBuiltin bool     `json:"no_builtin,omitempty"`
}

// Input is one file or directory that shaped a scan.
type Input struct {
	// Kind is "policy", "data", "waivers" or "baseline".
	Kind string `json:"kind"`
	Path string `json:"path"`
	// SHA256 is the hex digest of the file; for a directory, of its
	// files' relative paths and contents in path order.
	SHA256 string `json:"sha256"`
}

// Rule statuses.
const (
	RuleFailed = "failed"  // it produced findings (waived or not)
	RulePassed = "passed"  // it was evaluated on the facts it needs and produced none
	RuleNotRun = "not_run" // deselected, or the source lacks the facts it needs (Reason)
)

// Tool names the program that produced the report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	// Commit is the VCS commit the binary was built from, where stamped.
	Commit string `json:"commit,omitempty"`
	URI    string `json:"uri"`
}

// Source says what was scanned.
type Source struct {
	Kind   string `json:"kind"`
	Target string `json:"target"`
	// Digest identifies an image source ("sha256:...").
	Digest     string    `json:"digest,omitempty"`
	GatheredAt time.Time `json:"gathered_at"`
}

// Node is what the report says about the scanned node.
type Node struct {
	Hostname string `json:"hostname"`
	// IP is the node's address where the source records one.
	IP      string   `json:"ip,omitempty"`
	Roles   []string `json:"roles"`
	Version string   `json:"version"`
}

// Profile is the catalog profile the policies compared the node against.
type Profile struct {
	// Role is the role whose expectations were used; empty when none could
	// be determined.
	Role string `json:"role"`
	// DCOSVersion is the node's DC/OS version as recorded or given.
	DCOSVersion string `json:"dcos_version"`
	// CatalogVersion is the catalog release whose unit set was used; it
	// differs from DCOSVersion when the node runs a release the catalog
	// does not list (a later patch release is compared with the last known).
	CatalogVersion string `json:"catalog_version"`
	// Note explains how the profile was chosen.
	Note string `json:"note"`
}

// Summary counts the findings. A waived finding counts in Total and
// Waived only: BySeverity counts the active findings, so its values add up
// to Total - Waived.
type Summary struct {
	// Total is the number of findings, waived ones included.
	Total int `json:"total"`
	// Waived is the number of findings a waiver covers.
	Waived int `json:"waived"`
	// BySeverity counts the active (not waived) findings per severity; it
	// has every severity as a key, zeros included.
	BySeverity map[string]int `json:"by_severity"`
}

// Finding is one deviation, or one thing that could not be checked.
type Finding struct {
	RuleID   string   `json:"rule_id"`
	Severity Severity `json:"severity"`
	Title    string   `json:"title"`
	Message  string   `json:"message"`
	// Node is the node's hostname.
	Node string `json:"node"`
	// Unit is the unit the finding concerns, if any.
	Unit string `json:"unit,omitempty"`
	// Path is the evidence, relative to the scanned root.
	Path        string `json:"path,omitempty"`
	Remediation string `json:"remediation"`
	// Waived is true when a waiver covers the finding: it is still
	// reported, but it does not count for the severity counts of the
	// summary nor for --fail-on. Absent from JSON when false.
	Waived bool `json:"waived,omitempty"`
	// Waiver is the waiver that covers the finding; nil unless Waived.
	Waiver *Waiver `json:"waiver,omitempty"`
	// Baseline is "new" or "unchanged" against the report given with
	// --baseline (matched by Fingerprint); absent without one.
	Baseline string `json:"baseline,omitempty"`
}

// Waiver is the accepted exception that covers a waived finding, as written
// in the waivers file.
type Waiver struct {
	// Justification says why the finding is accepted.
	Justification string `json:"justification"`
	// Owner answers for the exception.
	Owner string `json:"owner"`
	// Expires is the last day the waiver applies, YYYY-MM-DD (UTC).
	Expires string `json:"expires"`
	// Source is where the waiver is written, FILE:LINE.
	Source string `json:"source"`
}

// Rule describes a rule, from its METADATA.
type Rule struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Severity    Severity `json:"severity"`
	Description string   `json:"description"`
	Remediation string   `json:"remediation"`
	HelpURI     string   `json:"help_uri,omitempty"`
	Tags        []string `json:"tags"`
	// Live rules judge runtime state: they can fire only on a live scan
	// (Needs holds runtime_state).
	Live bool `json:"live,omitempty"`
	// Needs are the facts the rule judges beyond the node's role, release
	// and wanted units: "files" (unit files, links, referenced files, node
	// configuration) and "runtime_state" (systemd's, live). A source that
	// cannot provide one leaves the rule not run.
	Needs []string `json:"needs,omitempty"`
	// Area is the rule's package area (rules.<area>.<name>): units,
	// timers, security, ...
	Area string `json:"area"`
	// Status is RuleFailed, RulePassed or RuleNotRun.
	Status string `json:"status"`
	// Reason says why a rule was not run.
	Reason string `json:"reason,omitempty"`
}

// Summarize counts findings: all of them, the waived ones, and the active
// ones by severity. It is the one place that decides what counts.
func Summarize(findings []Finding) Summary {
	s := Summary{Total: len(findings), BySeverity: map[string]int{}}
	for _, sev := range Severities() {
		s.BySeverity[sev.String()] = 0
	}
	for _, f := range findings {
		if f.Waived {
			s.Waived++
			continue
		}
		s.BySeverity[f.Severity.String()]++
	}
	return s
}

// SortFindings puts findings in the report's stable order.
func SortFindings(findings []Finding) {
	slices.SortFunc(findings, func(a, b Finding) int {
		return cmpStrings(
			[]string{a.RuleID, a.Unit, a.Path, a.Message},
			[]string{b.RuleID, b.Unit, b.Path, b.Message})
	})
}

func cmpStrings(a, b []string) int {
	for i := range a {
		if c := strings.Compare(a[i], b[i]); c != 0 {
			return c
		}
	}
	return 0
}

// CountAtOrAbove returns how many active (not waived) findings have
// severity least or above. It counts the findings, not r.Summary, which
// may be stale.
func (r *Report) CountAtOrAbove(least Severity) int {
	s := Summarize(r.Findings)
	n := 0
	for _, sev := range Severities() {
		if sev >= least {
			n += s.BySeverity[sev.String()]
		}
	}
	return n
}

// Rule returns the catalog entry of a rule id.
func (r *Report) Rule(id string) (Rule, bool) {
	i, ok := slices.BinarySearchFunc(r.Rules, id, func(r Rule, id string) int {
		return strings.Compare(r.ID, id)
	})
	if !ok {
		return Rule{}, false
	}
	return r.Rules[i], true
}

// Read decodes a JSON report, rejecting unknown fields.
func Read(b []byte) (*Report, error) {
	var r Report
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("decode report: %w", err)
	}
	return &r, nil
}
