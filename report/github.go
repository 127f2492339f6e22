package report

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
)

// GitHub writes the report as GitHub Actions workflow commands: one
// annotation per active finding, most severe first,
//
//	::error file=PATH,title=ID TITLE::MESSAGE
//
// (critical and high are errors, medium warnings, low and info notices;
// no file= when the finding has no path), then one plain line counting the
// findings, which the runner prints to the log as it is, then what shaped
// the scan and which rules passed or were not run, folded under a
// ::group::. Waived findings are not annotated; the count says how many
// there are.
//
// GitHub shows the first ten annotations of each level per step, hence the
// order. Paths are relative to the scanned root, so GitHub lists the
// annotations with the run but can place them in a file of the repository
// only when the root is the checkout.
type GitHub struct{}

// Write renders r to w.
func (GitHub) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	active, _ := splitWaived(bySeverity(r.Findings))
	for _, f := range active {
		if err := writeAnnotation(bw, f, strings.TrimSpace(f.RuleID+" "+cmp.Or(f.Title, ruleTitle(r, f.RuleID)))); err != nil {
			return err
		}
	}
	// Plain text, not a command: a summary for whoever reads the log.
	fmt.Fprintf(bw, "%s: %s\n", strings.TrimSpace("dcos-audit "+cell(r.Node.Hostname)), summaryLine(r.Findings))
	writeGitHubFixed(bw, r.Provenance, r.Fixed)
	// What shaped the scan, folded in the log under one line.
	if facts := provenanceFacts(r); len(facts) > 0 {
		bw.WriteString("::group::" + githubData("dcos-audit provenance") + "\n")
		for _, f := range facts {
			fmt.Fprintf(bw, "%s: %s\n", f.label, cell(f.value))
		}
		if passed := rulesWithStatus(r, RulePassed); len(passed) > 0 {
			fmt.Fprintf(bw, "Passed: %s\n", cell(strings.Join(passed, " ")))
		}
		reasons, ids := notRunByReason(r)
		for _, reason := range reasons {
			fmt.Fprintf(bw, "Not run (%s): %s\n", cell(reason), cell(strings.Join(ids[reason], " ")))
		}
		bw.WriteString("::endgroup::\n")
	}
	return bw.Flush()
}

// WriteCluster renders a cluster scan: a command per active finding of
// every node and of the cluster rules, most severe first, its title naming
// the node; then the counts and what shaped the scan.
func (GitHub) WriteCluster(w io.Writer, c *Cluster) error {
	rules := &Report{Rules: slices.Concat(c.NodeRules, c.Rules)}
	slices.SortFunc(rules.Rules, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	bw := bufio.NewWriter(w)
	all := bySeverity(c.AllFindings())
	active, _ := splitWaived(all)
	for _, f := range active {
		title := strings.TrimSpace(f.RuleID + " " + cmp.Or(f.Title, ruleTitle(rules, f.RuleID)) + " (" + cmp.Or(f.Node, "cluster") + ")")
		if err := writeAnnotation(bw, f, title); err != nil {
			return err
		}
	}
	fmt.Fprintf(bw, "dcos-audit cluster %s (%d nodes): %s\n", cell(clusterName(c)), len(c.Nodes), summaryLine(all))
	writeGitHubFixed(bw, c.Provenance, c.Fixed)
	bw.WriteString("::group::" + githubData("dcos-audit provenance") + "\n")
	for _, f := range provenanceFacts(&Report{Tool: c.Tool, Provenance: c.Provenance}) {
		fmt.Fprintf(bw, "%s: %s\n", f.label, cell(f.value))
	}
	for _, n := range c.Nodes {
		if n.Error != "" {
			fmt.Fprintf(bw, "Not read: %s: %s\n", cell(n.Name), cell(n.Error))
		}
	}
	bw.WriteString("::endgroup::\n")
	return bw.Flush()
}

// writeGitHubFixed says in the log, in plain text, which findings of the
// --baseline report are gone, when there was a baseline.
func writeGitHubFixed(bw *bufio.Writer, p Provenance, fixed []Finding) {
	if !baselined(p) {
		return
	}
	if len(fixed) == 0 {
		fmt.Fprintln(bw, "Fixed since the baseline: none.")
		return
	}
	var gone []string
	for _, f := range fixed {
		gone = append(gone, strings.TrimSpace(f.RuleID+" "+cmp.Or(f.Node, "cluster")+" "+f.Unit))
	}
	fmt.Fprintf(bw, "Fixed since the baseline: %d: %s\n", len(fixed), cell(strings.Join(gone, "; ")))
}

// writeAnnotation writes the workflow command of an active finding: its
// level, the file when it has a path, the title and the message.
func writeAnnotation(bw *bufio.Writer, f Finding, title string) error {
	cmd, err := githubCommand(f.Severity)
	if err != nil {
		return fmt.Errorf("finding of rule %s: %w", f.RuleID, err)
	}
	bw.WriteString("::" + cmd + " ")
	if f.Path != "" {
		bw.WriteString("file=" + githubProperty(f.Path) + ",")
	}
	bw.WriteString("title=" + githubProperty(title+baselineNote(f)) + "::" + githubData(cmp.Or(f.Message, title)) + "\n")
	return nil
}

func ruleTitle(r *Report, id string) string {
	rule, _ := r.Rule(id)
	return rule.Title
}

// githubCommand is the workflow command of a severity.
func githubCommand(s Severity) (string, error) {
	switch s {
	case Critical, High:
		return "error", nil
	case Medium:
		return "warning", nil
	case Low, Info:
		return "notice", nil
	}
	return "", fmt.Errorf("invalid severity %d", int(s))
}

// githubData escapes a command's message as the runner expects
// (actions/toolkit, packages/core/src/command.ts escapeData), so that a
// line break cannot end the command and start another. The runner decodes
// only these, and the log shows the rest as it is: other controls are
// escaped (Printable) first.
func githubData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(printable(s, "\r\n"))
}

// githubProperty escapes a property value (escapeProperty): as
// githubData, and also ':' and ',', which separate the properties.
func githubProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(printable(s, "\r\n"))
}
