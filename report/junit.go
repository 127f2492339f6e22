package report

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// JUnit writes the report as JUnit XML for the test report views of
// Jenkins, GitLab CI and Azure Pipelines: one <testsuites> holding one
// <testsuite> for the node. A rule that found nothing is one passing
// <testcase>; a rule that fired is one <testcase> per finding, failed by a
// <failure> when the finding is active and <skipped> when a waiver covers it.
//
// One test case per finding, not per rule: Jenkins reads only the first
// <failure> of a test case, and counts a test case that has a <skipped> as
// skipped even when it also has a <failure>, so a rule with several
// findings, or with an active and a waived one, would hide active findings.
// This way tests, failures and skipped count test cases and findings alike:
// failures is the number of active findings, skipped the number of waived
// ones (Summary) plus the rules not run, each a <skipped> with why, and
// every CI shows each finding. Suite properties record what shaped the
// report (provenance).
//
// The XML has no durations (a scan has no per-rule time) and no time of
// rendering; timestamp is when the facts were gathered.
type JUnit struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Timestamp  string          `xml:"timestamp,attr,omitempty"`
	Hostname   string          `xml:"hostname,attr,omitempty"`
	Properties []junitProperty `xml:"properties>property"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Failure   *junitOutcome `xml:"failure"`
	Skipped   *junitOutcome `xml:"skipped"`
	Error     *junitOutcome `xml:"error"`
}

// junitOutcome is a <failure> or a <skipped>. Its text is written as
// inner XML so that line breaks stay line breaks (encoding/xml writes them
// as &#xA; in character data); junitText escapes it.
type junitOutcome struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr,omitempty"`
	Text    string `xml:",innerxml"`
}

// Write renders r to w.
func (JUnit) Write(w io.Writer, r *Report) error {
	suite, err := junitSuiteOf(r)
	if err != nil {
		return err
	}
	doc := junitSuites{
		Name:     "dcos-audit",
		Tests:    suite.Tests,
		Failures: suite.Failures,
		Skipped:  suite.Skipped,
		Suites:   []junitSuite{suite},
	}
	return writeJUnit(w, doc)
}

// WriteCluster renders a cluster scan: a <testsuite> per node, in the
// order of the scan, then one for the cluster rules. A node whose snapshot
// could not be read is a suite of one errored test case.
func (JUnit) WriteCluster(w io.Writer, c *Cluster) error {
	doc := junitSuites{Name: "dcos-audit"}
	for _, n := range c.Nodes {
		var suite junitSuite
		if n.Error != "" {
			suite = junitSuite{Name: "dcos-audit " + n.Name, Errors: 1, Tests: 1, Cases: []junitCase{{
				Classname: n.Name, Name: "read the node's facts", Error: &junitOutcome{Message: n.Error},
			}}}
			junitPrintable(&suite)
		} else {
			var err error
			if suite, err = junitSuiteOf(c.nodeReport(n)); err != nil {
				return err
			}
		}
		doc.Suites = append(doc.Suites, suite)
	}
	suite, err := junitSuiteOf(c.clusterReport())
	if err != nil {
		return err
	}
	doc.Suites = append(doc.Suites, suite)
	for _, s := range doc.Suites {
		doc.Tests += s.Tests
		doc.Failures += s.Failures
		doc.Errors += s.Errors
		doc.Skipped += s.Skipped
	}
	return writeJUnit(w, doc)
}

func writeJUnit(w io.Writer, doc junitSuites) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitSuiteOf(r *Report) (junitSuite, error) {
	s := junitSuite{
		Name:       strings.TrimSpace("dcos-audit " + r.Node.Hostname),
		Hostname:   r.Node.Hostname,
		Properties: junitProperties(r),
	}
	if !r.Source.GatheredAt.IsZero() {
		// The schema Ant and Jenkins follow wants a local time without zone.
		s.Timestamp = r.Source.GatheredAt.UTC().Format("2006-01-02T15:04:05")
	}

	byRule := map[string][]Finding{}
	for _, f := range r.Findings {
		byRule[f.RuleID] = append(byRule[f.RuleID], f)
	}
	names := map[string]int{}
	for _, rule := range sarifRules(r) {
		class := ruleArea(rule)
		if r.Node.Hostname != "" {
			// Jenkins shows the part before the last dot as the package:
			// one per node when several nodes' reports are published.
			class = r.Node.Hostname + "." + class
		}
		base := strings.TrimSpace(rule.ID + " " + rule.Title)
		findings := byRule[rule.ID]
		if len(findings) == 0 {
			c := junitCase{Classname: class, Name: base}
			if rule.Status == RuleNotRun {
				// Not run is not passed: CI shows it as skipped, with why.
				c.Skipped = &junitOutcome{Message: "not run: " + rule.Reason}
				s.Skipped++
			}
			s.Cases = append(s.Cases, c)
			continue
		}
		for _, f := range findings {
			if f.Severity < Info || f.Severity > Critical {
				return junitSuite{}, fmt.Errorf("finding of rule %s: invalid severity %d", f.RuleID, int(f.Severity))
			}
			c := junitCase{Classname: class, Name: uniqueName(names, base, f)}
			if f.Waived {
				c.Skipped = junitSkipped(f)
				s.Skipped++
			} else {
				c.Failure = junitFailure(rule, f)
				s.Failures++
			}
			s.Cases = append(s.Cases, c)
		}
	}
	s.Tests = len(s.Cases)
	junitPrintable(&s)
	return s, nil
}

// junitPrintable escapes the controls of the suite's attributes
// (Printable). XML 1.0 cannot hold most of them, and encoding/xml would
// write U+FFFD; C1 controls it would write as they are, for a terminal to
// obey. Tabs and line breaks it writes as character references.
func junitPrintable(s *junitSuite) {
	p := func(v *string) { *v = printable(*v, "\t\n\r") }
	p(&s.Name)
	p(&s.Hostname)
	for i := range s.Properties {
		p(&s.Properties[i].Value)
	}
	for i := range s.Cases {
		c := &s.Cases[i]
		p(&c.Classname)
		p(&c.Name)
		for _, o := range []*junitOutcome{c.Failure, c.Skipped, c.Error} {
			if o != nil {
				p(&o.Message) // Text is escaped already, by junitText
			}
		}
	}
}

// uniqueName names a finding's test case after its rule and what it is
// about (unit, else path); a second case of the same name gets " #2", so
// that CI history tells them apart.
func uniqueName(seen map[string]int, base string, f Finding) string {
	name := base
	if subject := cmp.Or(f.Unit, f.Path); subject != "" {
		name += " (" + subject + ")"
	}
	seen[name]++
	if n := seen[name]; n > 1 {
		name += " #" + strconv.Itoa(n)
	}
	return name
}

func junitFailure(rule Rule, f Finding) *junitOutcome {
	var lines []string
	add := func(label, value string) {
		if value != "" {
			lines = append(lines, label+": "+value)
		}
	}
	add("unit", f.Unit)
	add("path", f.Path)
	add("remediation", cmp.Or(f.Remediation, rule.Remediation))
	add("more", rule.HelpURI)
	return &junitOutcome{
		Message: cmp.Or(f.Message, f.Title, f.RuleID) + baselineNote(f),
		Type:    f.Severity.String(),
		Text:    junitText(strings.Join(lines, "\n")),
	}
}

// junitSkipped says which waiver covers a finding in the message, the one
// line every CI shows, and keeps the finding itself in the text.
func junitSkipped(f Finding) *junitOutcome {
	msg := "waived"
	lines := []string{cmp.Or(f.Message, f.Title, f.RuleID)}
	if wv := f.Waiver; wv != nil {
		msg = fmt.Sprintf("waived: %s (%s, until %s)", cmp.Or(wv.Justification, "no justification"),
			cmp.Or(wv.Owner, "no owner"), cmp.Or(wv.Expires, "?"))
		if wv.Source != "" {
			lines = append(lines, "waiver: "+wv.Source)
		}
	}
	lines = append(lines, "severity: "+f.Severity.String())
	if f.Unit != "" {
		lines = append(lines, "unit: "+f.Unit)
	}
	if f.Path != "" {
		lines = append(lines, "path: "+f.Path)
	}
	return &junitOutcome{Message: msg, Text: junitText(strings.Join(lines, "\n"))}
}

// junitText escapes s as XML character data, keeping line breaks literal.
// Controls are escaped visibly (Printable), so any message gives
// well-formed XML that a terminal can show.
func junitText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(printable(s, "\t\n\r"))) // a strings.Builder does not fail
	return strings.ReplaceAll(b.String(), "&#xA;", "\n")
}

// junitProperties records what was scanned and against which profile;
// Jenkins keeps suite properties with the results.
func junitProperties(r *Report) []junitProperty {
	var props []junitProperty
	add := func(name, value string) {
		if value != "" {
			props = append(props, junitProperty{Name: name, Value: value})
		}
	}
	add("dcos-audit.version", r.Tool.Version)
	add("node.hostname", r.Node.Hostname)
	add("node.roles", strings.Join(r.Node.Roles, ","))
	add("node.dcos_version", r.Node.Version)
	add("profile.role", r.Profile.Role)
	add("profile.catalog_version", r.Profile.CatalogVersion)
	add("profile.note", r.Profile.Note)
	add("source.kind", r.Source.Kind)
	add("source.target", r.Source.Target)
	add("source.digest", r.Source.Digest)
	if !r.Source.GatheredAt.IsZero() {
		add("source.gathered_at", r.Source.GatheredAt.UTC().Format("2006-01-02T15:04:05Z07:00"))
	}
	add("dcos-audit.commit", r.Tool.Commit)
	add("provenance.catalog_version", r.Provenance.CatalogVersion)
	add("provenance.rules", ruleCounts(r))
	add("provenance.selection", selectionText(r.Provenance.Selection))
	for _, in := range r.Provenance.Inputs {
		add("provenance.input."+in.Kind, in.Path+" sha256:"+in.SHA256)
	}
	add("provenance.fail_on", r.Provenance.FailOn)
	return props
}

// ruleArea is the area of a rule: its package's (rules.<area>.<name>), for
// a rule of an older report its first tag, else "custom".
func ruleArea(rule Rule) string {
	if rule.Area != "" {
		return rule.Area
	}
	if i := slices.IndexFunc(rule.Tags, func(t string) bool { return t != "" }); i >= 0 {
		return rule.Tags[i]
	}
	return "custom"
}
