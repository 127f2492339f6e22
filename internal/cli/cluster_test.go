package cli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/dcos-audit/dcos-audit/internal/sarifcheck"
	"github.com/dcos-audit/dcos-audit/report"
)

// clusterDir gathers a snapshot per node into a directory: name → fixture,
// the hostname set to the name.
func clusterDir(t *testing.T, nodes map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, fixture := range nodes {
		var out bytes.Buffer
		if code := run(t.Context(), []string{"gather", "--root", "testdata/fixtures/" + fixture + "/root"}, nil, &out, io.Discard); code != 0 {
			t.Fatalf("gather %s: exit %d", fixture, code)
		}
		var snap map[string]any
		if err := json.Unmarshal(out.Bytes(), &snap); err != nil {
			t.Fatal(err)
		}
		snap["node"].(map[string]any)["hostname"] = name
		b, err := json.Marshal(snap)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func scanCluster(t *testing.T, args ...string) (int, *report.Cluster, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(t.Context(), append([]string{"scan", "--format", "json"}, args...), nil, &stdout, &stderr)
	if stdout.Len() == 0 {
		return code, nil, stderr.String()
	}
	var c report.Cluster
	dec := json.NewDecoder(&stdout)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		t.Fatalf("the cluster report does not decode: %v", err)
	}
	return code, &c, stderr.String()
}

func clusterIDs(c *report.Cluster) (nodes map[string][]string, cluster []string) {
	nodes = map[string][]string{}
	for _, n := range c.Nodes {
		nodes[n.Name] = []string{}
		for _, f := range n.Findings {
			nodes[n.Name] = append(nodes[n.Name], f.RuleID)
		}
	}
	for _, f := range c.Findings {
		cluster = append(cluster, f.RuleID)
	}
	return nodes, cluster
}

// TestClusterScan: three masters, a private and a public agent come out
// clean together; without one master the quorum finding fires; a public
// agent's unit on a private agent is that node's finding only; a snapshot
// that cannot be read is reported and fails the scan, the others are
// still scanned.
func TestClusterScan(t *testing.T) {
	healthy := map[string]string{"m1": "master-2.2.1", "m2": "master-2.2.1", "m3": "master-2.2.1",
		"a1": "agent-2.2.1", "p1": "public-agent-2.2.1"}
	dir := clusterDir(t, healthy)

	code, c, stderr := scanCluster(t, "--snapshot", dir)
	if code != 0 || c == nil {
		t.Fatalf("healthy cluster: exit %d: %s", code, stderr)
	}
	nodes, cluster := clusterIDs(c)
	if c.SchemaVersion != report.ClusterSchemaVersion || len(c.Nodes) != 5 || len(cluster) != 0 {
		t.Errorf("healthy cluster: schema %d, %d nodes, cluster findings %v", c.SchemaVersion, len(c.Nodes), cluster)
	}
	for name, ids := range nodes {
		if len(ids) != 0 {
			t.Errorf("healthy cluster: %s has %v", name, ids)
		}
	}
	for _, n := range c.Nodes {
		if slices.ContainsFunc(n.NotRun, func(u report.Unchecked) bool { return strings.HasPrefix(u.ID, "DCOS-C") }) {
			t.Errorf("%s lists cluster rules as not run: %v", n.Name, n.NotRun)
		}
		if len(n.NotRun) == 0 {
			t.Errorf("%s: the live rules are not listed as not run on a snapshot", n.Name)
		}
	}
	if len(c.Rules) != 8 || slices.ContainsFunc(c.Rules, func(r report.Rule) bool { return r.Status != report.RulePassed }) {
		t.Errorf("cluster rules: %v", c.Rules)
	}

	files := func(names ...string) []string {
		var args []string
		for _, n := range names {
			args = append(args, "--snapshot", filepath.Join(dir, n+".json"))
		}
		return args
	}
	code, c, _ = scanCluster(t, files("m1", "m2", "a1", "p1")...)
	if _, cluster := clusterIDs(c); code != exitFindings || !slices.Equal(cluster, []string{"DCOS-C002"}) {
		t.Errorf("two masters: exit %d, cluster findings %v", code, cluster)
	}

	wrong := clusterDir(t, map[string]string{"a2": "agent-with-public-unit"})
	code, c, _ = scanCluster(t, append(files("m1", "m2", "m3", "a1", "p1"), "--snapshot", wrong)...)
	nodes, cluster = clusterIDs(c)
	if code != exitFindings || !slices.Equal(nodes["a2"], []string{"DCOS-U002"}) || len(nodes["a1"]) != 0 || len(cluster) != 0 {
		t.Errorf("a public unit on a private agent: exit %d, nodes %v, cluster %v", code, nodes, cluster)
	}

	corrupt := filepath.Join(t.TempDir(), "corrupt.json")
	if err := os.WriteFile(corrupt, []byte(`{"schema_version": 1`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, c, stderr = scanCluster(t, "--snapshot", dir, "--snapshot", corrupt)
	if code != exitError || c == nil || len(c.Nodes) != 6 || !strings.Contains(stderr, "1 of 6 nodes could not be read") {
		t.Fatalf("a corrupt snapshot: exit %d, stderr %q", code, stderr)
	}
	if n := c.Nodes[5]; n.Name != corrupt || !strings.Contains(n.Error, "corrupt snapshot") {
		t.Errorf("the corrupt node: %+v", n)
	}

	junit := filepath.Join(t.TempDir(), "cluster.xml")
	code, _, stderr = scanCluster(t, "--snapshot", dir, "--snapshot", corrupt, "--format", "junit="+junit)
	b, err := os.ReadFile(junit)
	if code != exitError || err != nil {
		t.Fatalf("junit: exit %d, %v: %s", code, err, stderr)
	}
	var doc struct {
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Name   string `xml:"name,attr"`
			Tests  int    `xml:"tests,attr"`
			Errors int    `xml:"errors,attr"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	var suites []string
	for _, s := range doc.Suites {
		suites = append(suites, s.Name)
	}
	want := []string{"dcos-audit a1", "dcos-audit m1", "dcos-audit m2", "dcos-audit m3", "dcos-audit p1",
		"dcos-audit " + corrupt, "dcos-audit cluster"}
	if !slices.Equal(suites, want) || doc.Errors != 1 || doc.Failures != 0 || doc.Suites[0].Tests < 40 {
		t.Errorf("junit: suites %q, errors %d, failures %d, first suite %d tests", suites, doc.Errors, doc.Failures, doc.Suites[0].Tests)
	}

	sarifPath := filepath.Join(t.TempDir(), "cluster.sarif")
	code, _, stderr = scanCluster(t, "--snapshot", dir, "--snapshot", wrong, "--format", "sarif="+sarifPath)
	b, err = os.ReadFile(sarifPath)
	if code != exitFindings || err != nil {
		t.Fatalf("sarif: exit %d, %v: %s", code, err, stderr)
	}
	sarifcheck.Validate(t, b)
	var log struct {
		Runs []struct {
			AutomationDetails struct{ ID string } `json:"automationDetails"`
			Results           []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	if run := log.Runs[0]; run.AutomationDetails.ID != "dcos-audit/cluster/m1+m2+m3/" || len(run.Results) != 1 ||
		run.Results[0].RuleID != "DCOS-U002" ||
		run.Results[0].Locations[0].PhysicalLocation.ArtifactLocation.URI != "a2/etc/systemd/system/dcos.target.wants/dcos-mesos-slave-public.service" {
		t.Errorf("sarif run: %+v", run)
	}

	md := filepath.Join(t.TempDir(), "cluster.md")
	scanCluster(t, append(files("m1", "m2", "a1", "p1"), "--format", "markdown="+md)...)
	if b, err := os.ReadFile(md); err != nil || !strings.Contains(string(b), "| high | cluster | [DCOS-C002](#dcos-c002) |") ||
		!strings.Contains(string(b), "\n### DCOS-C002\n") {
		t.Errorf("markdown for a cluster: %v\n%s", err, b)
	}

	var gh bytes.Buffer
	run(t.Context(), append([]string{"scan", "--format", "github"}, files("m1", "m2", "a1", "p1")...), nil, &gh, io.Discard)
	if !strings.Contains(gh.String(), "::error title=DCOS-C002 Even number of masters (cluster)::2 masters (m1, m2)") {
		t.Errorf("github for a cluster:\n%s", gh.String())
	}

	code, _, stderr = scanCluster(t, "--snapshot", dir, "--format", "prometheus=x.prom")
	if code != exitError || !strings.Contains(stderr, "--format prometheus: a scan of several nodes is written as") {
		t.Errorf("prometheus for a cluster: exit %d, %s", code, stderr)
	}
}

// writeBundle writes a DC/OS diagnostics bundle as dcos-diagnostics lays
// it out: a directory <ip>_<role> per node with its unit health report
// (the units of the fixture's dcos.target.wants, healthy unless named in
// unhealthy as hostname/unit) and dcos-version.json.
func writeBundle(t *testing.T, nodes [][3]string, unhealthy ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bundle.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for i, n := range nodes { // hostname, bundle role, fixture
		root := filepath.Join("testdata/fixtures", n[2], "root")
		entries, err := os.ReadDir(filepath.Join(root, "etc/systemd/system/dcos.target.wants"))
		if err != nil {
			t.Fatal(err)
		}
		type unit struct {
			ID     string `json:"id"`
			Health int    `json:"health"`
			Output string `json:"output"`
			Name   string `json:"name"`
		}
		health := struct {
			Units       []unit `json:"units"`
			Hostname    string `json:"hostname"`
			IP          string `json:"ip"`
			DCOSVersion string `json:"dcos_version"`
			Role        string `json:"node_role"`
		}{Hostname: n[0], IP: fmt.Sprintf("10.0.0.%d", i+1), DCOSVersion: "2.2.1", Role: n[1]}
		for _, e := range entries {
			u := unit{ID: e.Name(), Name: e.Name()}
			if slices.Contains(unhealthy, n[0]+"/"+e.Name()) {
				u.Health, u.Output = 1, "Unit "+e.Name()+" is dead"
			}
			health.Units = append(health.Units, u)
		}
		dir := health.IP + "_" + n[1] + "/"
		hb, _ := json.Marshal(health)
		vb, err := os.ReadFile(filepath.Join(root, "opt/mesosphere/etc/dcos-version.json"))
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range map[string][]byte{"dcos-diagnostics-health.json": hb, "opt/mesosphere/etc/dcos-version.json": vb} {
			w, err := zw.Create(dir + name)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(b)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBundleUnitHealth: a unit that DC/OS's own health report calls
// unhealthy draws DCOS-H010 on its node only, with the report's reason.
func TestBundleUnitHealth(t *testing.T) {
	p := writeBundle(t, [][3]string{{"m1", "master", "master-2.2.1"}, {"a1", "agent", "agent-2.2.1"}}, "a1/dcos-net.service")
	code, c, stderr := scanCluster(t, "--bundle", p)
	if c == nil {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	nodes, _ := clusterIDs(c)
	if code != exitFindings || !slices.Equal(nodes["a1"], []string{"DCOS-H010"}) || len(nodes["m1"]) != 0 {
		t.Fatalf("exit %d, nodes %v", code, nodes)
	}
	for _, n := range c.Nodes {
		for _, f := range n.Findings {
			if want := "DC/OS reports dcos-net.service unhealthy (dcos-diagnostics-health.json): Unit dcos-net.service is dead"; f.Message != want {
				t.Errorf("%s: %q, want %q", n.Name, f.Message, want)
			}
		}
	}
}

// TestBundleScan: a diagnostics bundle of three masters and two agents,
// one of them a private agent that wants a public agent's unit: the
// wrong-role finding on that node only, the cluster clean, and the rules
// that need unit files not run, with the reason.
func TestBundleScan(t *testing.T) {
	p := writeBundle(t, [][3]string{
		{"m1", "master", "master-2.2.1"}, {"m2", "master", "master-2.2.1"}, {"m3", "master", "master-2.2.1"},
		{"a1", "agent", "agent-with-public-unit"}, {"p1", "agent_public", "public-agent-2.2.1"},
	})
	code, c, stderr := scanCluster(t, "--bundle", p)
	if c == nil {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	nodes, cluster := clusterIDs(c)
	if code != exitFindings || len(c.Nodes) != 5 || !slices.Equal(nodes["a1"], []string{"DCOS-U002"}) || len(cluster) != 0 {
		t.Errorf("exit %d, nodes %v, cluster %v", code, nodes, cluster)
	}
	for _, n := range c.Nodes {
		if n.Name != "a1" && len(n.Findings) != 0 {
			t.Errorf("%s: %v", n.Name, nodes[n.Name])
		}
		if n.Source.Kind != "bundle" || n.Profile.DCOSVersion != "2.2.1" {
			t.Errorf("%s: source %+v, profile %+v", n.Name, n.Source, n.Profile)
		}
		i := slices.IndexFunc(n.NotRun, func(u report.Unchecked) bool { return u.ID == "DCOS-I001" })
		if i < 0 || !strings.Contains(n.NotRun[i].Reason, "a diagnostics bundle holds none") {
			t.Errorf("%s: DCOS-I001 not listed as not run for want of files: %v", n.Name, n.NotRun)
		}
	}
}

// TestBaseline: findings are new or unchanged against a previous report,
// the ones gone are listed as fixed, --fail-on-new gates on new ones only,
// and SARIF carries the state; for one node and for a cluster.
func TestBaseline(t *testing.T) {
	dir := t.TempDir()
	clean, wrong := "testdata/fixtures/agent-2.2.1/root", "testdata/fixtures/agent-with-public-unit/root"
	scan := func(args ...string) (int, *report.Report) {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := run(t.Context(), append([]string{"scan", "--format", "json"}, args...), nil, &stdout, &stderr)
		r, err := report.Read(stdout.Bytes())
		if err != nil {
			t.Fatalf("%v: exit %d, %v: %s", args, code, err, stderr.String())
		}
		return code, r
	}
	save := func(name, root string) string {
		p := filepath.Join(dir, name)
		if code := run(t.Context(), []string{"scan", "--root", root, "--format", "json=" + p, "--fail-on", "none"}, nil, io.Discard, io.Discard); code != 0 {
			t.Fatalf("scan %s: exit %d", root, code)
		}
		return p
	}
	cleanJSON, wrongJSON := save("clean.json", clean), save("wrong.json", wrong)

	code, r := scan("--root", wrong, "--baseline", cleanJSON)
	if code != exitFindings || len(r.Findings) != 1 || r.Findings[0].Baseline != report.BaselineNew || len(r.Fixed) != 0 {
		t.Errorf("a new finding: exit %d, %+v, fixed %v", code, r.Findings, r.Fixed)
	}
	if code, _ := scan("--root", wrong, "--baseline", cleanJSON, "--fail-on-new"); code != exitFindings {
		t.Errorf("--fail-on-new with a new finding: exit %d", code)
	}
	code, r = scan("--root", wrong, "--baseline", wrongJSON, "--fail-on-new")
	if code != 0 || r.Findings[0].Baseline != report.BaselineUnchanged || r.Provenance.FailOn != "high, new findings only" {
		t.Errorf("--fail-on-new with an unchanged finding: exit %d, %+v, fail_on %q", code, r.Findings, r.Provenance.FailOn)
	}
	code, r = scan("--root", clean, "--baseline", wrongJSON)
	if code != 0 || len(r.Fixed) != 1 || r.Fixed[0].RuleID != "DCOS-U002" {
		t.Errorf("a fixed finding: exit %d, fixed %+v", code, r.Fixed)
	}

	// Every format shows the state of each finding and what was fixed.
	output := func(format string, args ...string) string {
		t.Helper()
		var stdout bytes.Buffer
		run(t.Context(), append([]string{"scan", "--format", format, "--fail-on", "none"}, args...), nil, &stdout, io.Discard)
		return stdout.String()
	}
	for format, want := range map[string][2]string{
		"table":    {"  NEW  ", "Fixed since the baseline (1):"},
		"markdown": {"(new since the baseline)", "## Fixed since the baseline (1)"},
		"junit":    {"(new since the baseline)", ""}, // a test result: what passed is not listed
		"github":   {"(new since the baseline)", "Fixed since the baseline: 1: DCOS-U002"},
		"html":     {"(new since the baseline)", "Fixed since the baseline</h2>"},
		"prometheus": {`dcos_audit_findings_baseline{node="agent-2-2-1",state="new"} 1`,
			`dcos_audit_findings_baseline{node="agent-2-2-1",state="fixed"} 1`},
	} {
		if out := output(format, "--root", wrong, "--baseline", cleanJSON); !strings.Contains(out, want[0]) {
			t.Errorf("--format %s does not show a new finding as %q:\n%s", format, want[0], out)
		}
		named := format == "prometheus" || format == "junit" // counts; passed tests
		if out := output(format, "--root", clean, "--baseline", wrongJSON); !strings.Contains(out, want[1]) || !named && !strings.Contains(out, "DCOS-U002") {
			t.Errorf("--format %s does not show the fixed finding as %q:\n%s", format, want[1], out)
		}
	}
	prom := output("prometheus", "--root", wrong, "--baseline", cleanJSON)
	parser := expfmt.NewTextParser(model.UTF8Validation)
	if _, err := parser.TextToMetricFamilies(strings.NewReader(prom)); err != nil {
		t.Errorf("the Prometheus output with a baseline does not parse: %v\n%s", err, prom)
	}

	sarifPath := filepath.Join(dir, "r.sarif")
	run(t.Context(), []string{"scan", "--root", wrong, "--baseline", wrongJSON, "--format", "sarif=" + sarifPath}, nil, io.Discard, io.Discard)
	b, err := os.ReadFile(sarifPath)
	if err != nil {
		t.Fatal(err)
	}
	sarifcheck.Validate(t, b)
	if !strings.Contains(string(b), `"baselineState": "unchanged"`) {
		t.Errorf("SARIF without baselineState: %s", b)
	}

	nodes := clusterDir(t, map[string]string{"m1": "master-2.2.1", "a1": "agent-with-public-unit"})
	var first bytes.Buffer
	run(t.Context(), []string{"scan", "--snapshot", nodes, "--format", "json", "--fail-on", "none"}, nil, &first, io.Discard)
	prev := filepath.Join(dir, "cluster.json")
	if err := os.WriteFile(prev, first.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	code, c, stderr := scanCluster(t, "--snapshot", nodes, "--baseline", prev, "--fail-on-new")
	if c == nil || code != 0 {
		t.Fatalf("cluster against itself: exit %d: %s", code, stderr)
	}
	for _, f := range c.AllFindings() {
		if f.Baseline != report.BaselineUnchanged {
			t.Errorf("cluster against itself: %s on %q is %q", f.RuleID, f.Node, f.Baseline)
		}
	}
	if len(c.AllFindings()) < 2 || len(c.Fixed) != 0 {
		t.Errorf("cluster against itself: %d findings, fixed %v", len(c.AllFindings()), c.Fixed)
	}
	for format, want := range map[string][2]string{ // the state, and that nothing was fixed
		"table":    {"  UNCHANGED  ", "Fixed since the baseline: none."},
		"markdown": {"(unchanged since the baseline)", "## Fixed since the baseline (0)"},
		"github":   {"(unchanged since the baseline)", "Fixed since the baseline: none."},
		"html":     {"(unchanged since the baseline)", "None: every finding of the baseline is still found."},
		"junit":    {"(unchanged since the baseline)", ""},
	} {
		out := output(format, "--snapshot", nodes, "--baseline", prev)
		if !strings.Contains(out, want[0]) || !strings.Contains(out, want[1]) {
			t.Errorf("cluster --format %s does not show the state (%q) and that nothing was fixed (%q):\n%s", format, want[0], want[1], out)
		}
	}
}
