package report

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
)

// ClusterSchemaVersion is the version of the JSON document of a scan of
// several nodes (docs/report.md); a scan of one node writes a Report,
// SchemaVersion 1, as before.
const ClusterSchemaVersion = 2

// clusterArea is the area of the cluster rules (packages
// dcos_audit.rules.cluster.*).
const clusterArea = "cluster"

// Cluster is the outcome of one scan of several nodes: a result per node,
// in the order the nodes were given, and the findings of the cluster rules,
// which judge the nodes together.
type Cluster struct {
	SchemaVersion int        `json:"schema_version"`
	Tool          Tool       `json:"tool"`
	Summary       Summary    `json:"summary"`
	Nodes         []NodeScan `json:"nodes"`
	// Findings are the cluster rules' (Node is empty).
	Findings []Finding `json:"findings"`
	// Fixed are the findings of the --baseline report, of any node or of
	// the cluster, that this scan no longer finds.
	Fixed []Finding `json:"fixed,omitempty"`
	// Rules are the cluster rules, with their status.
	Rules []Rule `json:"rules"`
	// NodeRules is the catalog of the rules evaluated on each node, without
	// a status: each node's outcome is in its NodeScan.
	NodeRules  []Rule     `json:"node_rules"`
	Provenance Provenance `json:"provenance"`
}

// NodeScan is one node of a cluster scan: its report without the rule
// catalog and provenance the cluster report holds once, and what was not
// checked on it. Error is set, and the rest empty, when the node's facts
// could not be read.
type NodeScan struct {
	Name     string    `json:"name"`
	Source   Source    `json:"source"`
	Node     Node      `json:"node"`
	Profile  Profile   `json:"profile"`
	Summary  Summary   `json:"summary"`
	Findings []Finding `json:"findings"`
	// Units are the names of the units the node wants.
	Units []string `json:"units"`
	// Failed lists the ids of the rules that fired on the node.
	Failed []string `json:"rules_failed"`
	// NotRun lists the rules not checked on the node, and why.
	NotRun []Unchecked `json:"rules_not_run"`
	Error  string      `json:"error,omitempty"`
}

// Unchecked is a rule that was not checked on a node, and why.
type Unchecked struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// NodeScanOf reduces a node's report to its entry in a cluster report.
func NodeScanOf(name string, r *Report) NodeScan {
	n := NodeScan{Name: name, Source: r.Source, Node: r.Node, Profile: r.Profile, Summary: Summarize(r.Findings),
		Findings: r.Findings, Units: r.Units, Failed: []string{}, NotRun: []Unchecked{}}
	for _, rule := range r.Rules {
		switch rule.Status {
		case RuleFailed:
			n.Failed = append(n.Failed, rule.ID)
		case RuleNotRun:
			if rule.Area == clusterArea {
				continue // judged once for all nodes: the cluster report's Rules
			}
			n.NotRun = append(n.NotRun, Unchecked{ID: rule.ID, Reason: rule.Reason})
		}
	}
	return n
}

// AllFindings are the findings of every node, then the cluster's.
func (c *Cluster) AllFindings() []Finding {
	var all []Finding
	for _, n := range c.Nodes {
		all = append(all, n.Findings...)
	}
	return append(all, c.Findings...)
}

// nodeReport is a node of a cluster scan as a report of its own, for the
// formats that render a report per node: its rules are the node rules with
// the node's outcome.
func (c *Cluster) nodeReport(n NodeScan) *Report {
	r := &Report{SchemaVersion: SchemaVersion, Tool: c.Tool, Source: n.Source, Node: n.Node, Profile: n.Profile,
		Summary: Summarize(n.Findings), Findings: n.Findings, Provenance: c.Provenance, Units: n.Units}
	notRun := map[string]string{}
	for _, u := range n.NotRun {
		notRun[u.ID] = u.Reason
	}
	for _, rule := range c.NodeRules {
		switch reason, skipped := notRun[rule.ID]; {
		case slices.Contains(n.Failed, rule.ID):
			rule.Status = RuleFailed
		case skipped:
			rule.Status, rule.Reason = RuleNotRun, reason
		default:
			rule.Status = RulePassed
		}
		r.Rules = append(r.Rules, rule)
	}
	return r
}

// clusterReport is the cluster rules' part of a cluster scan as a report.
func (c *Cluster) clusterReport() *Report {
	return &Report{SchemaVersion: SchemaVersion, Tool: c.Tool, Node: Node{Hostname: "cluster"},
		Summary: Summarize(c.Findings), Findings: c.Findings, Rules: c.Rules, Provenance: c.Provenance}
}

// ClusterWriter is a format that can render a cluster scan.
type ClusterWriter interface {
	WriteCluster(w io.Writer, c *Cluster) error
}

// WriteCluster renders c as the JSON document of docs/report.md.
func (JSON) WriteCluster(w io.Writer, c *Cluster) error {
	out := *c
	out.Nodes = slices.Clone(nonNil(out.Nodes))
	for i := range out.Nodes {
		n := &out.Nodes[i]
		n.Node.Roles = nonNil(n.Node.Roles)
		n.Findings = nonNil(n.Findings)
		n.Units = nonNil(n.Units)
		n.Failed = nonNil(n.Failed)
		n.NotRun = nonNil(n.NotRun)
		if n.Summary.BySeverity == nil {
			n.Summary = Summarize(n.Findings)
		}
	}
	out.Findings = nonNil(out.Findings)
	for _, rules := range []*[]Rule{&out.Rules, &out.NodeRules} {
		*rules = slices.Clone(nonNil(*rules))
		for i := range *rules {
			(*rules)[i].Tags = nonNil((*rules)[i].Tags)
		}
	}
	out.Provenance.Inputs = nonNil(out.Provenance.Inputs)
	out.Summary = Summarize(c.AllFindings())
	return streamJSON(w, &out)
}

// streamJSON writes the document as one json.Encoder would, indented by two
// spaces, but a node at a time: a scan of ten thousand nodes need not
// hold its whole document in memory besides the report.
func streamJSON(w io.Writer, c *Cluster) error {
	nodes := c.Nodes
	shell := *c
	shell.Nodes = nil
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&shell); err != nil {
		return err
	}
	head, tail, ok := bytes.Cut(buf.Bytes(), []byte(`"nodes": null`))
	if !ok {
		return errors.New("json: no nodes in the cluster document") // Cluster's fields say otherwise
	}
	bw := bufio.NewWriter(w)
	bw.Write(head)
	bw.WriteString(`"nodes": `)
	if len(nodes) == 0 {
		bw.WriteString("[]")
	} else {
		bw.WriteString("[\n")
		var nb bytes.Buffer
		ne := json.NewEncoder(&nb)
		ne.SetEscapeHTML(false)
		ne.SetIndent("    ", "  ")
		for i := range nodes {
			nb.Reset()
			if err := ne.Encode(&nodes[i]); err != nil {
				return err
			}
			bw.WriteString("    ")
			bw.Write(bytes.TrimSuffix(nb.Bytes(), []byte("\n")))
			if i < len(nodes)-1 {
				bw.WriteString(",")
			}
			bw.WriteString("\n")
		}
		bw.WriteString("  ]")
	}
	bw.Write(tail)
	return bw.Flush()
}

// WriteCluster renders c for a terminal: a line per node (role, release,
// active findings by severity), then the findings of each node that has
// some, then the cluster's, then the counts.
func (t Table) WriteCluster(w io.Writer, c *Cluster) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Cluster:  %d nodes\n", len(c.Nodes))
	for _, f := range provenanceFacts(&Report{Tool: c.Tool, Provenance: c.Provenance}) {
		if f.label != "Rules" {
			fmt.Fprintf(bw, "%-9s %s\n", tableLabels[f.label]+":", cell(f.value))
		}
	}
	fmt.Fprintln(bw)

	tw := tabwriter.NewWriter(bw, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "NODE\tROLE\tDC/OS\tCRITICAL\tHIGH\tMEDIUM\tLOW\tINFO\tNOT RUN")
	for _, n := range c.Nodes {
		if n.Error != "" {
			fmt.Fprintf(tw, "%s\t-\t-\t-\t-\t-\t-\t-\t-\tnot scanned: %s\n", cell(n.Name), cell(n.Error))
			continue
		}
		s := Summarize(n.Findings)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", cell(n.Name), cellOr(n.Profile.Role, "none"),
			cellOr(n.Profile.DCOSVersion, "unknown"), s.BySeverity["critical"], s.BySeverity["high"],
			s.BySeverity["medium"], s.BySeverity["low"], s.BySeverity["info"], len(n.NotRun))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, n := range c.Nodes {
		if len(n.Findings) > 0 {
			fmt.Fprintf(bw, "\n%s:\n", cell(n.Name))
			if err := writeRows(bw, bySeverity(n.Findings), t.Color); err != nil {
				return err
			}
		}
	}
	fmt.Fprintln(bw)
	if len(c.Findings) == 0 {
		fmt.Fprintln(bw, "Cluster: no findings.")
	} else {
		fmt.Fprintln(bw, "Cluster:")
		if err := writeRows(bw, bySeverity(c.Findings), t.Color); err != nil {
			return err
		}
	}
	if err := writeFixed(bw, c.Provenance, c.Fixed); err != nil {
		return err
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, summaryLine(c.AllFindings()))
	return bw.Flush()
}

// splitWaived separates the active findings from the waived ones, each
// keeping its order.
func splitWaived(fs []Finding) (active, waived []Finding) {
	for _, f := range fs {
		if f.Waived {
			waived = append(waived, f)
		} else {
			active = append(active, f)
		}
	}
	return active, waived
}

// bySeverity orders findings most severe first, keeping their order
// (by rule) within a severity.
func bySeverity(fs []Finding) []Finding {
	fs = slices.Clone(fs)
	slices.SortStableFunc(fs, func(a, b Finding) int { return cmp.Compare(b.Severity, a.Severity) })
	return fs
}

// ClusterFormats are the formats that can render a cluster scan.
func ClusterFormats() []string {
	var names []string
	for _, name := range Formats() {
		if w, err := New(name); err == nil {
			if _, ok := w.(ClusterWriter); ok {
				names = append(names, name)
			}
		}
	}
	return names
}
