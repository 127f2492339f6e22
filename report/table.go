package report

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
)

// Table writes the report for a terminal: a header about the node and
// what shaped the scan, one row per active finding, most severe first, then
// the waived findings under "Waived:", each with its waiver on the line
// below, a summary line, and the rules that passed and were not run, so
// that a clean result shows what was checked. It uses no terminal width,
// so its bytes depend on the report alone; Color paints the severities
// (the command sets it for a terminal without NO_COLOR).
type Table struct {
	Color bool
}

// Write renders r to w.
func (t Table) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	writeHeader(bw, r)

	if len(r.Findings) == 0 {
		fmt.Fprintln(bw, "No findings.")
		if err := writeFixed(bw, r.Provenance, r.Fixed); err != nil {
			return err
		}
		writeRuleOutcome(bw, r)
		return bw.Flush()
	}

	// Findings come sorted by rule; group them by severity, keeping that
	// order within a severity.
	active, waived := splitWaived(bySeverity(r.Findings))

	if len(active) == 0 {
		fmt.Fprintln(bw, "No active findings.")
	} else if err := writeRows(bw, active, t.Color); err != nil {
		return err
	}
	if len(waived) > 0 {
		fmt.Fprintln(bw)
		fmt.Fprintln(bw, "Waived:")
		if err := writeRows(bw, waived, t.Color); err != nil {
			return err
		}
	}
	if err := writeFixed(bw, r.Provenance, r.Fixed); err != nil {
		return err
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, summaryLine(r.Findings))
	writeRuleOutcome(bw, r)
	return bw.Flush()
}

// writeRuleOutcome lists the rules that passed and those not run, with why.
func writeRuleOutcome(w io.Writer, r *Report) {
	if ruleCounts(r) == "" {
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Rules:    %s\n", ruleCounts(r))
	if passed := rulesWithStatus(r, RulePassed); len(passed) > 0 {
		fmt.Fprintf(w, "Passed:   %s\n", wrapIDs(passed))
	}
	reasons, ids := notRunByReason(r)
	for _, reason := range reasons {
		fmt.Fprintf(w, "Not run:  %s\n          (%s)\n", wrapIDs(ids[reason]), cell(reason))
	}
}

// wrapIDs joins rule ids into lines of at most eight, indented under the
// header's values.
func wrapIDs(ids []string) string {
	var lines []string
	for chunk := range slices.Chunk(ids, 8) {
		safe := make([]string, len(chunk))
		for i, id := range chunk {
			safe[i] = cell(id)
		}
		lines = append(lines, strings.Join(safe, " "))
	}
	return strings.Join(lines, "\n          ")
}

// writeRows writes one row per finding; a waived finding gets a second
// line, under MESSAGE, saying which waiver covers it and why.
func writeRows(w io.Writer, findings []Finding, color bool) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	// Against a --baseline, a column says which findings are new.
	state := func(string) string { return "" }
	if slices.ContainsFunc(findings, func(f Finding) bool { return f.Baseline != "" }) {
		state = func(s string) string { return strings.ToUpper(s) + "\t" }
	}
	fmt.Fprintf(tw, "%s\t%sRULE\tUNIT\tMESSAGE\n", paint("SEVERITY", "0;39", color), state("baseline"))
	for _, f := range findings {
		fmt.Fprintf(tw, "%s\t%s%s\t%s\t%s\n",
			paint(strings.ToUpper(f.Severity.String()), severityColors[f.Severity], color), state(f.Baseline),
			cell(f.RuleID), cellOr(f.Unit, "-"), cell(f.Message))
		if f.Waived {
			fmt.Fprintf(tw, "\t\t\t%s\n", waiverLine(f.Waiver))
		}
	}
	return tw.Flush()
}

// severityColors are SGR colours: critical and high red (critical bold),
// medium yellow, low cyan, info the terminal's default.
// Each is four characters long (see paint).
var severityColors = map[Severity]string{Critical: "1;31", High: "0;31", Medium: "0;33", Low: "0;36", Info: "0;39"}

// paint pads s to the severity column's width and colours it. Every
// painted cell, the header's too, carries escape sequences of one length,
// so tabwriter, which counts them as width, still aligns the column.
func paint(s, sgr string, color bool) string {
	if !color {
		return s
	}
	return fmt.Sprintf("\x1b[%sm%-8s\x1b[0m", sgr, s)
}

// writeFixed lists the findings of the --baseline report that are gone,
// when there was a baseline.
func writeFixed(w io.Writer, p Provenance, fixed []Finding) error {
	if !baselined(p) {
		return nil
	}
	fmt.Fprintln(w)
	if len(fixed) == 0 {
		fmt.Fprintln(w, "Fixed since the baseline: none.")
		return nil
	}
	fmt.Fprintf(w, "Fixed since the baseline (%d):\n", len(fixed))
	return writeRows(w, fixed, false)
}

// waiverLine says who accepted a finding, until when, where and why.
func waiverLine(wv *Waiver) string {
	if wv == nil {
		return "waived"
	}
	return fmt.Sprintf("waived until %s by %s (%s): %s",
		cellOr(wv.Expires, "?"), cellOr(wv.Owner, "?"), cellOr(wv.Source, "?"), cell(wv.Justification))
}

// tableLabels fit the header's column of eight.
var tableLabels = map[string]string{
	"Scanner": "Scanner", "Catalog": "Catalog", "Selection": "Selected", "Input": "Input", "Fail on": "Fail on",
}

func writeHeader(w io.Writer, r *Report) {
	roles := "none recorded"
	if len(r.Node.Roles) > 0 {
		roles = cell(strings.Join(r.Node.Roles, ", "))
	}
	profile := "no role"
	if r.Profile.Role != "" {
		profile = "role " + cell(r.Profile.Role)
	}
	if r.Profile.CatalogVersion != "" {
		profile += ", catalog of DC/OS " + cell(r.Profile.CatalogVersion)
	}
	if r.Profile.Note != "" {
		// The note says how the profile was chosen; it gets its own line.
		profile += "\n          " + cell(r.Profile.Note)
	}
	source := cellOr(r.Source.Kind, "unknown")
	if r.Source.Target != "" {
		source += " " + cell(r.Source.Target)
	}
	if r.Source.Digest != "" {
		source += " (" + cell(r.Source.Digest) + ")"
	}
	fmt.Fprintf(w, "Node:     %s\n", cellOr(r.Node.Hostname, "unknown"))
	fmt.Fprintf(w, "Roles:    %s\n", roles)
	fmt.Fprintf(w, "DC/OS:    %s\n", cellOr(r.Node.Version, "unknown"))
	fmt.Fprintf(w, "Profile:  %s\n", profile)
	fmt.Fprintf(w, "Source:   %s\n", source)
	for _, f := range provenanceFacts(r) {
		if f.label == "Rules" {
			continue // with the outcome, at the end
		}
		fmt.Fprintf(w, "%-9s %s\n", tableLabels[f.label]+":", cell(f.value))
	}
	fmt.Fprintln(w)
}

// summaryLine counts the active findings by severity, most severe first,
// zeros included so that the line always has the same shape, and the
// waived ones when there are any. The total counts both.
func summaryLine(findings []Finding) string {
	s := Summarize(findings)
	sevs := Severities()
	parts := make([]string, 0, len(sevs))
	for _, sev := range slices.Backward(sevs) {
		parts = append(parts, fmt.Sprintf("%d %s", s.BySeverity[sev.String()], sev))
	}
	noun := "findings"
	if s.Total == 1 {
		noun = "finding"
	}
	if s.Waived > 0 {
		parts = append(parts, fmt.Sprintf("%d waived", s.Waived))
	}
	return fmt.Sprintf("%d %s: %s", s.Total, noun, strings.Join(parts, ", "))
}

// cell keeps a value on one line and out of the tab stops: tabs and line
// breaks become spaces, and other controls are escaped (Printable). Nothing
// is truncated.
func cell(s string) string {
	return Printable(strings.Map(func(r rune) rune {
		switch r {
		case '\t', '\n', '\r', '\v', '\f':
			return ' '
		}
		return r
	}, s))
}

func cellOr(s, empty string) string {
	if s == "" {
		return empty
	}
	return cell(s)
}
