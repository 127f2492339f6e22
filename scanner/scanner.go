// Package scanner evaluates the policies against a snapshot. It loads and
// compiles the policies once, in New; each Scan is one evaluation of one
// prepared query. It never reads the node: its only input is a Snapshot.
package scanner

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/internal/jsonvalue"
	"github.com/dcos-audit/dcos-audit/report"
)

// query is the aggregate rule that collects every finding and the profile.
const query = "data.dcos_audit.main.result"

// Options configure a Scanner.
type Options struct {
	// Tool identifies the program in reports.
	Tool report.Tool
	// RepoURL, when set, is where the project's documentation lives
	// instead of RepoURL's default: built-in rules' help links follow it.
	RepoURL string
	// Role, when set, replaces the roles recorded on the node.
	Role string
	// DCOSVersion, when set, replaces the version recorded on the node
	// (CheckVersion validates it).
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
	// ProducedRules are built-in rules whose findings the caller makes
	// after Scan (the waiver rules): no policy module, but selected,
	// listed and documented like the others; each names its own Area.
	ProducedRules []report.Rule
}

// Scanner evaluates snapshots. It is safe for concurrent use.
type Scanner struct {
	opts       Options
	prepared   rego.PreparedEvalQuery
	rules      []report.Rule // the rules evaluated
	deselected []report.Rule // the rules left out by the selection
	ruleTable  []report.Rule // every rule by id, statuses to fill in for the rules evaluated (ruleStatus)
	checks     int           // evaluated rules besides the completeness rules
	provenance report.Provenance
	selected   map[string]bool // ids of the rules evaluated
	known      map[string]bool // ids of every rule loaded, selected or not

	// The cluster rules, compiled on first use (ScanCluster).
	cluster      clusterRules
	clusterQuery func() (rego.PreparedEvalQuery, error)

	// The values each profile's nodes share, kept once seen twice.
	profiles *profiles
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
	var dataInputs []report.Input
	if b.Data["catalog"], dataInputs, err = mergeData(catalog, opts.DataFiles); err != nil {
		return nil, err
	}
	sel, err := selectRules(append(modules(b), user...), opts)
	if err != nil {
		return nil, err
	}
	cl := splitCluster(sel)
	// The digests (300 KB of data marshalled) and the data's conversion
	// (dataValues) take a core while the compiler, single-threaded, takes
	// the other.
	type digested struct {
		prov report.Provenance
		err  error
	}
	digests := make(chan digested, 1)
	go func() {
		prov, err := provenance(b.Data, dataInputs, opts)
		digests <- digested{prov, err}
	}()
	trusted := len(opts.PolicyDirs) == 0
	values := dataValues(nodeData(b.Data, cl.nodeModules, sel.needs))
	store := inmem.NewWithOpts(inmem.OptReturnASTValuesOnRead(true))
	pq, err := prepareQuery(ctx, query, cl.nodeModules, store, caps, trusted)
	v := <-values
	if err == nil && v.err == nil {
		v.err = fill(ctx, store, v.values)
	}
	if v.err != nil {
		return nil, fmt.Errorf("load data: %w", v.err)
	}
	d := <-digests
	if d.err != nil {
		return nil, d.err
	}
	if err != nil {
		// "bundle activation" is OPA's word for loading modules: not the user's.
		msg := strings.Replace(err.Error(), "bundle activation failed: ", "", 1)
		if strings.Contains(msg, "undefined function") {
			msg += " (policies run without network, clock and random builtins)"
		}
		return nil, fmt.Errorf("compile policies: %s", msg)
	}
	s := &Scanner{opts: opts, prepared: pq, rules: cl.nodeRules, deselected: sel.deselected, checks: cl.nodeChecks,
		provenance: d.prov, selected: map[string]bool{}, known: map[string]bool{}, cluster: cl,
		clusterQuery: sync.OnceValues(func() (rego.PreparedEvalQuery, error) { return prepareCluster(cl.modules, b.Data, caps, trusted) }),
		profiles:     newProfiles(store, v.values, libraryModules(cl.nodeModules), caps, trusted)}
	s.ruleTable = ruleTable(cl, sel.deselected)
	for _, r := range sel.evaluated {
		s.selected[r.ID] = true
		s.known[r.ID] = true
	}
	for _, r := range sel.deselected {
		s.known[r.ID] = true
	}
	return s, nil
}

// nodeData is what a node's evaluation reads under data: the catalog and
// shipped content, and the rule packages each kind of source can check
// (data.scan.runnable). The bundle's own map is left as it is: its digest
// is being taken meanwhile.
func nodeData(data map[string]any, mods []*ast.Module, needs map[*ast.Module][]string) map[string]any {
	d := maps.Clone(data)
	d["scan"] = map[string]any{"runnable": runnable(mods, needs), "profiles": map[string]any{}}
	return d
}

// Tool is what the scanner's reports name as their producer.
func (s *Scanner) Tool() report.Tool { return s.opts.Tool }

// Provenance is what shaped every report of this scanner; the caller may
// extend the copy (the waivers file, the gate).
func (s *Scanner) Provenance() report.Provenance { return s.provenanceCopy() }

// Rules returns the rules evaluated, node and cluster rules, sorted by id.
func (s *Scanner) Rules() []report.Rule {
	rules := slices.Concat(s.rules, s.cluster.rules)
	slices.SortFunc(rules, func(a, b report.Rule) int { return strings.Compare(a.ID, b.ID) })
	return rules
}

// Checks is the number of rules evaluated besides the completeness rules,
// which every selection keeps: zero means the selection checks nothing.
func (s *Scanner) Checks() int { return s.checks }

// KnownRule reports whether id names a loaded rule, evaluated or left out
// by --rule/--skip-rule (waivers for a left-out rule are not typos).
func (s *Scanner) KnownRule(id string) bool { return s.known[id] }

// Scan evaluates one snapshot into a report.
func (s *Scanner) Scan(ctx context.Context, snap *facts.Snapshot) (*report.Report, error) {
	node := s.override(snap.Node)
	in := *snap
	in.Node = node
	input, err := inputValue(&in)
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	res, err := s.evaluate(ctx, s.prepared, query, input)
	if err != nil {
		return nil, err
	}
	if err := s.profiles.note(ctx, input, res.Profile); err != nil {
		return nil, err
	}
	for i := range res.Findings {
		res.Findings[i].Node = node.Hostname
	}
	if node.VersionFrom == "flag" && snap.Node.Version != "" && snap.Node.Version != node.Version {
		res.Profile.Note += fmt.Sprintf("; the node records DC/OS %s", snap.Node.Version)
	}
	report.SortFindings(res.Findings)
	return &report.Report{
		SchemaVersion: report.SchemaVersion,
		Tool:          s.opts.Tool,
		Source: report.Source{Kind: snap.Source.Kind, Target: snap.Source.Target, Digest: snap.Source.Digest,
			GatheredAt: snap.Source.GatheredAt},
		Node:       report.Node{Hostname: node.Hostname, IP: node.IP, Roles: node.Roles, Version: node.Version},
		Profile:    res.Profile,
		Summary:    report.Summarize(res.Findings),
		Findings:   res.Findings,
		Rules:      s.ruleStatus(snap.Source.Kind, res.Findings),
		Provenance: s.provenanceCopy(),
		Units:      unitNames(snap),
	}, nil
}

func unitNames(snap *facts.Snapshot) []string {
	names := make([]string, len(snap.Units))
	for i, u := range snap.Units {
		names[i] = u.Name
	}
	return names
}

// provenanceCopy is the scanner's provenance for one report, which its
// caller may extend (the waivers file, the gate).
func (s *Scanner) provenanceCopy() report.Provenance {
	p := s.provenance
	p.Inputs = slices.Clone(p.Inputs)
	return p
}

// ruleStatus is every rule loaded, with what became of it: failed (it
// produced findings), passed, or not run, because the selection left it out
// or because it judges runtime state and the source was gathered offline;
// saying that such a rule passed would overstate the audit.
func (s *Scanner) ruleStatus(kind string, findings []report.Finding) []report.Rule {
	fired := map[string]bool{}
	for _, f := range findings {
		fired[f.RuleID] = true
	}
	rules := slices.Clone(s.ruleTable)
	for i := range rules {
		r := &rules[i]
		switch {
		case r.Status != "": // a cluster rule, or one the selection left out
		case fired[r.ID]:
			r.Status = report.RuleFailed
		case unmet(*r, kind) != "":
			r.Status, r.Reason = report.RuleNotRun, unmet(*r, kind)
		default:
			r.Status = report.RulePassed
		}
	}
	return rules
}

// ruleTable is every rule by id, sorted once rather than for each node:
// the node rules with no status yet, the cluster rules and those the
// selection left out with theirs.
func ruleTable(cl clusterRules, deselected []report.Rule) []report.Rule {
	rules := make([]report.Rule, 0, len(cl.nodeRules)+len(cl.rules)+len(deselected))
	for _, r := range cl.nodeRules {
		r.Status, r.Reason = "", ""
		rules = append(rules, r)
	}
	for _, r := range cl.rules {
		r.Status, r.Reason = report.RuleNotRun, clusterOnly
		rules = append(rules, r)
	}
	rules = append(rules, deselected...)
	slices.SortFunc(rules, func(a, b report.Rule) int { return strings.Compare(a.ID, b.ID) })
	return rules
}

// override applies the operator's --role and --dcos-version.
func (s *Scanner) override(n facts.Node) facts.Node {
	if s.opts.Role != "" {
		n.Roles, n.RolesFrom = []string{s.opts.Role}, "flag"
	}
	if s.opts.DCOSVersion != "" {
		n.Version, n.VersionFrom = s.opts.DCOSVersion, "flag"
	}
	return n
}

// evaluate runs a prepared query, whose value is a result, on an input.
func (s *Scanner) evaluate(ctx context.Context, pq rego.PreparedEvalQuery, q string, input ast.Value) (*result, error) {
	rs, err := pq.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, fmt.Errorf("evaluate policies: %w", err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, fmt.Errorf("evaluate policies: %s is undefined", q)
	}
	return s.decode(rs[0].Expressions[0].Value)
}

type result struct {
	Findings []report.Finding `json:"findings"`
	Profile  report.Profile   `json:"profile"`
}

// decode turns the query's value into findings strictly: a finding with a
// field the model does not know, no message, or an id outside the rule
// catalog is a policy bug, reported as an error rather than passed on.
func (s *Scanner) decode(v any) (*result, error) {
	var res result
	if err := jsonvalue.Assign(v, &res); err != nil {
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
