package scanner

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dcos-audit/dcos-audit/report"
)

// TestClusterSchema: the schema cluster rules are type-checked against
// names every field of ClusterNode, and nothing else.
func TestClusterSchema(t *testing.T) {
	props := clusterSchema()["properties"].(map[string]any)["nodes"].(map[string]any)["items"].(map[string]any)["properties"].(map[string]any)
	var schema, fields []string
	for k := range props {
		schema = append(schema, k)
	}
	typ := reflect.TypeFor[ClusterNode]()
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		fields = append(fields, name)
	}
	slices.Sort(schema)
	slices.Sort(fields)
	if !slices.Equal(schema, fields) {
		t.Errorf("schema.cluster has %v, ClusterNode %v", schema, fields)
	}
}

// TestScanCluster evaluates the cluster rules over the summaries of real
// node reports: three masters and two agents are quiet together, and two
// masters draw the quorum finding.
func TestScanCluster(t *testing.T) {
	s := newScanner(t)
	var nodes []ClusterNode
	for _, fixture := range []string{"master-2.2.1", "master-2.2.1", "master-2.2.1", "agent-2.2.1", "public-agent-2.2.1"} {
		rep, err := s.Scan(t.Context(), gather(t, fixture))
		if err != nil {
			t.Fatal(err)
		}
		n := Summarize(rep)
		n.Name = n.Name + "-" + string(rune('a'+len(nodes)))
		n.Hostname = n.Name
		nodes = append(nodes, n)
	}
	findings, err := s.ScanCluster(t.Context(), nodes)
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 0 {
		t.Errorf("a healthy cluster: %v", findings)
	}
	findings, err = s.ScanCluster(t.Context(), slices.Delete(slices.Clone(nodes), 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if got := ruleIDsOf(findings); !slices.Equal(got, []string{"DCOS-C002"}) {
		t.Errorf("two masters: %v", got)
	}
	for _, r := range s.ClusterRules(findings) {
		if want := map[bool]string{true: report.RuleFailed, false: report.RulePassed}[r.ID == "DCOS-C002"]; r.Status != want {
			t.Errorf("%s: %s, want %s", r.ID, r.Status, want)
		}
	}
}

func ruleIDsOf(fs []report.Finding) []string {
	var ids []string
	for _, f := range fs {
		ids = append(ids, f.RuleID)
	}
	return ids
}
