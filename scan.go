package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/scanner"
	"github.com/dcos-audit/dcos-audit/waivers"
)

type scanOptions struct {
	source      sourceOptions
	policy      policyOptions
	waivers     string
	formats     []string
	output      string
	failOn      string
	role        string
	dcosVersion string
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
		Use:   "scan [--root DIR | --snapshot FILE | --systemd ADDRESS] [flags]",
		Short: "Audit a node and report findings",
		Long: `Audit a DC/OS node's units against the catalog of its role and release,
and report the findings.

  dcos-audit scan                               # the running node: systemd over D-Bus, files under /
  dcos-audit scan --root /                      # on a node, from its files only
  dcos-audit scan --root /mnt/image --format sarif --output results.sarif
  dcos-audit scan --snapshot node.json --format table --format json=report.json

` + exitCodesHelp,
		Args: noArgs("--root"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return o.run(cmd)
		},
	}
	o.source.addFlags(cmd, true)
	o.policy.addFlags(cmd)
	f := cmd.Flags()
	stringFlag(f, &o.waivers, "waivers", "", "accept the findings that the waivers in `FILE` (YAML) match; see docs/policies.md")
	f.StringArrayVar(&o.formats, "format", []string{"table"}, "output `FORMAT[=PATH]`, repeatable; one of "+strings.Join(report.Formats(), ", ")+"; without =PATH to standard output (or --output)")
	shortStringFlag(f, &o.output, "output", "o", "", "write the format that has no =PATH to `FILE` instead of standard output")
	stringFlag(f, &o.failOn, "fail-on", "high", "exit 1 when a finding has at least this `SEVERITY` (info, low, medium, high, critical), or none")
	stringFlag(f, &o.role, "role", "", "audit against this `ROLE` ("+strings.Join(roleNames(), ", ")+") instead of the roles recorded on the node")
	complete(cmd, "format", completeFormats)
	complete(cmd, "fail-on", completeWords(severityWords()...))
	complete(cmd, "role", completeWords(roleNames()...))
	stringFlag(f, &o.dcosVersion, "dcos-version", "", "audit against DC/OS `VERSION` (x.y, x.y.z or a hotfix x.y.z.n) instead of the version recorded on the node")
	return cmd
}

func (o *scanOptions) run(cmd *cobra.Command) error {
	if err := o.source.check(cmd); err != nil {
		return err
	}
	failOn, err := parseFailOn(o.failOn)
	if err != nil {
		return usageError(err)
	}
	outs, err := parseOutputs(o.formats, o.output)
	if err != nil {
		return usageError(err)
	}
	if o.role != "" {
		if err := scanner.CheckRole(o.role); err != nil {
			return usageError(err)
		}
	}
	if o.dcosVersion != "" {
		if err := scanner.CheckVersion(o.dcosVersion); err != nil {
			return usageError(err)
		}
	}
	ctx, cancel := context.WithCancel(cmd.Context())
	defer cancel()
	// Gathering waits on the disk and on systemd, compiling the policies
	// on the CPU: both at once.
	type gathered struct {
		snap *facts.Snapshot
		err  error
	}
	done := make(chan gathered, 1)
	go func() {
		snap, err := o.source.gather(ctx, cmd.InOrStdin())
		done <- gathered{snap, err}
	}()
	sc, ws, err := o.prepare(ctx)
	if err != nil {
		cancel()
		<-done
		return err
	}
	g := <-done
	snap, gatherErr := g.snap, g.err
	if snap == nil {
		return gatherErr
	}
	// A partial snapshot (the manager went away mid-scan) is still
	// reported; the scan then fails with gatherErr.
	rep, err := sc.Scan(ctx, snap)
	if err != nil {
		return err
	}
	if err := waivers.Apply(rep, ws, time.Now()); err != nil {
		return err
	}
	rep.Provenance.FailOn = strings.ToLower(o.failOn)
	if o.waivers != "" {
		sum, err := scanner.FileSHA256(o.waivers)
		if err != nil {
			return err
		}
		rep.Provenance.Inputs = append(rep.Provenance.Inputs, report.Input{Kind: "waivers", Path: o.waivers, SHA256: sum})
	}
	for _, out := range outs {
		if err := writeReport(cmd.OutOrStdout(), out, rep); err != nil {
			return err
		}
	}
	if gatherErr != nil {
		return gatherErr
	}
	if failOn != 0 && rep.CountAtOrAbove(failOn) > 0 {
		return &codeError{code: exitFindings}
	}
	return nil
}

// prepare compiles the selected policies and loads the waivers.
func (o *scanOptions) prepare(ctx context.Context) (*scanner.Scanner, []waivers.Waiver, error) {
	opts := o.policy.scannerOptions()
	opts.Role, opts.DCOSVersion = o.role, o.dcosVersion
	sc, err := scanner.New(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	if sc.Checks() == 0 {
		return nil, nil, usageError(errors.New("the rule selection leaves no rule to evaluate besides the completeness checks " +
			"(--rule, --skip-rule, --no-builtin): a scan that checks nothing cannot pass"))
	}
	var ws []waivers.Waiver
	if o.waivers != "" {
		if ws, err = waivers.Load(o.waivers, sc.KnownRule); err != nil {
			return nil, nil, err
		}
	}
	return sc, ws, nil
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
	r, err := report.New(out.format)
	if err != nil {
		return err
	}
	if out.path == "" {
		return r.Write(stdout, rep)
	}
	return writeFile(out.path, out.format+" report", func(w io.Writer) error { return r.Write(w, rep) })
}

// writeFile creates path and writes it with write; what names the content
// in errors.
func writeFile(path, what string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", what, err)
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s %s: %w", what, path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s %s: %w", what, path, err)
	}
	return nil
}
