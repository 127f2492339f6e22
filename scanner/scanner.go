// Package scanner evaluates the policies against a snapshot. It loads and
// compiles the policies once, in New; each Scan is one evaluation of one
// prepared query. It never reads the node: its only input is a Snapshot.
package scanner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/report"
)

// query is the aggregate rule that collects every finding and the profile.
const query = "data.dcos_audit.main.result"

// Options configure a Scanner.
type Options struct {
	// Tool identifies the program in reports.
	Tool report.Tool
	// Role, when set, replaces the roles recorded on the node.
	Role string
	// DCOSVersion, when set, is used where the node records no version.
	DCOSVersion string
	// PolicyDirs hold user policies (package custom.dcos_audit...),
	// evaluated beside the built-ins.
	PolicyDirs []string
	// DataFiles are merged, in order, over the built-in catalog.
	DataFiles []string
	// NoBuiltin leaves out the built-in rules (their library and catalog
	// stay, for user rules to use).
	NoBuiltin bool
	// Rules, when set, keeps only the rules whose id matches one of these
	// globs; SkipRules then drops the rules whose id matches one of its globs.
	Rules     []string
	SkipRules []string
}

// Scanner evaluates snapshots. It is safe for concurrent use.
type Scanner struct {
	opts     Options
	prepared rego.PreparedEvalQuery
	rules    []report.Rule
	selected map[string]bool // ids of the rules evaluated
	known    map[string]bool // ids of every rule loaded, selected or not
}

// New loads the built-in and user policies and the catalog with its
// overrides, checks the rules' metadata, selects the rules, and prepares the
// query. Errors name the file and line at fault.
func New(ctx context.Context, opts Options) (*Scanner, error) {
	caps := capabilities()
	b, err := loadBundle(false, caps)
	if err != nil {
		return nil, err
	}
	user, err := loadUserPolicies(opts.PolicyDirs, false, caps)
	if err != nil {
		return nil, err
	}
	catalog, _ := b.Data["catalog"].(map[string]any)
	if b.Data["catalog"], err = mergeData(catalog, opts.DataFiles); err != nil {
		return nil, err
	}
	mods, rules, all, err := selectRules(append(modules(b), user...), opts)
	if err != nil {
		return nil, err
	}
	r := []func(*rego.Rego){
		rego.Query(query),
		rego.Store(inmem.NewFromObject(b.Data)),
		rego.Capabilities(caps),
		rego.SetRegoVersion(ast.RegoV1),
		rego.StrictBuiltinErrors(true),
	}
	for _, m := range mods {
		r = append(r, rego.ParsedModule(m))
	}
	pq, err := rego.New(r...).PrepareForEval(ctx)
	if err != nil {
		if strings.Contains(err.Error(), "undefined function") {
			err = fmt.Errorf("%w (policies run without network, clock and random builtins)", err)
		}
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	s := &Scanner{opts: opts, prepared: pq, rules: rules, selected: map[string]bool{}, known: map[string]bool{}}
	for _, r := range rules {
		s.selected[r.ID] = true
	}
	for _, id := range all {
		s.known[id] = true
	}
	return s, nil
}

// Rules returns the catalog of the rules evaluated, sorted by id.
func (s *Scanner) Rules() []report.Rule { return s.rules }

// KnownRule reports whether id names a loaded rule, evaluated or left out
// by --rule/--skip-rule (waivers for a left-out rule are not typos).
func (s *Scanner) KnownRule(id string) bool { return s.known[id] }

// Scan evaluates one snapshot into a report.
func (s *Scanner) Scan(ctx context.Context, snap *facts.Snapshot) (*report.Report, error) {
	node := s.override(snap.Node)
	in := *snap
	in.Node = node
	rs, err := s.prepared.Eval(ctx, rego.EvalInput(&in))
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, fmt.Errorf("evaluate policies: %s is undefined", query)
	}
	res, err := s.decode(rs[0].Expressions[0].Value)
	if err != nil {
		return nil, err
	}
	for i := range res.Findings {
		res.Findings[i].Node = node.Hostname
	}
	report.SortFindings(res.Findings)
	return &report.Report{
		SchemaVersion: report.SchemaVersion,
		Tool:          s.opts.Tool,
		Source:        report.Source{Kind: snap.Source.Kind, Target: snap.Source.Target, GatheredAt: snap.Source.GatheredAt},
		Node:          report.Node{Hostname: node.Hostname, Roles: node.Roles, Version: node.Version},
		Profile:       res.Profile,
		Summary:       report.Summarize(res.Findings),
		Findings:      res.Findings,
		Rules:         s.rulesFor(snap.Source.Kind),
	}, nil
}

// rulesFor is the rule catalog a report of a snapshot from this kind of
// source lists: without a running manager, rules about runtime state were
// not checked, and saying they passed would overstate the audit.
func (s *Scanner) rulesFor(kind string) []report.Rule {
	if kind == "live" {
		return s.rules
	}
	return slices.DeleteFunc(slices.Clone(s.rules), func(r report.Rule) bool { return r.Live })
}

// override applies the operator's --role and --dcos-version.
func (s *Scanner) override(n facts.Node) facts.Node {
	if s.opts.Role != "" {
		n.Roles, n.RolesFrom = []string{s.opts.Role}, "flag"
	}
	if s.opts.DCOSVersion != "" && n.Version == "" {
		n.Version, n.VersionFrom = s.opts.DCOSVersion, "flag"
	}
	return n
}

type result struct {
	Findings []report.Finding `json:"findings"`
	Profile  report.Profile   `json:"profile"`
}

// decode turns the query's value into findings strictly: a finding with a
// field the model does not know, no message, or an id outside the rule
// catalog is a policy bug, reported as an error rather than passed on.
func (s *Scanner) decode(v any) (*result, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("decode findings: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var res result
	if err := dec.Decode(&res); err != nil {
		return nil, fmt.Errorf("decode findings: %w", err)
	}
	if res.Findings == nil {
		res.Findings = []report.Finding{}
	}
	for _, f := range res.Findings {
		if !s.selected[f.RuleID] || f.Message == "" {
			return nil, fmt.Errorf("decode findings: policy produced an invalid finding (rule %q, message %q)", f.RuleID, f.Message)
		}
	}
	return &res, nil
}
