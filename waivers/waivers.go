// Package waivers applies accepted exceptions to a report: it reads a
// waivers file and marks the findings each waiver covers as waived, and
// reports waivers that expired (DCOS-W001) or match nothing (DCOS-W002).
// It never drops a finding: a waived finding stays in the report.
//
// A waivers file is YAML:
//
//	waivers:
//	  - rule: DCOS-U004                  # required: a rule id, exact
//	    node: "agent-*"                  # optional: glob on the node's hostname
//	    unit: "dcos-acme-*.service"      # optional: glob on the finding's unit
//	    justification: Site sidecar, reviewed in SEC-123   # required
//	    owner: platform-team@example.com                    # required
//	    expires: 2027-03-31              # required: YYYY-MM-DD, last day it applies (UTC)
//
// Globs are those of path.Match ("*", "?", "[a-z]", "\\" escapes). Quote
// them: a plain value that starts with "*" is a YAML alias. Without node, a
// waiver applies on every node; without unit, it covers its rule's findings
// whatever their unit, or none; with unit, only findings about a matching
// unit.
package waivers

import (
	"cmp"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/dcos-audit/dcos-audit/report"
)

// The rules of the findings Apply makes, declared in Rules.
const (
	RuleExpired = "DCOS-W001"
	RuleStale   = "DCOS-W002"
)

// dateLayout is how a waivers file writes its expiry dates.
const dateLayout = time.DateOnly

// A Waiver accepts the findings of one rule, optionally only on some nodes
// or for some units, until it expires.
type Waiver struct {
	// Rule is the id of the rule whose findings are waived.
	Rule string
	// Node is a path.Match glob on the node's hostname; empty matches every
	// node.
	Node string
	// Unit is a path.Match glob on the finding's unit; empty matches every
	// finding, one without unit included.
	Unit string
	// Justification says why the findings are accepted.
	Justification string
	// Owner answers for the exception.
	Owner string
	// Expires is the last day the waiver applies, as midnight UTC; it
	// waives through the end of that day.
	Expires time.Time
	// Source is where the waiver is written, FILE:LINE.
	Source string
}

// expired reports whether the waiver has stopped applying at now.
func (w Waiver) expired(now time.Time) bool {
	return !now.Before(w.Expires.AddDate(0, 0, 1))
}

// onNode reports whether the waiver applies on a node of this hostname.
func (w Waiver) onNode(hostname string) bool {
	if w.Node == "" {
		return true
	}
	ok, _ := path.Match(w.Node, hostname)
	return ok
}

// covers reports whether the waiver matches the finding, expiry aside.
func (w Waiver) covers(f report.Finding, hostname string) bool {
	if f.RuleID != w.Rule || !w.onNode(cmp.Or(f.Node, hostname)) {
		return false
	}
	if w.Unit == "" {
		return true
	}
	if f.Unit == "" {
		return false
	}
	ok, _ := path.Match(w.Unit, f.Unit)
	return ok
}

// check is what Load guarantees, for waivers made some other way.
func (w Waiver) check() error {
	for _, g := range []string{w.Node, w.Unit} {
		if _, err := path.Match(g, ""); err != nil {
			return fmt.Errorf("glob %q: %w", g, err)
		}
	}
	switch {
	case w.Rule == "" || w.Expires.IsZero():
		return fmt.Errorf("needs a rule and an expiry date")
	case w.Rule == RuleExpired || w.Rule == RuleStale:
		return fmt.Errorf("rule %s reports on waivers and cannot be waived", w.Rule)
	}
	return nil
}

// describe names the waiver in messages: where it is and what it says.
func (w Waiver) describe() string {
	parts := []string{w.Rule}
	if w.Node != "" {
		parts = append(parts, fmt.Sprintf("node %q", w.Node))
	}
	if w.Unit != "" {
		parts = append(parts, fmt.Sprintf("unit %q", w.Unit))
	}
	parts = append(parts, "owner "+w.Owner)
	return fmt.Sprintf("waiver %s (%s)", w.Source, strings.Join(parts, ", "))
}

// Apply applies the waivers to the report's findings at time now:
//
//   - each finding that an unexpired waiver matches is marked waived by the
//     first such waiver in ws (Finding.Waived and Finding.Waiver);
//   - each expired waiver that applies on this node adds a DCOS-W001
//     finding; the findings it matches stay active;
//   - each unexpired waiver that applies on this node, of a rule the report
//     evaluated, and that matched no finding adds a DCOS-W002 finding.
//
// A waiver applies on this node when it has no node glob or its glob
// matches the report's hostname: a waivers file shared by a fleet does not
// raise findings on nodes it is not about. A rule was evaluated when it is
// in the report's rule list (rep.Rules) and not "not_run"; the waivers of
// rules left out with rule selection are not stale. DCOS-W001 and DCOS-W002
// findings are made only when their rule was evaluated, so that selecting
// rules can turn them off; expired waivers stop waiving all the same.
//
// Apply then sorts the findings and recounts the summary. It returns an
// error, and leaves rep alone, when a waiver is malformed (one that Load
// would refuse).
func Apply(rep *report.Report, ws []Waiver, now time.Time) error {
	if len(ws) == 0 {
		return nil
	}
	for _, w := range ws {
		if err := w.check(); err != nil {
			return fmt.Errorf("apply waivers: waiver %s: %w", w.Source, err)
		}
	}
	host := rep.Node.Hostname
	matched := make([]int, len(ws))
	for i := range rep.Findings {
		f := &rep.Findings[i]
		for j, w := range ws {
			if w.expired(now) || !w.covers(*f, host) {
				continue
			}
			matched[j]++
			if !f.Waived {
				f.Waived = true
				f.Waiver = &report.Waiver{
					Justification: w.Justification,
					Owner:         w.Owner,
					Expires:       w.Expires.Format(dateLayout),
					Source:        w.Source,
				}
			}
		}
	}

	expiredRule, reportExpired := evaluatedRule(rep, RuleExpired)
	staleRule, reportStale := evaluatedRule(rep, RuleStale)
	for j, w := range ws {
		if !w.onNode(host) {
			continue
		}
		switch {
		case w.expired(now) && reportExpired:
			rep.Findings = append(rep.Findings, finding(expiredRule, host, expiredMessage(w, rep)))
		case !w.expired(now) && reportStale && matched[j] == 0 && evaluated(rep, w.Rule):
			rep.Findings = append(rep.Findings, finding(staleRule, host,
				w.describe()+" matches no finding; remove it"))
		}
	}
	report.SortFindings(rep.Findings)
	rep.Summary = report.Summarize(rep.Findings)
	for i, r := range rep.Rules {
		if r.Status == report.RulePassed && slices.ContainsFunc(rep.Findings, func(f report.Finding) bool { return f.RuleID == r.ID }) {
			rep.Rules[i].Status = report.RuleFailed
		}
	}
	return nil
}

// evaluatedRule returns rule id of the report's rule list if it was
// evaluated, not left out by the rule selection.
func evaluatedRule(rep *report.Report, id string) (report.Rule, bool) {
	r, ok := rep.Rule(id)
	return r, ok && r.Status != report.RuleNotRun
}

func evaluated(rep *report.Report, id string) bool {
	_, ok := evaluatedRule(rep, id)
	return ok
}

// expiredMessage says that w expired and what that changes: how many
// findings it matches that no other waiver covers.
func expiredMessage(w Waiver, rep *report.Report) string {
	n := 0
	for _, f := range rep.Findings {
		if !f.Waived && w.covers(f, rep.Node.Hostname) {
			n++
		}
	}
	msg := fmt.Sprintf("%s expired on %s", w.describe(), w.Expires.Format(dateLayout))
	switch n {
	case 0:
		return msg + "; renew it or remove it"
	case 1:
		return msg + "; the finding it covered counts again"
	}
	return fmt.Sprintf("%s; the %d findings it covered count again", msg, n)
}

// finding is a finding of one of the waiver rules. It has no unit and no
// path: it is about the waivers file, not about the node's files.
func finding(rule report.Rule, host, message string) report.Finding {
	return report.Finding{
		RuleID:      rule.ID,
		Severity:    rule.Severity,
		Title:       rule.Title,
		Message:     message,
		Node:        host,
		Remediation: rule.Remediation,
	}
}
