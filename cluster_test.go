package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

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
	if code != exitError || c == nil || len(c.Nodes) != 6 || !strings.Contains(stderr, "1 of 6 snapshots could not be read") {
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

	code, _, stderr = scanCluster(t, "--snapshot", dir, "--format", "markdown=x.md")
	if code != exitError || !strings.Contains(stderr, "--format markdown: a scan of several nodes is written as") {
		t.Errorf("markdown for a cluster: exit %d, %s", code, stderr)
	}
}
