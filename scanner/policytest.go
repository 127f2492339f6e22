package scanner

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/storage/inmem"
	"github.com/open-policy-agent/opa/v1/tester"
)

// TestSummary counts the outcome of a run of Rego tests.
type TestSummary struct {
	Passed  int
	Failed  int // failed, or stopped by an evaluation error
	Skipped int // todo_test_ rules
}

// Test runs the Rego unit tests (test_ rules) of the built-in policies and
// of the user policy directories with OPA's test runner, under the same
// sandbox as a scan, and prints the outcome as `opa test` does: failures
// with their location, each test when verbose, then PASS: n/n or FAIL: k/n.
// Test helpers (package dcos_audit.test) are there for user tests.
//
// A failing test is counted, not returned: the error is for tests that
// cannot run at all (a module that does not parse or compile, a package
// outside custom.dcos_audit, a rule whose METADATA a scan would reject),
// and it names the file and line.
func Test(ctx context.Context, dirs []string, w io.Writer, verbose bool) (TestSummary, error) {
	caps := capabilities()
	b, err := loadBundle(true, caps)
	if err != nil {
		return TestSummary{}, err
	}
	user, err := loadUserPolicies(dirs, true, caps)
	if err != nil {
		return TestSummary{}, err
	}
	builtin := modules(b)
	all := slices.Concat(builtin, user)
	var rules []*ast.Module // what a scan would load
	for _, m := range all {
		if !strings.HasSuffix(m.Package.Location.File, "_test.rego") {
			rules = append(rules, m)
		}
	}
	if _, err := readRules(rules, Options{}); err != nil {
		return TestSummary{}, err
	}
	// The built-in tests run without the user's rules, which may well fire
	// on the correct nodes that the built-in tests expect to be quiet; the
	// user's tests run with both.
	results, err := runTests(ctx, b.Data, builtin, caps, nil)
	if err != nil {
		return TestSummary{}, err
	}
	if len(user) > 0 {
		more, err := runTests(ctx, b.Data, all, caps, ast.MustParseRef("data."+userRoot))
		if err != nil {
			return TestSummary{}, err
		}
		results = append(results, more...)
	}
	var sum TestSummary
	for _, r := range results {
		switch {
		case r.Skip:
			sum.Skipped++
		case r.Pass():
			sum.Passed++
		default:
			sum.Failed++
		}
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if len(results) == 0 {
		return sum, fmt.Errorf("no tests found (test rules are named test_*)")
	}
	slices.SortFunc(results, func(a, b *tester.Result) int {
		return cmp.Or(
			cmp.Compare(a.Location.File, b.Location.File),
			cmp.Compare(a.Location.Row, b.Location.Row),
			cmp.Compare(a.Name, b.Name))
	})
	sorted := make(chan *tester.Result, len(results))
	for _, r := range results {
		sorted <- r
	}
	close(sorted)
	rep := tester.PrettyReporter{Output: w, Verbose: verbose}
	return sum, rep.Report(sorted)
}

// runTests compiles mods and runs their tests, or only those under prefix.
func runTests(ctx context.Context, data map[string]any, mods []*ast.Module, caps *ast.Capabilities, prefix ast.Ref) ([]*tester.Result, error) {
	byFile := make(map[string]*ast.Module, len(mods))
	for _, m := range mods {
		byFile[m.Package.Location.File] = m
	}
	schemas, err := inputSchema()
	if err != nil {
		return nil, err
	}
	runner := tester.NewRunner().
		SetStore(inmem.NewFromObject(data)).
		SetModules(byFile).
		SetCompiler(ast.NewCompiler().WithCapabilities(caps).WithEnablePrintStatements(true).WithSchemas(schemas).
			WithUseTypeCheckAnnotations(true)).
		CapturePrintOutput(true).
		RaiseBuiltinErrors(true)
	if prefix != nil {
		runner.SetPrefixMatchers(prefix)
	}
	ch, err := runner.RunTests(ctx, nil)
	if err != nil {
		if strings.Contains(err.Error(), "undefined function") {
			err = fmt.Errorf("%w (policies run without network, clock and random builtins)", err)
		}
		return nil, fmt.Errorf("compile policies: %w", err)
	}
	var results []*tester.Result
	for r := range ch {
		results = append(results, r)
	}
	return results, ctx.Err()
}
