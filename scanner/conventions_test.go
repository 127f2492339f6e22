package scanner

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestRuleConventions keeps the layout docs/policies.md describes: every
// built-in rule package dcos_audit.rules.<area>.<name> lives in
// rules/<area>/<name>.rego, with its tests beside it in <name>_test.rego,
// package dcos_audit.rules.<area>.<name>_test, holding at least one
// test_fires_* rule (it fires on a node that has the problem) and one
// test_quiet_* rule (it stays quiet on one that has not). Rules whose
// findings are made in Go are declared there (scanner.Options.ProducedRules).
func TestRuleConventions(t *testing.T) {
	b, err := loadBundle(true, capabilities())
	if err != nil {
		t.Fatal(err)
	}
	var rules []*ast.Module
	tests := map[string]*ast.Module{} // package path → test module
	for _, m := range modules(b) {
		p := m.Package.Path.String()
		if !strings.HasPrefix(p, "data.dcos_audit.rules.") {
			continue
		}
		if strings.HasSuffix(p, "_test") {
			tests[p] = m
			continue
		}
		rules = append(rules, m)
	}
	if len(rules) < 20 {
		t.Fatalf("only %d rule packages", len(rules))
	}
	for _, m := range rules {
		if err := checkConventions(m, tests); err != nil {
			t.Errorf("%s: package %s: %v", m.Package.Location, m.Package.Path, err)
		}
	}
}

func checkConventions(m *ast.Module, tests map[string]*ast.Module) error {
	segs := strings.Split(strings.TrimPrefix(m.Package.Path.String(), "data."), ".")
	if len(segs) != 4 {
		return fmt.Errorf("rule packages are dcos_audit.rules.<area>.<name>")
	}
	area, name := segs[2], segs[3]
	if want := "/rules/" + area + "/" + name + ".rego"; m.Package.Location.File != want {
		return fmt.Errorf("file %s, want %s", m.Package.Location.File, want)
	}
	tm := tests[m.Package.Path.String()+"_test"]
	if tm == nil {
		return fmt.Errorf("no test package %s_test", strings.Join(segs, "."))
	}
	if want := "/rules/" + area + "/" + name + "_test.rego"; tm.Package.Location.File != want {
		return fmt.Errorf("tests in %s, want %s", tm.Package.Location.File, want)
	}
	for _, prefix := range []string{"test_fires_", "test_quiet_"} {
		if !slices.ContainsFunc(tm.Rules, func(r *ast.Rule) bool {
			return strings.HasPrefix(r.Head.Ref().String(), prefix)
		}) {
			return fmt.Errorf("%s has no %s* test", tm.Package.Location.File, prefix)
		}
	}
	return nil
}

// The check itself: each way of breaking the convention is caught.
func TestCheckConventions(t *testing.T) {
	const rule = "# METADATA\n# title: T\n# custom:\n#   id: DCOS-Z001\n#   severity: low\n#   remediation: R\n%s" +
		"package dcos_audit.rules.area.name\n"
	cases := []struct {
		name, file, rule, test, testFile, want string
	}{
		{"ok", "/rules/area/name.rego", fmt.Sprintf(rule, ""),
			"test_fires_x if true\n\ntest_quiet_y if true\n", "", ""},
		{"no quiet test", "/rules/area/name.rego", fmt.Sprintf(rule, ""),
			"test_fires_x if true\n\ntest_other if true\n", "", "has no test_quiet_* test"},
		{"no fires test", "/rules/area/name.rego", fmt.Sprintf(rule, ""),
			"test_quiet_x if true\n", "", "has no test_fires_* test"},
		{"no test package", "/rules/area/name.rego", fmt.Sprintf(rule, ""),
			"", "", "no test package dcos_audit.rules.area.name_test"},
		{"misplaced file", "/rules/other/name.rego", fmt.Sprintf(rule, ""),
			"test_fires_x if true\n\ntest_quiet_y if true\n", "", "want /rules/area/name.rego"},
		{"misplaced tests", "/rules/area/name.rego", fmt.Sprintf(rule, ""),
			"test_fires_x if true\n\ntest_quiet_y if true\n", "/rules/area/tests.rego", "want /rules/area/name_test.rego"},
	}
	parse := func(t *testing.T, file, src string) *ast.Module {
		t.Helper()
		m, err := ast.ParseModuleWithOpts(file, src, ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := parse(t, c.file, c.rule)
			tests := map[string]*ast.Module{}
			if c.test != "" {
				tf := cmp.Or(c.testFile, "/rules/area/name_test.rego")
				tests["data.dcos_audit.rules.area.name_test"] = parse(t, tf, "package dcos_audit.rules.area.name_test\n\n"+c.test)
			}
			err := checkConventions(m, tests)
			if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}
