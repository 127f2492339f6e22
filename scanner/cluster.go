package scanner

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/dcos-audit/dcos-audit/report"
)

// Cluster rules (packages dcos_audit.rules.cluster.<name> and their custom
// counterparts) judge the nodes of one scan together, from a summary per
// node (ClusterNode, input.nodes); the node query never loads them.
const (
	clusterArea  = "cluster"
	clusterQuery = "data.dcos_audit.cluster.result"
	clusterOnly  = "a cluster rule: it judges several nodes scanned together, with --snapshot DIR or --bundle"
)

// clusterRules is the selection split in two: what each node's evaluation
// compiles, and the cluster rules with the modules they need.
type clusterRules struct {
	nodeModules []*ast.Module
	nodeRules   []report.Rule
	nodeChecks  int
	modules     []*ast.Module // the library, the cluster aggregate and the cluster rules
	rules       []report.Rule
	checks      int
}

func splitCluster(sel *selection) clusterRules {
	var c clusterRules
	for _, m := range sel.modules {
		path := m.Package.Path.String()
		_, isRule := rulePackage(m.Package.Path)
		switch {
		case isRule && ruleArea(m.Package.Path) == clusterArea:
			c.modules = append(c.modules, m)
		case path == "data.dcos_audit.cluster" || path == "data.dcos_audit.lib.cluster":
			c.modules = append(c.modules, m)
		case path == "data.dcos_audit.lib":
			c.modules = append(c.modules, m)
			c.nodeModules = append(c.nodeModules, m)
		default:
			c.nodeModules = append(c.nodeModules, m)
		}
	}
	for _, r := range sel.evaluated {
		if r.Area == clusterArea {
			c.rules = append(c.rules, r)
			c.checks++
		} else {
			c.nodeRules = append(c.nodeRules, r)
		}
	}
	c.nodeChecks = sel.checks - c.checks
	return c
}

// ClusterNode is what cluster rules see of one node: input.nodes[i].
type ClusterNode struct {
	// Name is the node's hostname, or its source when it records none.
	Name     string   `json:"name"`
	Hostname string   `json:"hostname"`
	IP       string   `json:"ip"` // "" where the source records none
	Roles    []string `json:"roles"`
	// Role, Version and CatalogVersion are the node's profile.
	Role           string `json:"role"`
	Version        string `json:"version"`
	CatalogVersion string `json:"catalog_version"`
	// Source is the file or root the node's facts came from.
	Source string `json:"source"`
}

// Summarize is a node's report as cluster rules see it.
func Summarize(rep *report.Report) ClusterNode {
	return ClusterNode{
		Name: NodeName(rep), Hostname: rep.Node.Hostname, IP: rep.Node.IP, Roles: slices.Clone(rep.Node.Roles),
		Role: rep.Profile.Role, Version: rep.Profile.DCOSVersion, CatalogVersion: rep.Profile.CatalogVersion,
		Source: rep.Source.Target,
	}
}

// NodeName names a node in a cluster report: its hostname, or where its
// facts came from when it records none.
func NodeName(rep *report.Report) string {
	if rep.Node.Hostname != "" {
		return rep.Node.Hostname
	}
	return rep.Source.Target
}

// NodeRules is the catalog of the node rules, evaluated or left out by the
// selection, without a status: a cluster report holds it once, and each
// node's outcome apart.
func (s *Scanner) NodeRules() []report.Rule {
	var rules []report.Rule
	for _, r := range slices.Concat(s.rules, s.deselected) {
		if r.Area != clusterArea {
			r.Status, r.Reason = "", ""
			rules = append(rules, r)
		}
	}
	slices.SortFunc(rules, func(a, b report.Rule) int { return strings.Compare(a.ID, b.ID) })
	return rules
}

// ClusterRules returns the cluster rules loaded, evaluated or left out by
// the selection, with the status findings gives them.
func (s *Scanner) ClusterRules(findings []report.Finding) []report.Rule {
	fired := map[string]bool{}
	for _, f := range findings {
		fired[f.RuleID] = true
	}
	var rules []report.Rule
	for _, r := range s.cluster.rules {
		r.Status = report.RulePassed
		if fired[r.ID] {
			r.Status = report.RuleFailed
		}
		rules = append(rules, r)
	}
	for _, r := range s.deselected {
		if r.Area == clusterArea {
			rules = append(rules, r)
		}
	}
	slices.SortFunc(rules, func(a, b report.Rule) int { return strings.Compare(a.ID, b.ID) })
	return rules
}

// ScanCluster evaluates the cluster rules over the nodes' summaries. The
// cluster query is compiled on first use: a scan of one node never pays
// for it.
func (s *Scanner) ScanCluster(ctx context.Context, nodes []ClusterNode) ([]report.Finding, error) {
	pq, err := s.clusterQuery()
	if err != nil {
		return nil, err
	}
	if nodes == nil {
		nodes = []ClusterNode{}
	}
	input, err := inputValue(map[string]any{"nodes": nodes})
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	res, err := s.evaluate(ctx, pq, clusterQuery, input)
	if err != nil {
		return nil, err
	}
	report.SortFindings(res.Findings)
	return res.Findings, nil
}

// prepareCluster compiles the cluster query; Scanner.clusterQuery calls it
// once, on first use.
func prepareCluster(modules []*ast.Module, data map[string]any, caps *ast.Capabilities, trusted bool) (rego.PreparedEvalQuery, error) {
	pq, err := prepareQuery(context.Background(), clusterQuery, modules, dataStore(data), caps, trusted)
	if err != nil {
		return pq, fmt.Errorf("compile cluster policies: %w", err)
	}
	return pq, nil
}
