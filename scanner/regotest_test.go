package scanner

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRego runs every test_ rule of the built-in policies with OPA's own
// test runner, under the same capabilities as a scan (what `dcos-audit
// policy test` does).
func TestRego(t *testing.T) {
	var out strings.Builder
	sum, err := Test(t.Context(), nil, &out, false)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed > 0 || sum.Skipped > 0 || sum.Passed == 0 {
		t.Errorf("%+v\n%s", sum, out.String())
	}
	t.Logf("%d Rego tests", sum.Passed)
}

// The worked example's tests pass beside the built-in ones, and the
// built-in test helpers are there for them.
func TestTestUserPolicies(t *testing.T) {
	var out strings.Builder
	sum, err := Test(t.Context(), []string{"testdata/policies/site"}, &out, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"testdata/policies/site/no_rexray_test.rego:6:\ndata.custom.dcos_audit.rules.site.no_rexray_test.test_fires_on_stock_agent: PASS",
		"data.custom.dcos_audit.rules.site.no_rexray_test.test_quiet_without_rexray: PASS",
		"data.dcos_audit.rules.units.required_unit_missing_test.test_fires_when_required_service_missing: PASS",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("verbose output lacks %q:\n%s", want, out.String())
		}
	}
	if sum.Failed != 0 || !strings.HasSuffix(out.String(), fmt.Sprintf("PASS: %d/%d\n", sum.Passed, sum.Passed)) {
		t.Errorf("%+v\n%s", sum, out.String())
	}
}

func TestTestFailingUserTest(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"site/no_rexray.rego":      readFile(t, "testdata/policies/site/no_rexray.rego"),
		"site/no_rexray_test.rego": readFile(t, "testdata/policies/site/no_rexray_test.rego") + "\ntest_fires_on_master if {\n\tcount(rule.deny) == 1 with input as test.correct(\"master\", \"2.2.1\")\n}\n",
	})
	var out strings.Builder
	sum, err := Test(t.Context(), []string{filepath.Join(dir, "site")}, &out, false)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Failed != 1 || sum.Passed < 2 {
		t.Errorf("%+v, want 1 failed", sum)
	}
	for _, want := range []string{
		"site/no_rexray_test.rego:14:\ndata.custom.dcos_audit.rules.site.no_rexray_test.test_fires_on_master: FAIL",
		"\nFAIL: 1/",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), ": PASS") {
		t.Errorf("passing tests printed without verbose:\n%s", out.String())
	}
}

// Tests that cannot run are an error naming file and line, as for a scan.
func TestTestErrors(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  []string
	}{
		{"syntax error", map[string]string{"p/broken.rego": "package custom.dcos_audit.x\n\nallow if {\n\tinput.a ==\n}\n"},
			[]string{"p/broken.rego:", "rego_parse_error"}},
		{"undefined reference in a test", map[string]string{"p/x_test.rego": "package custom.dcos_audit.x_test\n\ntest_x if {\n\tdata.custom.dcos_audit.x.nope(1)\n}\n"},
			[]string{"p/x_test.rego:4: rego_type_error: undefined function data.custom.dcos_audit.x.nope"}},
		{"network builtin", map[string]string{"p/x.rego": "package custom.dcos_audit.x\n\ny := http.send({})\n"},
			[]string{"p/x.rego:3: rego_type_error: undefined function http.send", "without network, clock and random builtins"}},
		{"package outside custom.dcos_audit", map[string]string{"p/x_test.rego": "package site_test\n\ntest_x if true\n"},
			[]string{"p/x_test.rego:1: package site_test: user policies live under package custom.dcos_audit"}},
		{"rule without METADATA", map[string]string{"p/x.rego": "package custom.dcos_audit.rules.site.x\n\ndeny contains 1 if false\n"},
			[]string{"p/x.rego:1: rule package data.custom.dcos_audit.rules.site.x has no package METADATA block"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeFiles(t, tt.files)
			_, err := Test(t.Context(), []string{filepath.Join(dir, "p")}, new(strings.Builder), false)
			if err == nil {
				t.Fatal("Test succeeded")
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q lacks %q", err, w)
				}
			}
		})
	}
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
