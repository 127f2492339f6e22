package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/scanner"
	"github.com/dcos-audit/dcos-audit/waivers"
)

// runCluster scans several snapshots as one cluster. The policies are
// compiled once; the nodes are evaluated on a pool of one worker per CPU,
// each node reduced to its entry in the report as soon as it is done (its
// facts are not kept); then the cluster rules judge the nodes' summaries
// together.
func (o *scanOptions) runCluster(cmd *cobra.Command, failOn report.Severity, outs []output) error {
	writers := make([]report.ClusterWriter, len(outs))
	for i, out := range outs {
		w, err := report.New(out.format)
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
	ctx := cmd.Context()
	sc, ws, waiversSum, err := o.audit.prepare(ctx)
	if err != nil {
		return err
	}
	files := o.audit.source.files
	nodes := make([]report.NodeScan, len(files))
	summaries := make([]*scanner.ClusterNode, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Go(func() {
			for i := range jobs {
				nodes[i], summaries[i] = scanNode(ctx, sc, ws, files[i], cmd.InOrStdin())
			}
		})
	}
	for i := range files {
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
	c.Provenance.FailOn = strings.ToLower(o.failOn)
	if o.audit.waivers != "" {
		c.Provenance.Inputs = append(c.Provenance.Inputs, report.Input{Kind: "waivers", Path: o.audit.waivers, SHA256: waiversSum})
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
		return &codeError{code: exitError, err: fmt.Errorf("%d of %d snapshots could not be read (the others are reported): %s",
			len(unread), len(files), strings.Join(unread, "; "))}
	}
	if failOn != 0 && c.CountAtOrAbove(failOn) > 0 {
		return &codeError{code: exitFindings}
	}
	return nil
}

// scanNode reads and evaluates one snapshot of a cluster scan. A snapshot
// that cannot be read is an entry with its error, and no summary: the
// other nodes are still scanned.
func scanNode(ctx context.Context, sc *scanner.Scanner, ws []waivers.Waiver, file string, stdin io.Reader) (report.NodeScan, *scanner.ClusterNode) {
	failed := func(err error) (report.NodeScan, *scanner.ClusterNode) {
		return report.NodeScan{Name: file, Source: report.Source{Kind: "snapshot", Target: file}, Error: err.Error()}, nil
	}
	snap, err := facts.File{Path: file, Stdin: stdin}.Gather(ctx)
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
