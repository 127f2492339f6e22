package report

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"
)

// SARIF writes the report as a SARIF 2.1.0 log for GitHub code scanning and
// other SARIF consumers: one run, the full rule list in
// tool.driver.rules, one result per finding; a waived finding's result
// carries the waiver as a suppression. Its bytes depend on the report
// alone (no timestamps, no GUIDs), so it is golden-tested like the others.
//
// Only the With* setters of go-sarif are used for maps: its Add* map
// methods panic on freshly constructed objects (v3.3.1).
type SARIF struct{}

const (
	sarifToolName = "dcos-audit"
	// sarifSchemaURI is the schema the output is validated against in tests.
	sarifSchemaURI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
	// sarifRootBaseID names the scanned root; artifact URIs are relative to it.
	sarifRootBaseID = "ROOT"
	// fingerprintKey is the partialFingerprints key of a result. Bump its
	// version only when the fingerprint input changes, as that reopens
	// every alert.
	fingerprintKey = "dcosAuditFinding/v1"
	// wantsDir stands in for the location of a finding that has no path:
	// GitHub code scanning drops results without a physical location.
	wantsDir = "etc/systemd/system/dcos.target.wants"
)

// Write renders r to w.
func (SARIF) Write(w io.Writer, r *Report) error {
	log, err := sarifLog(r)
	if err != nil {
		return err
	}
	return encodeSARIF(w, log)
}

func encodeSARIF(w io.Writer, log *sarif.Report) error {
	var full bytes.Buffer
	if err := log.Write(&full); err != nil {
		return err
	}
	b, err := compactSARIF(full.Bytes())
	if err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// compactSARIF leaves out what go-sarif writes for every member it has:
// empty strings, arrays and objects, -1, which SARIF 2.1.0 uses as the
// default meaning "absent" (rank, index, ...), and members that have their
// default value. A run's results stay even when
// empty: [] says the analysis ran and found nothing.
func compactSARIF(b []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(prune(doc, "")); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// isSARIFDefault reports whether a member has the value SARIF 2.1.0
// assumes when it is absent (language, a result's kind, newlineSequences).
func isSARIFDefault(key string, v any) bool {
	switch key {
	case "language":
		return v == "en-US"
	case "kind":
		return v == "fail"
	case "newlineSequences":
		s, ok := v.([]any)
		return ok && len(s) == 2 && s[0] == "\r\n" && s[1] == "\n"
	}
	return false
}

func prune(v any, key string) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			e = prune(e, k)
			if e == nil || isSARIFDefault(k, e) {
				delete(v, k)
			} else {
				v[k] = e
			}
		}
		if len(v) == 0 {
			return nil
		}
	case []any:
		kept := v[:0]
		for _, e := range v {
			if e = prune(e, ""); e != nil {
				kept = append(kept, e)
			}
		}
		if len(kept) == 0 && key != "results" {
			return nil
		}
		return kept
	case json.Number:
		if v == "-1" {
			return nil
		}
	case string:
		if v == "" {
			return nil
		}
	}
	return v
}

// sarifDriver describes the tool and its rules; index maps a rule id to
// its position, for each result's ruleIndex.
func sarifDriver(tool Tool, rules []Rule) (driver *sarif.ToolComponent, index map[string]int, err error) {
	index = make(map[string]int, len(rules))
	descriptors := make([]*sarif.ReportingDescriptor, 0, len(rules))
	for i, rule := range rules {
		d, err := sarifRule(rule)
		if err != nil {
			return nil, nil, err
		}
		index[rule.ID] = i
		descriptors = append(descriptors, d)
	}
	driver = sarif.NewToolComponent().WithName(sarifToolName).WithRules(descriptors)
	if tool.Version != "" {
		driver.WithVersion(tool.Version)
	}
	if tool.URI != "" {
		driver.WithInformationURI(tool.URI)
	}
	return driver, index, nil
}

func sarifLog(r *Report) (*sarif.Report, error) {
	driver, index, err := sarifDriver(r.Tool, sarifRules(r))
	if err != nil {
		return nil, err
	}

	run := sarif.NewRun().
		WithTool(sarif.NewTool().WithDriver(driver)).
		WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{
			sarifRootBaseID: *sarif.NewArtifactLocation().WithURI("file:///"),
		}).
		WithProperties(sarif.NewPropertyBag().
			Add("hostname", r.Node.Hostname).
			Add("roles", nonNil(r.Node.Roles)).
			Add("dcosVersion", r.Node.Version).
			Add("sourceDigest", r.Source.Digest).
			Add("profile", map[string]string{
				"role":           r.Profile.Role,
				"dcosVersion":    r.Profile.DCOSVersion,
				"catalogVersion": r.Profile.CatalogVersion,
				"note":           r.Profile.Note,
			}).
			Add("provenance", sarifProvenance(r)))

	for _, f := range r.Findings {
		host := cmp.Or(f.Node, r.Node.Hostname)
		res, err := sarifResult(f, host, index[f.RuleID], artifactURI(f.Path), sarifRootBaseID)
		if err != nil {
			return nil, err
		}
		run.AddResult(res)
	}

	log := sarif.NewReport().AddRun(run)
	log.Schema = sarifSchemaURI
	return log, nil
}

// sarifProvenance is what shaped the report, in the run's properties: the
// commit, the catalog, the selection, the site's inputs, the gate, and the
// rules that passed and were not run (with why).
func sarifProvenance(r *Report) map[string]any {
	p := r.Provenance
	inputs := make([]map[string]string, 0, len(p.Inputs))
	for _, in := range p.Inputs {
		inputs = append(inputs, map[string]string{"kind": in.Kind, "path": in.Path, "sha256": in.SHA256})
	}
	notRun := []map[string]string{}
	for _, rule := range r.Rules {
		if rule.Status == RuleNotRun {
			notRun = append(notRun, map[string]string{"id": rule.ID, "reason": rule.Reason})
		}
	}
	return map[string]any{
		"toolCommit":     r.Tool.Commit,
		"catalogVersion": p.CatalogVersion,
		"failOn":         p.FailOn,
		"selection": map[string]any{
			"rules": p.Selection.Rules, "skipRules": p.Selection.SkipRules, "noBuiltin": p.Selection.NoBuiltin,
		},
		"inputs":       inputs,
		"rulesPassed":  rulesWithStatus(r, RulePassed),
		"rulesNotRun":  notRun,
		"rulesSummary": ruleCounts(r),
	}
}

// sarifRules is the rule list sorted by id, plus a rule made from the
// finding for any rule id the catalog lacks, so that every result has a
// ruleIndex.
func sarifRules(r *Report) []Rule {
	rules := make([]Rule, 0, len(r.Rules))
	seen := make(map[string]bool, len(r.Rules))
	for _, rule := range r.Rules {
		if !seen[rule.ID] {
			seen[rule.ID] = true
			rules = append(rules, rule)
		}
	}
	for _, f := range r.Findings {
		if !seen[f.RuleID] {
			seen[f.RuleID] = true
			rules = append(rules, Rule{ID: f.RuleID, Title: f.Title, Severity: f.Severity, Remediation: f.Remediation})
		}
	}
	slices.SortStableFunc(rules, func(a, b Rule) int { return cmp.Compare(a.ID, b.ID) })
	return rules
}

func sarifRule(rule Rule) (*sarif.ReportingDescriptor, error) {
	level, score, err := sarifSeverity(rule.Severity)
	if err != nil {
		return nil, fmt.Errorf("rule %s: %w", rule.ID, err)
	}
	// GitHub shows shortDescription, fullDescription and help; none may
	// be empty.
	short := cmp.Or(rule.Title, rule.ID)
	full := cmp.Or(rule.Description, short)
	help := cmp.Or(rule.Remediation, full)
	markdown := full
	if rule.Remediation != "" {
		markdown = "**Remediation:** " + rule.Remediation
	}

	d := sarif.NewRule(rule.ID).
		WithName(ruleName(rule)).
		WithShortDescription(sarif.NewMultiformatMessageString().WithText(short)).
		WithFullDescription(sarif.NewMultiformatMessageString().WithText(full)).
		WithHelp(sarif.NewMultiformatMessageString().WithText(help).WithMarkdown(markdown)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level)).
		WithProperties(sarif.NewPropertyBag().
			Add("security-severity", score).
			Add("precision", "very-high").
			WithTags(sarifTags(rule.Tags)))
	if rule.HelpURI != "" {
		d.WithHelpURI(rule.HelpURI)
	}
	return d, nil
}

// sarifResult is finding f of node host at artifact uri, relative to
// baseID.
func sarifResult(f Finding, host string, ruleIndex int, uri, baseID string) (*sarif.Result, error) {
	level, _, err := sarifSeverity(f.Severity)
	if err != nil {
		return nil, fmt.Errorf("finding of rule %s: %w", f.RuleID, err)
	}
	loc := sarif.NewLocation().WithPhysicalLocation(sarif.NewPhysicalLocation().
		WithArtifactLocation(sarif.NewArtifactLocation().WithURI(uri).WithURIBaseID(baseID)).
		// Unit files and links have no line of their own; line 1 names the
		// file. GitHub places alerts by region.startLine.
		WithRegion(sarif.NewRegion().WithStartLine(1)))
	if name := cmp.Or(f.Unit, host); name != "" {
		fqn := name
		if f.Unit != "" && host != "" {
			fqn = host + "/" + f.Unit
		}
		loc.WithLogicalLocations([]*sarif.LogicalLocation{
			sarif.NewLogicalLocation().WithName(name).WithFullyQualifiedName(fqn).WithKind("resource"),
		})
	}

	res := sarif.NewRuleResult(f.RuleID).
		WithRuleIndex(ruleIndex).
		WithLevel(level).
		WithMessage(sarif.NewTextMessage(cmp.Or(f.Message, f.Title, f.RuleID))).
		WithLocations([]*sarif.Location{loc}).
		WithPartialFingerprints(map[string]string{
			fingerprintKey: fingerprint(f, host),
		})
	if f.Waived {
		res.WithSuppressions([]*sarif.Suppression{sarifSuppression(f.Waiver)})
	}
	if f.Baseline != "" {
		res.WithBaselineState(f.Baseline) // SARIF's own words: new, unchanged
	}
	return res, nil
}

// sarifSuppression records a waiver the SARIF way: kept outside the
// scanned tree (kind external), reviewed and accepted (status accepted),
// with its justification; owner, expiry and source go in its properties.
func sarifSuppression(wv *Waiver) *sarif.Suppression {
	s := sarif.NewSuppression().WithKind("external").WithStatus("accepted")
	if wv == nil {
		return s
	}
	if wv.Justification != "" {
		s.WithJustification(wv.Justification)
	}
	return s.WithProperties(sarif.NewPropertyBag().
		Add("owner", wv.Owner).
		Add("expires", wv.Expires).
		Add("source", wv.Source))
}

// fingerprint identifies a finding across runs for SARIF consumers: the
// same rule on the same node, unit and path gives the same value whatever
// the message says, so rewording a message does not reopen alerts. A
// finding with neither unit nor path (one about a waiver) has only its
// message to tell it from another of the same rule.
func fingerprint(f Finding, hostname string) string {
	key := f.RuleID + "\x00" + hostname + "\x00" + f.Unit + "\x00" + f.Path
	if f.Unit == "" && f.Path == "" {
		key += "\x00" + f.Message
	}
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// sarifSeverity maps a severity to a SARIF level and to GitHub's
// security-severity score (a number 0.0–10.0 as a string; GitHub shows
// > 9.0 as critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low).
func sarifSeverity(s Severity) (level, score string, err error) {
	switch s {
	case Critical:
		return sarif.LevelError, "9.5", nil
	case High:
		return sarif.LevelError, "8.0", nil
	case Medium:
		return sarif.LevelWarning, "5.5", nil
	case Low:
		return sarif.LevelNote, "3.0", nil
	case Info:
		return sarif.LevelNote, "1.0", nil
	}
	return "", "", fmt.Errorf("invalid severity %d", int(s))
}

// artifactURI makes a finding's path a URI reference relative to the
// scanned root: forward slashes, no leading slash, no way above the root,
// percent-encoded where a URI needs it (systemd escapes use backslashes).
func artifactURI(p string) string {
	p = strings.TrimPrefix(path.Clean("/"+filepath.ToSlash(p)), "/")
	if p == "" {
		p = wantsDir
	}
	return (&url.URL{Path: p}).String()
}

// sarifTags are the rule's tags plus "security", which GitHub needs to
// treat the results as security alerts and read security-severity. The
// schema wants them unique.
func sarifTags(tags []string) []string {
	out := make([]string, 0, len(tags)+1)
	for _, t := range append(slices.Clone(tags), "security") {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// ruleName is the rule's title in CamelCase ("Required unit missing" →
// "RequiredUnitMissing"), the form SARIF suggests for reportingDescriptor
// names; the id when there is no title.
func ruleName(rule Rule) string {
	var b strings.Builder
	for _, word := range strings.FieldsFunc(rule.Title, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		rs := []rune(word)
		b.WriteRune(unicode.ToUpper(rs[0]))
		b.WriteString(string(rs[1:]))
	}
	if b.Len() == 0 {
		return rule.ID
	}
	return b.String()
}

// sarifNodesBaseID is the base of a cluster scan's locations, <node>/<path>.
const sarifNodesBaseID = "NODES"

// sarifMaxResults bounds the results of a run: GitHub code scanning
// accepts at most 5,000 per run (more are dropped without a word).
const sarifMaxResults = 5000

// WriteCluster renders a cluster scan as one run: the node rules and the
// cluster rules, each node's findings located at <node>/<path> (relative,
// unique per node, so that alerts of one file on two nodes stay apart), the
// cluster findings at "cluster". automationDetails.id names the cluster by
// its masters, so that GitHub keeps one analysis per cluster. Beyond 5,000
// results the most severe are kept and the run's properties count what was
// left out.
func (SARIF) WriteCluster(w io.Writer, c *Cluster) error {
	rules := slices.Concat(c.NodeRules, c.Rules)
	slices.SortStableFunc(rules, func(a, b Rule) int { return cmp.Compare(a.ID, b.ID) })
	driver, index, err := sarifDriver(c.Tool, rules)
	if err != nil {
		return err
	}
	type located struct {
		f         Finding
		host, uri string
	}
	var all []located
	nodes := make([]map[string]string, 0, len(c.Nodes))
	for _, n := range c.Nodes {
		nodes = append(nodes, map[string]string{"name": n.Name, "role": n.Profile.Role,
			"dcosVersion": n.Profile.DCOSVersion, "source": n.Source.Target, "error": n.Error})
		for _, f := range n.Findings {
			all = append(all, located{f, n.Name, (&url.URL{Path: n.Name}).String() + "/" + artifactURI(f.Path)})
		}
	}
	for _, f := range c.Findings {
		all = append(all, located{f, "", "cluster"})
	}
	slices.SortStableFunc(all, func(a, b located) int { return cmp.Compare(b.f.Severity, a.f.Severity) })
	omitted := map[string]int{}
	if len(all) > sarifMaxResults {
		for _, l := range all[sarifMaxResults:] {
			omitted[l.f.Severity.String()]++
		}
		all = all[:sarifMaxResults]
	}
	run := sarif.NewRun().
		WithTool(sarif.NewTool().WithDriver(driver)).
		WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{
			sarifNodesBaseID: *sarif.NewArtifactLocation().WithDescription(sarif.NewTextMessage(
				"The nodes of the scan: <node>/ is a node's root filesystem; cluster findings are at cluster.")),
		}).
		WithAutomationDetails(sarif.NewRunAutomationDetails().WithID("dcos-audit/cluster/" + clusterName(c) + "/")).
		WithProperties(sarif.NewPropertyBag().
			Add("nodes", nodes).
			Add("omittedResults", omitted).
			Add("provenance", sarifProvenance(c.clusterReport())))
	for _, l := range all {
		res, err := sarifResult(l.f, l.host, index[l.f.RuleID], l.uri, sarifNodesBaseID)
		if err != nil {
			return err
		}
		run.AddResult(res)
	}
	log := sarif.NewReport().AddRun(run)
	log.Schema = sarifSchemaURI
	return encodeSARIF(w, log)
}

// clusterName names a cluster by its masters (sorted, joined by "+"), or
// by its node count when no master was scanned.
func clusterName(c *Cluster) string {
	var masters []string
	for _, n := range c.Nodes {
		if n.Profile.Role == "master" {
			masters = append(masters, n.Name)
		}
	}
	if len(masters) == 0 {
		return fmt.Sprintf("%d-nodes", len(c.Nodes))
	}
	slices.Sort(masters)
	return strings.Join(masters, "+")
}
