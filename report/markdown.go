package report

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Markdown writes the report for people reviewing a node: a security
// review, a pull-request or issue comment. It has a title with the node's
// name, a table of facts about the scan and what shaped it, the counts,
// then one section per severity that has active findings, most severe
// first, each a table (rule, unit, message, path) followed by what each of
// its rules checks and how to fix it, then the waived findings with their
// waivers, and last the rules that passed or were not run. Every rule is
// described once, under the first table it appears in; the rule ids in the
// tables link to those descriptions.
//
// Values from the node (messages, unit names, paths) are escaped so that
// they read as text: they cannot close a table cell, start a link or
// inject HTML. Rule descriptions and remediations come from the rules'
// METADATA, which may use Markdown, and are written as they are, line
// breaks included; only controls are escaped in them (Printable).
type Markdown struct{}

// Write renders r to w.
func (Markdown) Write(w io.Writer, r *Report) error {
	ew := &errWriter{w: w}
	ew.printf("# dcos-audit report: %s\n\n", mdText(cmp.Or(r.Node.Hostname, "unknown node")))
	writeMarkdownFacts(ew, r)

	if len(r.Findings) == 0 {
		ew.printf("No findings.\n")
		writeMarkdownFixed(ew, r.Provenance, r.Fixed)
		writeMarkdownOutcome(ew, r)
		return ew.err
	}
	total, counts, _ := strings.Cut(summaryLine(r.Findings), ": ")
	ew.printf("**%s:** %s\n", total, counts)

	for _, f := range r.Findings {
		if f.Severity < Info || f.Severity > Critical {
			return fmt.Errorf("finding of rule %s: invalid severity %d", f.RuleID, int(f.Severity))
		}
	}
	described := map[string]bool{}
	active := 0
	for _, sev := range slices.Backward(Severities()) {
		var group []Finding
		for _, f := range r.Findings {
			if !f.Waived && f.Severity == sev {
				group = append(group, f)
			}
		}
		if len(group) == 0 {
			continue
		}
		active += len(group)
		ew.printf("\n## %s (%d)\n\n", severityHeading(sev), len(group))
		ew.printf("| Rule | Unit | Message | Path |\n|---|---|---|---|\n")
		for _, f := range group {
			ew.printf("| %s | %s | %s | %s |\n", mdRuleLink(f.RuleID), mdCode(f.Unit), mdText(f.Message)+baselineNote(f), mdCode(f.Path))
		}
		writeMarkdownRules(ew, r, group, described)
	}
	if active == 0 {
		ew.printf("\nNo active findings.\n")
	}
	writeMarkdownFixed(ew, r.Provenance, r.Fixed)

	var waived []Finding
	for _, f := range r.Findings {
		if f.Waived {
			waived = append(waived, f)
		}
	}
	if len(waived) > 0 {
		ew.printf("\n## Waived (%d)\n\n", len(waived))
		ew.printf("Accepted exceptions: reported, but not counted by severity nor for `--fail-on`.\n\n")
		ew.printf("| Rule | Severity | Unit | Message | Justification | Owner | Expires | Waiver |\n")
		ew.printf("|---|---|---|---|---|---|---|---|\n")
		for _, f := range waived {
			wv := cmp.Or(f.Waiver, &Waiver{})
			ew.printf("| %s | %s | %s | %s | %s | %s | %s | %s |\n", mdRuleLink(f.RuleID), f.Severity,
				mdCode(f.Unit), mdText(f.Message)+baselineNote(f), mdText(wv.Justification), mdText(wv.Owner), mdText(wv.Expires), mdCode(wv.Source))
		}
		writeMarkdownRules(ew, r, waived, described)
	}
	writeMarkdownOutcome(ew, r)
	return ew.err
}

// writeMarkdownFixed lists the findings of the --baseline report that
// this scan no longer finds, when there was a baseline.
func writeMarkdownFixed(ew *errWriter, p Provenance, fixed []Finding) {
	if !baselined(p) {
		return
	}
	ew.printf("\n## Fixed since the baseline (%d)\n\n", len(fixed))
	if len(fixed) == 0 {
		ew.printf("None: every finding of the baseline is still found.\n")
		return
	}
	ew.printf("| Rule | Severity | Unit | Message | Path |\n|---|---|---|---|---|\n")
	for _, f := range fixed {
		ew.printf("| %s | %s | %s | %s | %s |\n", mdRuleLink(f.RuleID), f.Severity, mdCode(f.Unit), mdText(f.Message), mdCode(f.Path))
	}
}

// writeMarkdownOutcome lists the rules that passed and those not run, with
// why: a reviewer sees what was checked, not only what failed.
func writeMarkdownOutcome(ew *errWriter, r *Report) {
	if ruleCounts(r) == "" {
		return
	}
	ew.printf("\n## Rules (%s)\n\n", mdText(ruleCounts(r)))
	ew.printf("| Rule | Title | Status |\n|---|---|---|\n")
	for _, rule := range r.Rules {
		status := mdText(rule.Status)
		switch rule.Status {
		case RuleFailed, "":
			continue // above, with its findings; or unknown
		case RuleNotRun:
			status += ": " + mdText(rule.Reason)
		}
		ew.printf("| %s | %s | %s |\n", mdText(rule.ID), mdText(rule.Title), status)
	}
}

// writeMarkdownFacts writes what was scanned, and against what, as a
// two-column table.
func writeMarkdownFacts(ew *errWriter, r *Report) {
	roles := "none recorded"
	if len(r.Node.Roles) > 0 {
		roles = mdText(strings.Join(r.Node.Roles, ", "))
	}
	profile := "no role"
	if r.Profile.Role != "" {
		profile = "role " + mdText(r.Profile.Role)
	}
	if r.Profile.CatalogVersion != "" {
		profile += ", catalog of DC/OS " + mdText(r.Profile.CatalogVersion)
	}
	source := mdText(cmp.Or(r.Source.Kind, "unknown"))
	if r.Source.Target != "" {
		source += " " + mdCode(r.Source.Target)
	}
	if r.Source.Digest != "" {
		source += " (" + mdCode(r.Source.Digest) + ")"
	}
	rows := [][2]string{
		{"Node", mdText(cmp.Or(r.Node.Hostname, "unknown"))},
		{"Roles", roles},
		{"DC/OS", mdText(cmp.Or(r.Node.Version, "unknown"))},
		{"Profile", profile},
	}
	if r.Profile.Note != "" {
		rows = append(rows, [2]string{"Profile note", mdText(r.Profile.Note)})
	}
	rows = append(rows, [2]string{"Source", source})
	if !r.Source.GatheredAt.IsZero() {
		rows = append(rows, [2]string{"Gathered at", r.Source.GatheredAt.UTC().Format(time.RFC3339)})
	}
	for _, f := range provenanceFacts(r) {
		rows = append(rows, [2]string{f.label, mdText(f.value)})
	}
	ew.printf("| | |\n|---|---|\n")
	for _, row := range rows {
		ew.printf("| %s | %s |\n", row[0], row[1])
	}
	ew.printf("\n")
}

// writeMarkdownRules describes the rules of findings that are not described
// yet, in the order of the findings: the heading is the id (the anchor the
// tables link to, the same on GitHub and GitLab), then title, severity,
// description, remediation and help link.
func writeMarkdownRules(ew *errWriter, r *Report, findings []Finding, described map[string]bool) {
	for _, f := range findings {
		if described[f.RuleID] {
			continue
		}
		described[f.RuleID] = true
		rule, ok := r.Rule(f.RuleID)
		if !ok {
			rule = Rule{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Remediation: f.Remediation}
		}
		ew.printf("\n### %s\n\n**%s** · severity %s\n", mdText(rule.ID), mdText(cmp.Or(rule.Title, rule.ID)), rule.Severity)
		// METADATA is Markdown and may break lines, but it must not
		// control a terminal either.
		if rule.Description != "" {
			ew.printf("\n%s\n", printable(rule.Description, "\t\n"))
		}
		if rule.Remediation != "" {
			ew.printf("\n**Remediation:** %s\n", printable(rule.Remediation, "\t\n"))
		}
		if rule.HelpURI != "" {
			ew.printf("\n**More:** <%s>\n", Printable(rule.HelpURI))
		}
	}
}

func severityHeading(s Severity) string {
	name := s.String()
	return strings.ToUpper(name[:1]) + name[1:]
}

// mdRuleLink is a rule id linking to its description below. GitHub and
// GitLab make a heading's anchor by lower-casing it and dropping
// punctuation other than '-' and '_'.
func mdRuleLink(id string) string {
	anchor := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		case r >= 'A' && r <= 'Z':
			return r + ('a' - 'A')
		case r == ' ':
			return '-'
		}
		return -1
	}, id)
	return "[" + mdText(id) + "](#" + anchor + ")"
}

// mdText escapes a value from the node for a table cell or a line of
// text: Markdown's inline punctuation gets a backslash (so that it cannot
// make emphasis, code, links or HTML, or end the cell), line breaks
// become <br>, and other controls are escaped (Printable), their
// backslash then escaped as Markdown so that it shows.
func mdText(s string) string {
	s = printable(s, "\t\n\r\v\f")
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			b.WriteString("<br>")
		case '\n':
			b.WriteString("<br>")
		case '\t', '\v', '\f':
			b.WriteByte(' ')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// mdCode writes a unit name or path as a code span in a table cell: a
// fence of more backticks than the value holds in a row, '|' escaped
// (GitHub splits cells before it reads code spans), line breaks as
// spaces. Empty stays empty.
func mdCode(s string) string {
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(cell(s), "|", `\|`)
	longest, run := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", longest+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// WriteCluster renders a cluster scan for reviewers: the counts, a line
// per node, every active finding most severe first with its node, what
// each rule checks and how to fix it, the waived findings, the fixed ones
// against a baseline, and the rules not checked with their nodes.
func (Markdown) WriteCluster(w io.Writer, c *Cluster) error {
	ew := &errWriter{w: w}
	all := bySeverity(c.AllFindings())
	for _, f := range all {
		if f.Severity < Info || f.Severity > Critical {
			return fmt.Errorf("finding of rule %s: invalid severity %d", f.RuleID, int(f.Severity))
		}
	}
	rules := slices.Concat(c.NodeRules, c.Rules)
	slices.SortFunc(rules, func(a, b Rule) int { return strings.Compare(a.ID, b.ID) })
	catalog := &Report{Rules: rules}

	ew.printf("# dcos-audit cluster report: %s\n\n", mdText(clusterName(c)))
	total, counts, _ := strings.Cut(summaryLine(all), ": ")
	ew.printf("**%s:** %s · %d nodes · catalog `%s`\n", total, counts, len(c.Nodes), mdText(c.Provenance.CatalogVersion))

	ew.printf("\n## Nodes\n\n| Node | Role | DC/OS | Source | Critical | High | Medium | Low | Info | Not checked |\n")
	ew.printf("|---|---|---|---|---|---|---|---|---|---|\n")
	for _, n := range c.Nodes {
		if n.Error != "" {
			ew.printf("| %s | | | %s | | | | | | not read: %s |\n", mdText(n.Name), mdCode(n.Source.Target), mdText(n.Error))
			continue
		}
		s := Summarize(n.Findings)
		ew.printf("| %s | %s | %s | %s %s | %d | %d | %d | %d | %d | %d |\n", mdText(n.Name), mdText(n.Profile.Role),
			mdText(n.Profile.DCOSVersion), mdText(n.Source.Kind), mdCode(n.Source.Target), s.BySeverity["critical"],
			s.BySeverity["high"], s.BySeverity["medium"], s.BySeverity["low"], s.BySeverity["info"], len(n.NotRun))
	}

	active, waived := splitWaived(all)
	described := map[string]bool{}
	table := func(title string, fs []Finding) {
		ew.printf("\n## %s (%d)\n\n| Severity | Node | Rule | Unit | Message | Path |\n|---|---|---|---|---|---|\n", title, len(fs))
		for _, f := range fs {
			ew.printf("| %s | %s | %s | %s | %s | %s |\n", f.Severity, mdText(cmp.Or(f.Node, "cluster")),
				mdRuleLink(f.RuleID), mdCode(f.Unit), mdText(f.Message)+baselineNote(f), mdCode(f.Path))
		}
	}
	if len(active) == 0 {
		ew.printf("\nNo active findings.\n")
	} else {
		table("Findings", active)
		writeMarkdownRules(ew, catalog, active, described)
	}
	if len(waived) > 0 {
		table("Waived", waived)
		writeMarkdownRules(ew, catalog, waived, described)
	}
	if len(c.Fixed) > 0 {
		table("Fixed since the baseline", c.Fixed)
	} else if baselined(c.Provenance) {
		ew.printf("\n## Fixed since the baseline (0)\n\nNone: every finding of the baseline is still found.\n")
	}
	if nc := notCheckedOf(c); len(nc) > 0 {
		ew.printf("\n## Rules not checked\n\n| Rules | Why | Nodes |\n|---|---|---|\n")
		for _, r := range nc {
			ew.printf("| %s | %s | %s |\n", mdText(r.Rules), mdText(r.Reason), mdText(strings.Join(r.Nodes, ", ")))
		}
	}
	return ew.err
}
