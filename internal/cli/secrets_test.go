package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dcos-audit/dcos-audit/report"
)

// TestSecretsStayOnTheNode plants credentials where unit files carry them
// (an Environment= drop-in, Exec arguments, a URL, a malformed line that an
// error message quotes) and checks that none reaches a snapshot, any report
// format, or standard error.
func TestSecretsStayOnTheNode(t *testing.T) {
	secrets := []string{
		"wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", // AWS secret access key
		"hunter2-db-pass",
		"s3cr3t-in-url",
		"AKIAIOSFODNN7EXAMPLE",
		"leaked-before-section",
		"envfile-secret-value",
	}
	root := filepath.Join(t.TempDir(), "root")
	copyTree(t, "testdata/fixtures/agent-2.2.1/root", root)
	sys := filepath.Join(root, "etc/systemd/system")
	write := func(name, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(sys, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(sys, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("dcos-net.service.d/10-cloud.conf", "[Service]\nEnvironment=AWS_SECRET_ACCESS_KEY="+secrets[0]+" AWS_REGION=us-east-1\n"+
		"ExecStartPre=/usr/bin/sync --db-password "+secrets[1]+" https://ops:"+secrets[2]+"@repo.example.com/ --key-id "+secrets[3]+"\n")
	write("dcos-rexray.service", "API_TOKEN="+secrets[4]+"\n[Service]\nExecStart=/bin/true\n")
	// An environment file: its variables' names are gathered, never their values.
	write("dcos-net.service.d/20-env.conf", "[Service]\nEnvironmentFile=/etc/dcos/site.env\n")
	if err := os.MkdirAll(filepath.Join(root, "etc/dcos"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "etc/dcos/site.env"), []byte("DB_PASSWORD="+secrets[5]+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	var outputs []string
	snapshot := filepath.Join(t.TempDir(), "node.json")
	var stdout, stderr bytes.Buffer
	if code := run(t.Context(), []string{"gather", "--root", root, "--output", snapshot}, nil, &stdout, &stderr); code != exitOK {
		t.Fatalf("gather: exit %d: %s", code, stderr.String())
	}
	b, err := os.ReadFile(snapshot)
	if err != nil {
		t.Fatal(err)
	}
	outputs = append(outputs, "snapshot:"+string(b), "gather stderr:"+stderr.String())
	if !strings.Contains(string(b), "AWS_SECRET_ACCESS_KEY=<redacted> AWS_REGION=us-east-1") || !strings.Contains(string(b), `"DB_PASSWORD"`) {
		t.Errorf("the snapshot lost what is not secret (a variable's name):\n%s", b)
	}
	for _, format := range report.Formats() {
		for _, source := range [][]string{{"--root", root}, {"--snapshot", snapshot}} {
			stdout.Reset()
			stderr.Reset()
			args := append([]string{"scan", "--format", format}, source...)
			if code := run(t.Context(), args, nil, &stdout, &stderr); code != exitOK && code != exitFindings {
				t.Fatalf("%v: exit %d: %s", args, code, stderr.String())
			}
			outputs = append(outputs, format+":"+stdout.String(), format+" stderr:"+stderr.String())
		}
	}
	for _, out := range outputs {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				what, _, _ := strings.Cut(out, ":")
				t.Errorf("%s holds the secret %q", what, s)
			}
		}
	}
}
