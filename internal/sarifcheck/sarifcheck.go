// Package sarifcheck validates SARIF written by dcos-audit in tests: against
// the official OASIS SARIF 2.1.0 schema committed in
// report/testdata/sarif-schema-2.1.0.json, and against what GitHub code
// scanning needs beyond the schema. It is for tests only; the shipped
// binary must not import it (it pulls in a JSON Schema validator).
package sarifcheck

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// SchemaPath is the schema file, relative to the module root: the OASIS
// SARIF 2.1.0 (errata01) schema, taken verbatim from the raw-string
// constant in go-sarif v3.3.1's pkg/report/v210/sarif/schema.go (in the
// module cache after `go mod download`); report's TestSARIFSchemaFile pins
// its digest.
const SchemaPath = "report/testdata/sarif-schema-2.1.0.json"

// schemaID is the "id" the schema declares for itself.
const schemaID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

// Validate fails t, listing every problem, unless sarifBytes is a valid
// SARIF 2.1.0 log that GitHub code scanning can ingest.
func Validate(t testing.TB, sarifBytes []byte) {
	t.Helper()
	if err := Check(sarifBytes); err != nil {
		t.Errorf("invalid SARIF:\n%v", err)
	}
}

// Check returns why sarifBytes is not valid SARIF 2.1.0 for GitHub code
// scanning, or nil.
func Check(sarifBytes []byte) error {
	sch, err := schema()
	if err != nil {
		return err
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(sarifBytes))
	if err != nil {
		return fmt.Errorf("parse SARIF: %w", err)
	}
	if err := sch.Validate(inst); err != nil {
		return fmt.Errorf("schema: %w", err)
	}
	return checkGitHub(sarifBytes)
}

var schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	root, err := moduleRoot()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(root, filepath.FromSlash(SchemaPath)))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", SchemaPath, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft4)
	c.AssertFormat()
	if err := c.AddResource(schemaID, doc); err != nil {
		return nil, err
	}
	return c.Compile(schemaID)
})

// moduleRoot walks up from the working directory (the package directory
// under go test) to the directory holding go.mod.
func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("sarifcheck: no go.mod above the working directory")
		}
		dir = parent
	}
}

// log holds the parts of a SARIF log that checkGitHub looks at.
type log struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID               string  `json:"id"`
					ShortDescription *mmText `json:"shortDescription"`
					FullDescription  *mmText `json:"fullDescription"`
					Help             *mmText `json:"help"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex *int   `json:"ruleIndex"`
			Locations []struct {
				PhysicalLocation *struct {
					ArtifactLocation *struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
					Region *struct {
						StartLine int `json:"startLine"`
					} `json:"region"`
				} `json:"physicalLocation"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
		} `json:"results"`
	} `json:"runs"`
}

type mmText struct {
	Text string `json:"text"`
}

// checkGitHub checks what the schema allows but GitHub code scanning or
// our own contract does not: a result must name its rule and point at it
// by index, have a physical location with a relative URI and a start
// line, and carry a partial fingerprint; rules need their texts.
func checkGitHub(b []byte) error {
	var l log
	if err := json.Unmarshal(b, &l); err != nil {
		return err
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if len(l.Runs) == 0 {
		bad("no runs")
	}
	for i, run := range l.Runs {
		at := fmt.Sprintf("/runs/%d", i)
		if run.Tool.Driver.Name == "" {
			bad("%s/tool/driver/name: empty", at)
		}
		rules := run.Tool.Driver.Rules
		for j, r := range rules {
			rat := fmt.Sprintf("%s/tool/driver/rules/%d", at, j)
			if r.ShortDescription == nil || r.ShortDescription.Text == "" {
				bad("%s (%s): no shortDescription.text", rat, r.ID)
			}
			if r.FullDescription == nil || r.FullDescription.Text == "" {
				bad("%s (%s): no fullDescription.text", rat, r.ID)
			}
			if r.Help == nil || r.Help.Text == "" {
				bad("%s (%s): no help.text", rat, r.ID)
			}
		}
		for j, res := range run.Results {
			rat := fmt.Sprintf("%s/results/%d", at, j)
			switch {
			case res.RuleID == "":
				bad("%s: no ruleId", rat)
			case res.RuleIndex == nil || *res.RuleIndex < 0 || *res.RuleIndex >= len(rules):
				bad("%s: ruleIndex %v does not point into the %d rules", rat, deref(res.RuleIndex), len(rules))
			case rules[*res.RuleIndex].ID != res.RuleID:
				bad("%s: ruleIndex %d is rule %q, not ruleId %q", rat, *res.RuleIndex, rules[*res.RuleIndex].ID, res.RuleID)
			}
			if len(res.Locations) == 0 {
				bad("%s: no locations", rat)
			}
			for k, loc := range res.Locations {
				lat := fmt.Sprintf("%s/locations/%d/physicalLocation", rat, k)
				pl := loc.PhysicalLocation
				if pl == nil || pl.ArtifactLocation == nil || pl.ArtifactLocation.URI == "" {
					bad("%s: no artifactLocation.uri", lat)
					continue
				}
				if u, err := url.Parse(pl.ArtifactLocation.URI); err != nil || u.IsAbs() || strings.HasPrefix(u.Path, "/") {
					bad("%s/artifactLocation/uri: %q is not a relative reference", lat, pl.ArtifactLocation.URI)
				}
				if pl.ArtifactLocation.URIBaseID == "" {
					bad("%s/artifactLocation: no uriBaseId", lat)
				}
				if pl.Region == nil || pl.Region.StartLine < 1 {
					bad("%s: no region.startLine", lat)
				}
			}
			if len(res.PartialFingerprints) == 0 {
				bad("%s: no partialFingerprints", rat)
			}
		}
	}
	return errors.Join(errs...)
}

func deref(p *int) any {
	if p == nil {
		return "absent"
	}
	return *p
}
