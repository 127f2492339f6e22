package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/dcos-audit/dcos-audit/report"
)

type scanOptions struct {
	audit     auditOptions
	bundle    string
	formats   []string
	output    string
	failOn    string
	baseline  string
	failOnNew bool
	quiet     bool
}

// output is one rendering of the report: a format and where it goes ("" is
// standard output).
type output struct {
	format string
	path   string
}

func newScanCmd() *cobra.Command {
	var o scanOptions
	cmd := &cobra.Command{
		Use:   "scan [--root DIR | --snapshot FILE|DIR... | --bundle FILE.zip | --systemd ADDRESS] [flags]",
		Short: "Audit a node, or a cluster's nodes together, and report findings",
		Long: `Audit a DC/OS node's units against the catalog of its role and release,
and report the findings.

  dcos-audit scan                               # the running node: systemd over D-Bus, files under /
  dcos-audit scan --root /                      # on a node, from its files only
  dcos-audit scan --root /mnt/image --format sarif --output results.sarif
  dcos-audit scan --snapshot node.json --format table --format json=report.json
  dcos-audit scan --snapshot snapshots/         # every *.json in it: the nodes of a cluster, together
  dcos-audit scan --bundle bundle.zip           # the nodes of a DC/OS diagnostics bundle, together

` + exitCodesHelp,
		Args: noArgs("--root"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd)
		},
	}
	o.audit.addFlags(cmd)
	f := cmd.Flags()
	stringFlag(f, &o.bundle, "bundle", "", "scan the nodes of a DC/OS diagnostics bundle `FILE.zip` (dcos node diagnostics create) together, "+
		"as a cluster; rules that need the nodes' files are not run (a bundle has none)")
	f.StringArrayVar(&o.formats, "format", []string{"table"}, "output `FORMAT[=PATH]`, repeatable; one of "+strings.Join(report.Formats(), ", ")+"; without =PATH to standard output (or --output)")
	shortStringFlag(f, &o.output, "output", "o", "", "write the format that has no =PATH to `FILE` instead of standard output")
	stringFlag(f, &o.failOn, "fail-on", "high", "exit 1 when a finding has at least this `SEVERITY` (info, low, medium, high, critical), or none")
	stringFlag(f, &o.baseline, "baseline", "", "mark each finding new or unchanged against a previous JSON report `FILE`, and list the fixed ones")
	f.BoolVarP(&o.quiet, "quiet", "q", false, "no progress bar on standard error (there is one only for a long scan of many nodes, on a terminal)")
	f.BoolVar(&o.failOnNew, "fail-on-new", false, "with --baseline, let only new findings at or above --fail-on fail the scan")
	complete(cmd, "format", completeFormats)
	complete(cmd, "fail-on", completeWords(severityWords()...))
	return cmd
}

func (o *scanOptions) run(cmd *cobra.Command) error {
	failOn, err := parseFailOn(o.failOn)
	if err != nil {
		return usageError(err)
	}
	outs, err := parseOutputs(o.formats, o.output)
	if err != nil {
		return usageError(err)
	}
	if err := o.audit.source.check(cmd); err != nil {
		return err
	}
	if o.bundle != "" && (o.audit.source.root != "" || o.audit.source.systemd != "") {
		return usageError(errors.New("--bundle and --root or --systemd name two sources: give one (--bundle goes with --snapshot)"))
	}
	if o.bundle != "" || len(o.audit.source.files) > 1 {
		return o.runCluster(cmd, failOn, outs)
	}
	previous, err := o.readBaseline()
	if err != nil {
		return err
	}
	rep, gatherErr, err := o.audit.run(cmd, o.gate())
	if err != nil {
		return err
	}
	if previous != nil {
		rep.Fixed = report.CompareBaseline(rep.Findings, previous.findings)
		rep.Provenance.Inputs = append(rep.Provenance.Inputs, previous.input)
	}
	for _, out := range outs {
		if err := writeReport(cmd.OutOrStdout(), out, rep); err != nil {
			return err
		}
	}
	if gatherErr != nil {
		return gatherErr
	}
	if o.fails(rep.Findings, failOn) {
		return &codeError{code: exitFindings}
	}
	return nil
}

// baseline is a previous report's findings, and the report as an input.
type baseline struct {
	findings []report.Finding
	input    report.Input
}

// readBaseline reads --baseline; nil without one.
func (o *scanOptions) readBaseline() (*baseline, error) {
	if o.failOnNew && o.baseline == "" {
		return nil, usageError(errors.New("--fail-on-new needs --baseline PREVIOUS.json: new against what?"))
	}
	if o.baseline == "" {
		return nil, nil
	}
	b, err := os.ReadFile(o.baseline)
	if err != nil {
		return nil, usageError(fmt.Errorf("--baseline: %w", err))
	}
	findings, err := report.ReadFindings(b)
	if err != nil {
		return nil, usageError(fmt.Errorf("--baseline %s: %w", o.baseline, err))
	}
	sum := sha256.Sum256(b)
	return &baseline{findings, report.Input{Kind: "baseline", Path: o.baseline, SHA256: hex.EncodeToString(sum[:])}}, nil
}

// gate is --fail-on as the reports record it.
func (o *scanOptions) gate() string {
	if o.failOnNew {
		return strings.ToLower(o.failOn) + ", new findings only"
	}
	return strings.ToLower(o.failOn)
}

// fails applies the gate: an active finding at or above --fail-on, or,
// with --fail-on-new, such a finding the baseline did not have.
func (o *scanOptions) fails(findings []report.Finding, failOn report.Severity) bool {
	switch {
	case failOn == 0:
		return false
	case o.failOnNew:
		return report.CountNewAtOrAbove(findings, failOn) > 0
	}
	return (&report.Report{Findings: findings}).CountAtOrAbove(failOn) > 0
}

// parseFailOn reads --fail-on; 0 means never fail.
func parseFailOn(s string) (report.Severity, error) {
	if strings.EqualFold(s, "none") {
		return 0, nil
	}
	sev, err := report.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("--fail-on: %w, or none", err)
	}
	return sev, nil
}

func parseOutputs(formats []string, outputFile string) ([]output, error) {
	var outs []output
	toStdout := 0
	written := map[string]string{} // path → the --format that writes it
	for _, f := range formats {
		name, path, hasPath := strings.Cut(f, "=")
		name = strings.ToLower(name) // names match without regard to case, as severities and rule ids do
		if _, err := report.New(name); err != nil {
			return nil, fmt.Errorf("--format: %w", err)
		}
		if hasPath && path == "" {
			return nil, fmt.Errorf("--format %s: the path after = is empty", f)
		}
		if path == "" {
			toStdout++
			path = outputFile
		}
		if path != "" {
			if other, ok := written[filepath.Clean(path)]; ok {
				return nil, fmt.Errorf("--format %s and %s both write %s: give each its own file", other, name, path)
			}
			written[filepath.Clean(path)] = name
		}
		outs = append(outs, output{format: name, path: path})
	}
	if toStdout > 1 {
		return nil, errors.New("--format: only one format can go to standard output; give the others a file with FORMAT=PATH")
	}
	if outputFile != "" && toStdout == 0 {
		return nil, errors.New("--output: every --format already has its own =PATH")
	}
	return outs, nil
}

func writeReport(stdout io.Writer, out output, rep *report.Report) error {
	r, err := reporter(stdout, out)
	if err != nil {
		return err
	}
	if out.path == "" {
		return r.Write(stdout, rep)
	}
	return writeFile(out.path, out.format+" report", func(w io.Writer) error { return r.Write(w, rep) })
}

// reporter is the reporter of an output: the table in colour when it goes
// to a terminal and NO_COLOR (no-color.org) is not set.
func reporter(stdout io.Writer, out output) (report.Reporter, error) {
	if out.format == "table" && out.path == "" && os.Getenv("NO_COLOR") == "" {
		if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			return report.Table{Color: true}, nil
		}
	}
	return report.New(out.format)
}

// writeFile creates path and writes it with write; what names the content
// in errors.
// A file appears whole or not at all (a temporary file in the same
// directory, renamed over path): a collector reading a Prometheus textfile,
// or CI picking up a SARIF log, never sees half of one. A symbolic link is
// followed, and what is not a regular file (/dev/null, /dev/stdout, a FIFO)
// is written in place: renaming over it would replace a device node.
func writeFile(path, what string, write func(io.Writer) error) error {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	fi, err := os.Stat(path)
	inPlace := err == nil && !fi.Mode().IsRegular()
	var f *os.File
	if inPlace {
		f, err = os.OpenFile(path, os.O_WRONLY, 0)
	} else {
		f, err = os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	if !inPlace {
		defer os.Remove(f.Name()) // a no-op once renamed
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s %s: %w", what, path, err)
	}
	if !inPlace {
		if err := f.Chmod(0o644); err != nil {
			f.Close()
			return fmt.Errorf("write %s %s: %w", what, path, err)
		}
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s %s: %w", what, path, err)
	}
	if !inPlace {
		if err := os.Rename(f.Name(), path); err != nil {
			return fmt.Errorf("write %s %s: %w", what, path, err)
		}
	}
	return nil
}
