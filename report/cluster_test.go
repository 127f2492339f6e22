package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/dcos-audit/dcos-audit/internal/sarifcheck"
)

// A cluster's SARIF run holds at most 5,000 results, the most severe, and
// says in its properties how many it left out, by severity.
func TestSARIFClusterCap(t *testing.T) {
	c := &Cluster{SchemaVersion: ClusterSchemaVersion, Tool: Tool{Name: "dcos-audit", Version: "test"},
		NodeRules: []Rule{{ID: "DCOS-U004", Title: "Unit unknown to the catalog", Severity: Low, Remediation: "r", Area: "units"}}}
	for n := range 3 {
		node := NodeScan{Name: fmt.Sprintf("node-%d", n), Profile: Profile{Role: "master"}}
		for i := range 2000 {
			sev := Low
			if i < 100 {
				sev = High
			}
			node.Findings = append(node.Findings, Finding{RuleID: "DCOS-U004", Severity: sev, Title: "t",
				Message: fmt.Sprintf("unit %d", i), Node: node.Name, Unit: fmt.Sprintf("u%d.service", i)})
		}
		c.Nodes = append(c.Nodes, node)
	}
	var buf bytes.Buffer
	if err := (SARIF{}).WriteCluster(&buf, c); err != nil {
		t.Fatal(err)
	}
	sarifcheck.Validate(t, buf.Bytes())
	var log struct {
		Runs []struct {
			Properties struct {
				Omitted map[string]int `json:"omittedResults"`
			} `json:"properties"`
			Results []struct {
				Level string `json:"level"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	run := log.Runs[0]
	errors := 0
	for _, r := range run.Results {
		if r.Level == "error" {
			errors++
		}
	}
	if len(run.Results) != 5000 || errors != 300 || run.Properties.Omitted["low"] != 1000 || len(run.Properties.Omitted) != 1 {
		t.Errorf("%d results (%d high), omitted %v; want 5000 with the 300 high, 1000 low omitted", len(run.Results), errors, run.Properties.Omitted)
	}
}

// The cluster document is streamed a node at a time, byte for byte what
// encoding it whole gives.
func TestClusterJSONStreamed(t *testing.T) {
	c := &Cluster{SchemaVersion: ClusterSchemaVersion, Tool: Tool{Name: "dcos-audit", Version: "test"}}
	for _, nodes := range []int{0, 1, 3} {
		c.Nodes = nil
		for n := range nodes {
			c.Nodes = append(c.Nodes, NodeScan{Name: fmt.Sprintf("n<%d>", n), Units: []string{"a.service"}, Findings: []Finding{
				{RuleID: "DCOS-U004", Severity: Low, Message: "m & <x>", Node: fmt.Sprint(n)}}})
		}
		var streamed bytes.Buffer
		if err := (JSON{}).WriteCluster(&streamed, c); err != nil {
			t.Fatal(err)
		}
		var doc Cluster
		if err := json.Unmarshal(streamed.Bytes(), &doc); err != nil {
			t.Fatalf("%d nodes: %v\n%s", nodes, err, streamed.String())
		}
		var whole bytes.Buffer
		enc := json.NewEncoder(&whole)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(&doc); err != nil {
			t.Fatal(err)
		}
		if streamed.String() != whole.String() {
			t.Errorf("%d nodes: streamed\n%s\nwhole\n%s", nodes, streamed.String(), whole.String())
		}
	}
}
