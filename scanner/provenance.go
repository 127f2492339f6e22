package scanner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/dcos-audit/dcos-audit/report"
)

// provenance records what shapes every report of this scanner besides the
// node: the expectations (the component catalog as merged and the shipped
// unit content), the rule selection, and the site's policy directories and
// data files with their digests (those of the data files as merged).
func provenance(data map[string]any, dataInputs []report.Input, opts Options) (report.Provenance, error) {
	// json.Marshal writes map keys sorted: the same data, the same bytes.
	b, err := json.Marshal(data)
	if err != nil {
		return report.Provenance{}, fmt.Errorf("catalog digest: %w", err)
	}
	sum := sha256.Sum256(b)
	p := report.Provenance{
		CatalogVersion: "sha256:" + hex.EncodeToString(sum[:]),
		Selection:      report.Selection{Rules: opts.Rules, SkipRules: opts.SkipRules, NoBuiltin: opts.NoBuiltin},
		Inputs:         []report.Input{},
	}
	for _, d := range opts.PolicyDirs {
		digest, err := dirSHA256(d)
		if err != nil {
			return report.Provenance{}, fmt.Errorf("policy directory %s: %w", d, err)
		}
		p.Inputs = append(p.Inputs, report.Input{Kind: "policy", Path: d, SHA256: digest})
	}
	p.Inputs = append(p.Inputs, dataInputs...)
	return p, nil
}

func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// dirSHA256 is the hex SHA-256 of a directory's regular files: each file's
// path relative to dir, a NUL, the SHA-256 of its content and a line
// break, in path order. Renaming, adding or changing a file changes it.
func dirSHA256(dir string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%s\n", filepath.ToSlash(rel), sha256Hex(b))
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
