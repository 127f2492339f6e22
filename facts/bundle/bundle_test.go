package bundle

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/redact"
)

func zipOf(t *testing.T, members map[string]string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "bundle.zip")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for name, body := range members {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return p
}

const healthy = `{"units": [{"id": "dcos-mesos-slave.service", "health": 0},
	{"id": "dcos-net.service", "health": 1, "output": "Unit dcos-net.service is dead DB_PASSWORD=hunter2"},
	{"id": "dcos-signal.timer", "health": 3}],
	"hostname": "a1", "ip": "10.0.0.4", "dcos_version": "2.2.1", "node_role": "agent"}`

func TestSnapshot(t *testing.T) {
	b, err := Open(zipOf(t, map[string]string{
		"10.0.0.4_agent/dcos-diagnostics-health.json":         healthy,
		"10.0.0.4_agent/opt/mesosphere/etc/dcos-version.json": `{"version": "2.2.1", "dcos-variant": "open"}`,
		"10.0.0.5_agent_public/3dt-health.json":               `{"units": [], "hostname": "", "ip": "10.0.0.5", "dcos_version": "1.9.10"}`,
		"summaryReport.txt":                                   "",
		"10.0.0.6_master/5050-master_state-summary.json":      "{}",
	}))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if got := len(b.Nodes); got != 3 {
		t.Fatalf("%d nodes: %+v", got, b.Nodes)
	}
	agent, err := b.Snapshot(t.Context(), b.Nodes[0], "test")
	if err != nil {
		t.Fatal(err)
	}
	if agent.Node.Hostname != "a1" || agent.Node.IP != "10.0.0.4" || agent.Node.Roles[0] != "slave" || agent.Node.Version != "2.2.1" ||
		agent.Node.VersionFrom != versionFile || len(agent.Units) != 3 || agent.Units[1].Kind != "service" || agent.Source.Kind != Kind {
		t.Errorf("agent: %+v", agent)
	}
	// DC/OS's verdict on each unit, its explanation with what may be a
	// credential redacted.
	for i, want := range []facts.Health{
		{Status: facts.Healthy, From: healthFile},
		{Status: facts.Unhealthy, Output: "Unit dcos-net.service is dead DB_PASSWORD=" + redact.Mark, From: healthFile},
		{Status: facts.Unknown, From: healthFile},
	} {
		if got := agent.Units[i].Health; got == nil || *got != want {
			t.Errorf("%s: health %+v, want %+v", agent.Units[i].Name, got, want)
		}
	}
	public, err := b.Snapshot(t.Context(), b.Nodes[1], "test")
	if err != nil {
		t.Fatal(err)
	}
	if public.Node.Hostname != "10.0.0.5" || public.Node.Roles[0] != "slave_public" || public.Node.Version != "1.9.10" ||
		public.Node.VersionFrom != oldHealthFile {
		t.Errorf("public agent (a 1.9 bundle): %+v", public.Node)
	}
	if _, err := b.Snapshot(t.Context(), b.Nodes[2], "test"); err == nil || !strings.Contains(err.Error(), "no dcos-diagnostics-health.json") {
		t.Errorf("a node without a health report: %v", err)
	}
}

// Hostile bundles: members climbing out or absolute are refused, a member
// that expands past the bound is that node's error, and a zip that is not
// a bundle says so.
func TestHostileBundles(t *testing.T) {
	for _, name := range []string{"../10.0.0.1_master/dcos-diagnostics-health.json", "/10.0.0.1_master/x", "10.0.0.1_master/../../x"} {
		if _, err := Open(zipOf(t, map[string]string{name: "{}", "10.0.0.2_agent/dcos-diagnostics-health.json": healthy})); err == nil ||
			!strings.Contains(err.Error(), "climbs out of the bundle") {
			t.Errorf("%s: %v", name, err)
		}
	}
	big := strings.Repeat(" ", maxMember+1)
	b, err := Open(zipOf(t, map[string]string{"10.0.0.2_agent/dcos-diagnostics-health.json": big}))
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if _, err := b.Snapshot(t.Context(), b.Nodes[0], "test"); err == nil || !strings.Contains(err.Error(), "more than the") {
		t.Errorf("an oversized member: %v", err)
	}
	if _, err := Open(zipOf(t, map[string]string{"README": "x"})); err == nil || !strings.Contains(err.Error(), "not a DC/OS diagnostics bundle") {
		t.Errorf("a zip without nodes: %v", err)
	}
	notZip := filepath.Join(t.TempDir(), "x.zip")
	os.WriteFile(notZip, []byte("not a zip"), 0o644)
	if _, err := Open(notZip); err == nil || !strings.Contains(err.Error(), "diagnostics bundle") {
		t.Errorf("not a zip: %v", err)
	}
}
