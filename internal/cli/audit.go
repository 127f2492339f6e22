package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/scanner"
	"github.com/dcos-audit/dcos-audit/waivers"
)

// auditOptions are what scan and check share: where the facts come from,
// the policies and their selection, the waivers, and the profile overrides.
type auditOptions struct {
	source      sourceOptions
	policy      policyOptions
	waivers     string
	role        string
	dcosVersion string
}

func (o *auditOptions) addFlags(cmd *cobra.Command) {
	o.source.addFlags(cmd, true)
	o.policy.addFlags(cmd)
	f := cmd.Flags()
	stringFlag(f, &o.waivers, "waivers", "", "accept the findings that the waivers in `FILE` (YAML) match; see docs/policies.md")
	stringFlag(f, &o.role, "role", "", "audit against this `ROLE` ("+strings.Join(roleNames(), ", ")+") instead of the roles recorded on the node")
	stringFlag(f, &o.dcosVersion, "dcos-version", "", "audit against DC/OS `VERSION` (x.y, x.y.z or a hotfix x.y.z.n) instead of the version recorded on the node")
	complete(cmd, "role", completeWords(roleNames()...))
}

// run audits the node into a report whose provenance names failOn, the
// gate the caller applies. gatherErr is set when the facts are partial (the
// manager went away mid-scan): the report is still made, and the caller
// fails after writing it. err means no report could be made.
func (o *auditOptions) run(cmd *cobra.Command, failOn string) (rep *report.Report, gatherErr, err error) {
	start := time.Now()
	if err := o.source.check(cmd); err != nil {
		return nil, nil, err
	}
	if len(o.source.files) > 1 {
		return nil, nil, usageError(fmt.Errorf("%d snapshots: %s audits one node; dcos-audit scan takes several as one cluster",
			len(o.source.files), cmd.Name()))
	}
	if o.role != "" {
		if err := scanner.CheckRole(o.role); err != nil {
			return nil, nil, usageError(err)
		}
	}
	if o.dcosVersion != "" {
		if err := scanner.CheckVersion(o.dcosVersion); err != nil {
			return nil, nil, usageError(err)
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
	sc, ws, waiversSum, err := o.prepare(ctx)
	if err != nil {
		cancel()
		<-done
		return nil, nil, err
	}
	g := <-done
	if g.snap == nil {
		return nil, nil, g.err
	}
	if rep, err = sc.Scan(ctx, g.snap); err != nil {
		return nil, nil, err
	}
	if err := waivers.Apply(rep, ws, time.Now()); err != nil {
		return nil, nil, err
	}
	rep.Provenance.FailOn = failOn
	rep.Duration = time.Since(start)
	if o.waivers != "" {
		rep.Provenance.Inputs = append(rep.Provenance.Inputs, report.Input{Kind: "waivers", Path: o.waivers, SHA256: waiversSum})
	}
	return rep, g.err, nil
}

// prepare compiles the selected policies and loads the waivers, with the
// digest of the waivers file as read.
func (o *auditOptions) prepare(ctx context.Context) (sc *scanner.Scanner, ws []waivers.Waiver, sum string, err error) {
	opts := o.policy.scannerOptions()
	opts.Role, opts.DCOSVersion = o.role, o.dcosVersion
	if sc, err = scanner.New(ctx, opts); err != nil {
		return nil, nil, "", err
	}
	if sc.Checks() == 0 {
		return nil, nil, "", usageError(errors.New("the rule selection leaves no rule to evaluate besides the completeness checks " +
			"(--rule, --skip-rule, --no-builtin): a scan that checks nothing cannot pass"))
	}
	if o.waivers != "" {
		if ws, sum, err = waivers.Load(o.waivers, sc.KnownRule); err != nil {
			return nil, nil, "", err
		}
	}
	return sc, ws, sum, nil
}
