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
// data files with their digests.
func provenance(data map[string]any, opts Options) (report.Provenance, error) {
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
		digest, err := DirSHA256(d)
		if err != nil {
			return report.Provenance{}, fmt.Errorf("policy directory %s: %w", d, err)
		}
		p.Inputs = append(p.Inputs, report.Input{Kind: "policy", Path: d, SHA256: digest})
	}
	for _, f := range opts.DataFiles {
		digest, err := FileSHA256(f)
		if err != nil {
			return report.Provenance{}, fmt.Errorf("--data %s: %w", f, err)
		}
		p.Inputs = append(p.Inputs, report.Input{Kind: "data", Path: f, SHA256: digest})
	}
	return p, nil
}

// FileSHA256 is the hex SHA-256 of a file's content.
func FileSHA256(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// DirSHA256 is the hex SHA-256 of a directory's regular files: each file's
// path relative to dir, a NUL, the SHA-256 of its content and a line
// break, in path order. Renaming, adding or changing a file changes it.
func DirSHA256(dir string) (string, error) {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		sum, err := FileSHA256(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%s\n", filepath.ToSlash(rel), sum)
		return nil
	})
	if err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
