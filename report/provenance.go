package report

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// fact is one line of what shaped a report, for the text formats; the
// value is raw node or site data, which each format escapes its own way.
type fact struct {
	label, value string
}

// provenanceFacts says what shaped the report besides the node: the
// scanner and its commit, the catalog, the rules and their outcome, the
// operator's selection, the site's inputs and the gate. Every text format
// shows these, so that a clean report can be told from a hollow one.
func provenanceFacts(r *Report) []fact {
	var facts []fact
	add := func(label, value string) {
		if value != "" {
			facts = append(facts, fact{label, value})
		}
	}
	if r.Tool.Version != "" {
		scanner := "dcos-audit " + r.Tool.Version
		if r.Tool.Commit != "" {
			scanner += " (commit " + r.Tool.Commit + ")"
		}
		add("Scanner", scanner)
	}
	add("Catalog", r.Provenance.CatalogVersion)
	add("Rules", ruleCounts(r))
	add("Selection", selectionText(r.Provenance.Selection))
	for _, in := range r.Provenance.Inputs {
		add("Input", fmt.Sprintf("%s %s (sha256 %s)", in.Kind, in.Path, in.SHA256))
	}
	add("Fail on", r.Provenance.FailOn)
	return facts
}

// ruleCounts is "37 in all: 5 failed, 22 passed, 10 not run".
// Reports without rule statuses (written by older releases) have none.
func ruleCounts(r *Report) string {
	if !slices.ContainsFunc(r.Rules, func(rule Rule) bool { return rule.Status != "" }) {
		return ""
	}
	n := map[string]int{}
	for _, rule := range r.Rules {
		n[rule.Status]++
	}
	return fmt.Sprintf("%d in all: %d failed, %d passed, %d not run",
		len(r.Rules), n[RuleFailed], n[RulePassed], n[RuleNotRun])
}

// selectionText is the operator's rule selection as flags, or "all rules".
func selectionText(s Selection) string {
	var parts []string
	for _, p := range s.Rules {
		parts = append(parts, "--rule "+p)
	}
	for _, p := range s.SkipRules {
		parts = append(parts, "--skip-rule "+p)
	}
	if s.NoBuiltin {
		parts = append(parts, "--no-builtin")
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " ")
}

// rulesWithStatus returns the ids of the rules of one status, sorted.
func rulesWithStatus(r *Report, status string) []string {
	var ids []string
	for _, rule := range r.Rules {
		if rule.Status == status {
			ids = append(ids, rule.ID)
		}
	}
	return ids
}

// notRunByReason groups the rules that were not run by why, reasons sorted.
func notRunByReason(r *Report) (reasons []string, ids map[string][]string) {
	ids = map[string][]string{}
	for _, rule := range r.Rules {
		if rule.Status == RuleNotRun {
			reason := cmp.Or(rule.Reason, "not run")
			if ids[reason] == nil {
				reasons = append(reasons, reason)
			}
			ids[reason] = append(ids[reason], rule.ID)
		}
	}
	slices.Sort(reasons)
	return reasons, ids
}
