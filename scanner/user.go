package scanner

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/loader"
)

// userRoot is the package root of user policies: a built-in can never
// shadow a user package, nor a user package a built-in.
const userRoot = "custom.dcos_audit"

// loadUserPolicies parses the .rego modules under dirs (tests excluded
// unless withTests). Every module must live under package custom.dcos_audit.
func loadUserPolicies(dirs []string, withTests bool, caps *ast.Capabilities) ([]*ast.Module, error) {
	if len(dirs) == 0 {
		return nil, nil
	}
	for _, d := range dirs {
		fi, err := os.Stat(d)
		if err != nil {
			return nil, fmt.Errorf("policy directory %s: %w", d, unwrapPath(err))
		}
		if !fi.IsDir() {
			return nil, fmt.Errorf("policy directory %s: not a directory of .rego files", d)
		}
	}
	res, err := loader.NewFileLoader().
		WithProcessAnnotation(true).
		WithRegoVersion(ast.RegoV1).
		WithCapabilities(caps).
		Filtered(dirs, func(_ string, fi fs.FileInfo, _ int) bool {
			if fi.IsDir() {
				return false
			}
			return !strings.HasSuffix(fi.Name(), ".rego") || (!withTests && strings.HasSuffix(fi.Name(), "_test.rego"))
		})
	if err != nil {
		return nil, fmt.Errorf("load user policies: %w", err)
	}
	var (
		mods []*ast.Module
		bad  []error
	)
	for _, f := range res.Modules {
		m := f.Parsed
		if p := strings.TrimPrefix(m.Package.Path.String(), "data."); p != userRoot && !strings.HasPrefix(p, userRoot+".") {
			bad = append(bad, fmt.Errorf("%s: package %s: user policies live under package %s (rules under %s.rules.<area>.<name>)",
				m.Package.Location, p, userRoot, userRoot))
			continue
		}
		mods = append(mods, m)
	}
	slices.SortFunc(mods, func(a, b *ast.Module) int { return strings.Compare(a.Package.Location.File, b.Package.Location.File) })
	return mods, errors.Join(bad...)
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
