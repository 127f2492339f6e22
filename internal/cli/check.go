package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/report"
)

// Statuses of a DC/OS node check: dcos-check-runner runs a check's cmd and
// takes its exit code as the status (runner/runner.go: 0 OK, 3 unknown,
// anything else out of range counts as unknown) and its combined output as
// the check's output.
const (
	checkOK       = 0
	checkWarning  = 1
	checkCritical = 2
	checkUnknown  = 3
)

// checkLines bounds the findings a check lists: the runner shows the
// output in the checks API and the UI, where a screenful is enough.
const checkLines = 5

type checkOptions struct {
	audit  auditOptions
	warnOn string
	failOn string
}

func newCheckCmd() *cobra.Command {
	var o checkOptions
	cmd := &cobra.Command{
		Use:   "check [--root DIR | --snapshot FILE | --systemd ADDRESS] [flags]",
		Short: "Audit a node as a DC/OS node check (dcos-check-runner)",
		Long: `Audit a node like scan, and answer as a DC/OS node check does: a short
plain-text summary (counts, the worst findings), and the check runner's
status as the exit code. Put it in a cluster's config.yaml under
custom_checks so that every node runs it (see README.md).

Exit codes (the check runner's statuses):
  0  OK: no finding at or above --warn-on
  1  warning: findings at or above --warn-on, none at or above --fail-on
  2  critical: findings at or above --fail-on
  3  unknown: the audit could not be done (what makes scan exit 2)`,
		// Every way the audit cannot be done is status unknown, bad flags too:
		// the runner would take scan's exit 2 for critical.
		Args: func(cmd *cobra.Command, args []string) error {
			if err := noArgs("--root")(cmd, args); err != nil {
				return asUnknown(err)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd)
		},
	}
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		return asUnknown(flagError(c, err))
	})
	o.audit.addFlags(cmd)
	f := cmd.Flags()
	stringFlag(f, &o.warnOn, "warn-on", "medium", "status warning (1) for a finding of at least this `SEVERITY`")
	stringFlag(f, &o.failOn, "fail-on", "high", "status critical (2) for a finding of at least this `SEVERITY`")
	severities := severityWords()
	severities = severities[:len(severities)-1] // a check always has a gate: no "none"
	complete(cmd, "warn-on", completeWords(severities...))
	complete(cmd, "fail-on", completeWords(severities...))
	return cmd
}

// asUnknown makes err status unknown (3), keeping whether it is a usage error.
func asUnknown(err error) error {
	var ce *codeError
	return &codeError{code: checkUnknown, err: err, usage: errors.As(err, &ce) && ce.usage}
}

func (o *checkOptions) run(cmd *cobra.Command) error {
	warnOn, err := report.ParseSeverity(o.warnOn)
	if err != nil {
		return asUnknown(usageError(fmt.Errorf("--warn-on: %w", err)))
	}
	failOn, err := report.ParseSeverity(o.failOn)
	if err != nil {
		return asUnknown(usageError(fmt.Errorf("--fail-on: %w", err)))
	}
	if warnOn > failOn {
		return asUnknown(usageError(fmt.Errorf("--warn-on %s is above --fail-on %s", warnOn, failOn)))
	}
	rep, gatherErr, err := o.audit.run(cmd, failOn.String())
	if err == nil {
		err = gatherErr // partial facts: not a verdict
	}
	if err != nil {
		return asUnknown(err)
	}
	status := checkOK
	switch {
	case rep.CountAtOrAbove(failOn) > 0:
		status = checkCritical
	case rep.CountAtOrAbove(warnOn) > 0:
		status = checkWarning
	}
	if err := writeCheck(cmd.OutOrStdout(), rep, status); err != nil {
		return asUnknown(err)
	}
	if status != checkOK {
		return &codeError{code: status}
	}
	return nil
}

// writeCheck writes the summary: a status line with the counts, then the
// worst active findings, one line each, escaped and cut to a bounded
// length (the runner keeps the output; a node's text must not control the
// terminal of whoever reads it).
func writeCheck(w io.Writer, rep *report.Report, status int) error {
	word := [...]string{"OK", "WARNING", "CRITICAL"}[status]
	var b strings.Builder
	fmt.Fprintf(&b, "%s: dcos-audit %s: %s\n", word, report.Printable(cmp.Or(rep.Node.Hostname, "node")), checkCounts(rep))
	active := slices.DeleteFunc(slices.Clone(rep.Findings), func(f report.Finding) bool { return f.Waived })
	slices.SortStableFunc(active, func(a, b report.Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	for i, f := range active {
		if i == checkLines {
			fmt.Fprintf(&b, "... and %d more (dcos-audit scan for all)\n", len(active)-checkLines)
			break
		}
		line := fmt.Sprintf("%s %s %s", strings.ToUpper(f.Severity.String()), f.RuleID, f.Message)
		fmt.Fprintln(&b, cut(report.Printable(strings.ReplaceAll(line, "\n", " ")), 200))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// checkCounts counts the active findings by severity, most severe first.
func checkCounts(rep *report.Report) string {
	s := report.Summarize(rep.Findings)
	var parts []string
	for _, sev := range slices.Backward(report.Severities()) {
		parts = append(parts, fmt.Sprintf("%d %s", s.BySeverity[sev.String()], sev))
	}
	if s.Waived > 0 {
		parts = append(parts, fmt.Sprintf("%d waived", s.Waived))
	}
	return strings.Join(parts, ", ")
}

// cut shortens s to at most n bytes, on a rune boundary.
func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && (s[n]&0xc0) == 0x80 {
		n--
	}
	return s[:n] + "..."
}
