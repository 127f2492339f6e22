package scanner

import (
	"fmt"
	"io/fs"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/bundle"

	"github.com/dcos-audit/dcos-audit/policies"
)

// loadBundle reads the embedded policies and catalog. withTests keeps the
// *_test.rego modules (for the Rego test runner); production leaves them out.
func loadBundle(withTests bool, caps *ast.Capabilities) (*bundle.Bundle, error) {
	loader := bundle.NewFSLoaderWithRoot(policies.FS, ".").
		WithFilter(func(_ string, fi fs.FileInfo, _ int) bool {
			return !withTests && strings.HasSuffix(fi.Name(), "_test.rego")
		})
	b, err := bundle.NewCustomReader(loader).
		WithProcessAnnotations(true).
		WithCapabilities(caps).
		WithRegoVersion(ast.RegoV1).
		WithSkipBundleVerification(true).
		Read()
	if err != nil {
		return nil, fmt.Errorf("load built-in policies: %w", err)
	}
	return &b, nil
}

// modules returns the parsed modules of a bundle.
func modules(b *bundle.Bundle) []*ast.Module {
	ms := make([]*ast.Module, len(b.Modules))
	for i, m := range b.Modules {
		ms[i] = m.Parsed
	}
	return ms
}
