package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/bundle"
	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/scanner"
	"github.com/dcos-audit/dcos-audit/waivers"
)

// runCluster scans several nodes (snapshots, a diagnostics bundle) as one
// cluster. The policies are compiled once; the nodes are evaluated on a
// pool of one worker per CPU, each reduced to its entry in the report as
// soon as it is done (its facts are not kept); then the cluster rules
// judge the nodes' summaries together.
func (o *scanOptions) runCluster(cmd *cobra.Command, failOn report.Severity, outs []output) error {
	writers := make([]report.ClusterWriter, len(outs))
	for i, out := range outs {
		w, err := reporter(cmd.OutOrStdout(), out)
		if err != nil {
			return usageError(err)
		}
		cw, ok := w.(report.ClusterWriter)
		if !ok {
			return usageError(fmt.Errorf("--format %s: a scan of several nodes is written as %s so far",
				out.format, strings.Join(report.ClusterFormats(), " or ")))
		}
		writers[i] = cw
	}
	if o.audit.role != "" || o.audit.dcosVersion != "" {
		return usageError(errors.New("--role and --dcos-version set one node's profile: the nodes of a cluster scan keep their own"))
	}
	// A scan of many nodes keeps the one-node pacing (GOGC=400, main.go),
	// which spends a fifth less CPU than Go's default, under a lower memory
	// limit: the heap then levels off below it however many nodes there
	// are (10,000 snapshots: 71 s and 204 MiB peak RSS, against 96 s and
	// 136 MiB with GOGC=100; scripts/bench-fleet.sh).
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(192 << 20)
	}
	ctx := cmd.Context()
	var sources []nodeSource
	for _, f := range o.audit.source.files {
		sources = append(sources, nodeSource{f, facts.File{Path: f, Stdin: cmd.InOrStdin()}})
	}
	if o.bundle != "" {
		b, err := bundle.Open(o.bundle)
		if err != nil {
			return err
		}
		defer b.Close()
		for _, n := range b.Nodes {
			sources = append(sources, nodeSource{o.bundle + "!" + n.Dir, b.Source(n, "dcos-audit "+version())})
		}
	}
	previous, err := o.readBaseline()
	if err != nil {
		return err
	}
	sc, ws, waiversSum, err := o.audit.prepare(ctx)
	if err != nil {
		return err
	}
	nodes := make([]report.NodeScan, len(sources))
	summaries := make([]*scanner.ClusterNode, len(sources))
	done := o.progress(cmd.ErrOrStderr(), len(sources))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(sources)) {
		wg.Go(func() {
			for i := range jobs {
				nodes[i], summaries[i] = scanNode(ctx, sc, ws, sources[i])
				done()
			}
		})
	}
	for i := range sources {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	var cluster []scanner.ClusterNode
	var unread []string
	for i, s := range summaries {
		if s == nil {
			unread = append(unread, nodes[i].Name+": "+nodes[i].Error)
			continue
		}
		cluster = append(cluster, *s)
	}
	findings, err := sc.ScanCluster(ctx, cluster)
	if err != nil {
		return err
	}
	c := &report.Cluster{SchemaVersion: report.ClusterSchemaVersion, Tool: sc.Tool(), Nodes: nodes,
		Findings: findings, Rules: sc.ClusterRules(findings), NodeRules: sc.NodeRules(), Provenance: sc.Provenance()}
	c.Provenance.FailOn = o.gate()
	if o.audit.waivers != "" {
		c.Provenance.Inputs = append(c.Provenance.Inputs, report.Input{Kind: "waivers", Path: o.audit.waivers, SHA256: waiversSum})
	}
	if previous != nil {
		c.Fixed = compareCluster(c, previous.findings)
		c.Provenance.Inputs = append(c.Provenance.Inputs, previous.input)
	}
	for i, out := range outs {
		write := func(w io.Writer) error { return writers[i].WriteCluster(w, c) }
		if out.path == "" {
			err = write(cmd.OutOrStdout())
		} else {
			err = writeFile(out.path, out.format+" report", write)
		}
		if err != nil {
			return err
		}
	}
	if len(unread) > 0 {
		return &codeError{code: exitError, err: fmt.Errorf("%d of %d nodes could not be read (the others are reported): %s",
			len(unread), len(sources), strings.Join(unread, "; "))}
	}
	if o.fails(c.AllFindings(), failOn) {
		return &codeError{code: exitFindings}
	}
	return nil
}

// compareCluster marks every finding of the scan, the nodes' and the
// cluster's, against a baseline, and returns the fixed ones.
func compareCluster(c *report.Cluster, previous []report.Finding) []report.Finding {
	all := c.AllFindings()
	fixed := report.CompareBaseline(all, previous)
	k := 0
	for i := range c.Nodes {
		k += copy(c.Nodes[i].Findings, all[k:])
	}
	copy(c.Findings, all[k:])
	return fixed
}

// progressFrom is the number of nodes from which a scan shows its
// progress: fewer take a second or two.
const progressFrom = 50

// progress returns what a worker calls when a node is done: a progress bar
// on stderr for a scan of many nodes when stderr is a terminal and
// --quiet is not given; nothing otherwise (CI logs stay clean).
func (o *scanOptions) progress(stderr io.Writer, nodes int) func() {
	f, ok := stderr.(*os.File)
	if o.quiet || nodes < progressFrom || !ok || !term.IsTerminal(int(f.Fd())) {
		return func() {}
	}
	bar := progressbar.NewOptions(nodes, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("scanning nodes"),
		progressbar.OptionShowCount(), progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionClearOnFinish())
	return func() { _ = bar.Add(1) } // it locks: the workers share it
}

// nodeSource is one node of a cluster scan: a snapshot file or a node of
// a diagnostics bundle, named as the report shows it until its hostname is
// known.
type nodeSource struct {
	name string
	src  facts.Source
}

// scanNode reads and evaluates one node of a cluster scan. A node whose
// facts cannot be read is an entry with its error, and no summary: the
// other nodes are still scanned.
func scanNode(ctx context.Context, sc *scanner.Scanner, ws []waivers.Waiver, ns nodeSource) (report.NodeScan, *scanner.ClusterNode) {
	failed := func(err error) (report.NodeScan, *scanner.ClusterNode) {
		return report.NodeScan{Name: ns.name, Source: report.Source{Target: ns.name}, Error: err.Error()}, nil
	}
	snap, err := ns.src.Gather(ctx)
	if err != nil {
		return failed(err)
	}
	rep, err := sc.Scan(ctx, snap)
	if err != nil {
		return failed(err)
	}
	if err := waivers.Apply(rep, ws, time.Now()); err != nil {
		return failed(err)
	}
	summary := scanner.Summarize(rep)
	return report.NodeScanOf(scanner.NodeName(rep), rep), &summary
}
