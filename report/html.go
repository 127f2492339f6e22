package report

import (
	"cmp"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// HTML writes the security review report: one self-contained page (inline
// CSS, no script, no external asset; it works offline and prints) with the
// scope, the summary by severity, the nodes, a node × component matrix,
// every finding with its evidence and remediation, the waivers, and the
// rules not checked and why. html/template escapes every value from a node,
// so a unit named <img src=x onerror=...>.service is text, and the page's
// Content-Security-Policy forbids scripts besides.
type HTML struct{}

//go:embed templates/review.html.tmpl
var reviewTemplate string

var review = template.Must(template.New("review").Funcs(template.FuncMap{
	"join":     strings.Join,
	"active":   func(fs []Finding) int { active, _ := splitWaived(fs); return len(active) },
	"baseline": baselineNote,
}).Parse(reviewTemplate))

// Write renders a node's report as the review of a cluster of one.
func (HTML) Write(w io.Writer, r *Report) error {
	c := &Cluster{Tool: r.Tool, Nodes: []NodeScan{NodeScanOf(cmp.Or(r.Node.Hostname, r.Source.Target), r)},
		Provenance: r.Provenance, Fixed: r.Fixed}
	for _, rule := range r.Rules {
		if rule.Area != clusterArea {
			c.NodeRules = append(c.NodeRules, rule)
		}
	}
	return HTML{}.WriteCluster(w, c)
}

// WriteCluster renders a cluster scan.
func (HTML) WriteCluster(w io.Writer, c *Cluster) error {
	return review.Execute(w, reviewOf(printableCluster(c)))
}

// printableCluster is a copy of c whose text from the nodes has its
// control characters escaped (Printable): html/template escapes markup,
// not the ESC of a terminal sequence, which a page viewed as text (less,
// a mail client) would obey.
func printableCluster(c *Cluster) *Cluster {
	p := Printable
	list := func(ss []string) []string {
		out := make([]string, len(ss))
		for i, s := range ss {
			out[i] = p(s)
		}
		return out
	}
	findings := func(fs []Finding) []Finding {
		out := slices.Clone(fs)
		for i := range out {
			f := &out[i]
			f.Title, f.Message, f.Node, f.Unit, f.Path, f.Remediation = p(f.Title), p(f.Message), p(f.Node), p(f.Unit), p(f.Path), p(f.Remediation)
			if f.Waiver != nil {
				wv := *f.Waiver
				wv.Justification, wv.Owner, wv.Expires, wv.Source = p(wv.Justification), p(wv.Owner), p(wv.Expires), p(wv.Source)
				f.Waiver = &wv
			}
		}
		return out
	}
	out := *c
	out.Findings = findings(c.Findings)
	out.Nodes = slices.Clone(c.Nodes)
	for i := range out.Nodes {
		n := &out.Nodes[i]
		n.Name, n.Error, n.Source.Target = p(n.Name), p(n.Error), p(n.Source.Target)
		n.Node.Hostname, n.Node.Version, n.Node.Roles = p(n.Node.Hostname), p(n.Node.Version), list(n.Node.Roles)
		n.Profile.Role, n.Profile.DCOSVersion, n.Profile.Note = p(n.Profile.Role), p(n.Profile.DCOSVersion), p(n.Profile.Note)
		n.Units, n.Findings = list(n.Units), findings(n.Findings)
		n.NotRun = slices.Clone(n.NotRun)
		for j := range n.NotRun {
			n.NotRun[j].Reason = p(n.NotRun[j].Reason)
		}
	}
	out.Provenance.Inputs = slices.Clone(c.Provenance.Inputs)
	for i := range out.Provenance.Inputs {
		out.Provenance.Inputs[i].Path = p(out.Provenance.Inputs[i].Path)
	}
	return &out
}

type reviewPage struct {
	*Cluster
	Name       string
	Roles      map[string]int
	Releases   []string
	Sources    []string
	Gathered   string
	Severities []Severity
	Summary    Summary
	Matrix     []matrixRow
	Findings   []reviewFinding
	Waived     []Finding
	NotChecked []notChecked
	Baselined  bool // a --baseline report shaped it: the fixed findings are listed
}

type reviewFinding struct {
	Finding
	HelpURI string
}

type matrixRow struct {
	Unit  string
	Cells []string
}

type notChecked struct {
	Rules  string
	Reason string
	Nodes  []string
}

func reviewOf(c *Cluster) *reviewPage {
	sevs := Severities()
	slices.Reverse(sevs)
	p := &reviewPage{Cluster: c, Name: clusterName(c), Roles: map[string]int{}, Severities: sevs,
		Summary: Summarize(c.AllFindings())}
	if len(c.Nodes) == 1 {
		p.Name = c.Nodes[0].Name
	}
	releases, sources := map[string]bool{}, map[string]bool{}
	var first, last time.Time
	for _, n := range c.Nodes {
		p.Roles[cmp.Or(n.Profile.Role, "no role")]++
		if n.Profile.DCOSVersion != "" {
			releases[n.Profile.DCOSVersion] = true
		}
		if n.Source.Kind != "" {
			sources[n.Source.Kind] = true
		}
		if t := n.Source.GatheredAt; !t.IsZero() {
			if first.IsZero() || t.Before(first) {
				first = t
			}
			if t.After(last) {
				last = t
			}
		}
	}
	p.Releases, p.Sources = slices.Sorted(maps.Keys(releases)), slices.Sorted(maps.Keys(sources))
	switch {
	case first.IsZero():
		p.Gathered = "unknown"
	case first.Equal(last):
		p.Gathered = first.UTC().Format(time.RFC3339)
	default:
		p.Gathered = fmt.Sprintf("%s to %s", first.UTC().Format(time.RFC3339), last.UTC().Format(time.RFC3339))
	}

	help := map[string]string{}
	for _, r := range slices.Concat(c.NodeRules, c.Rules) {
		help[r.ID] = r.HelpURI
	}
	all := bySeverity(c.AllFindings())
	for _, f := range all {
		p.Findings = append(p.Findings, reviewFinding{f, help[f.RuleID]})
		if f.Waived && f.Waiver != nil {
			p.Waived = append(p.Waived, f)
		}
	}
	p.Baselined = baselined(c.Provenance)
	p.Matrix = matrix(c)
	p.NotChecked = notCheckedOf(c)
	return p
}

// matrix is a row per unit any node wants or a finding names, a cell per
// node: present, missing, foreign (of another role or release, unknown to
// the catalog, or not a unit name), unhealthy, not checked (the node was
// not read), or empty (not wanted there, as expected).
func matrix(c *Cluster) []matrixRow {
	units := map[string]bool{}
	for _, n := range c.Nodes {
		for _, u := range n.Units {
			units[u] = true
		}
		for _, f := range n.Findings {
			if f.Unit != "" {
				units[f.Unit] = true
			}
		}
	}
	var rows []matrixRow
	for _, u := range slices.Sorted(maps.Keys(units)) {
		row := matrixRow{Unit: u}
		for _, n := range c.Nodes {
			row.Cells = append(row.Cells, cellOf(n, u))
		}
		rows = append(rows, row)
	}
	return rows
}

func cellOf(n NodeScan, unit string) string {
	if n.Error != "" {
		return "not-checked"
	}
	state := ""
	if slices.Contains(n.Units, unit) {
		state = "present"
	}
	for _, f := range n.Findings {
		if f.Unit != unit || f.Waived {
			continue
		}
		switch {
		case f.RuleID == "DCOS-U001" || f.RuleID == "DCOS-T001":
			return "missing"
		case f.RuleID == "DCOS-U002" || f.RuleID == "DCOS-U003" || f.RuleID == "DCOS-U004" || f.RuleID == "DCOS-F002":
			state = "foreign"
		case strings.HasPrefix(f.RuleID, "DCOS-H") && state != "foreign":
			state = "unhealthy"
		}
	}
	return state
}

// notCheckedOf groups the rules not checked by reason, with the nodes.
func notCheckedOf(c *Cluster) []notChecked {
	type key struct{ rules, reason string }
	nodes := map[key][]string{}
	for _, n := range c.Nodes {
		if n.Error != "" {
			k := key{"every rule", "the node's facts could not be read: " + n.Error}
			nodes[k] = append(nodes[k], n.Name)
			continue
		}
		byReason := map[string][]string{}
		for _, u := range n.NotRun {
			byReason[u.Reason] = append(byReason[u.Reason], u.ID)
		}
		for reason, ids := range byReason {
			k := key{strings.Join(ids, " "), reason}
			nodes[k] = append(nodes[k], n.Name)
		}
	}
	var out []notChecked
	for k, ns := range nodes {
		out = append(out, notChecked{Rules: k.rules, Reason: k.reason, Nodes: ns})
	}
	slices.SortFunc(out, func(a, b notChecked) int {
		return cmp.Or(strings.Compare(a.Rules, b.Rules), strings.Compare(a.Reason, b.Reason))
	})
	return out
}
