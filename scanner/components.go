package scanner

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"

	"github.com/dcos-audit/dcos-audit/policies"
)

// catalogFile is the component catalog inside the embedded policies; the
// policies read the same file as data.catalog.
const catalogFile = "catalog/data.json"

// Catalog is the component catalog: which units DC/OS installs for each
// role and release, and the timers' schedules.
type Catalog struct {
	SchemaVersion         int                    `json:"schema_version" yaml:"schema_version"`
	Roles                 []string               `json:"roles" yaml:"roles"`
	RoleMarkers           []string               `json:"role_markers" yaml:"role_markers"`
	Releases              map[string]string      `json:"releases" yaml:"releases"`
	Oldest                string                 `json:"oldest" yaml:"oldest"`
	TimerTolerancePercent float64                `json:"timer_tolerance_percent" yaml:"timer_tolerance_percent"`
	Components            []Component            `json:"components" yaml:"components"`
	Units                 map[string]CatalogUnit `json:"units" yaml:"units"`
	OptionalUnits         []OptionalUnit         `json:"optional_units" yaml:"optional_units"`
}

// Component is a DC/OS component and its units.
type Component struct {
	Name        string   `json:"name" yaml:"name"`
	Package     string   `json:"package" yaml:"package"`
	Description string   `json:"description" yaml:"description"`
	Units       []string `json:"units" yaml:"units"`
	Seed        *Seed    `json:"seed" yaml:"seed"`
}

// Seed is the component's row in the document the catalog started from,
// with a note where that document is wrong.
type Seed struct {
	Name string `json:"name" yaml:"name"`
	Unit string `json:"unit" yaml:"unit"`
	Note string `json:"note" yaml:"note"`
}

// CatalogUnit is one unit of the catalog.
type CatalogUnit struct {
	Component string        `json:"component" yaml:"component"`
	Kind      string        `json:"kind" yaml:"kind"`
	Required  bool          `json:"required" yaml:"required"`
	User      string        `json:"user,omitempty" yaml:"user,omitempty"`
	Presence  []Range       `json:"presence" yaml:"presence"`
	Source    string        `json:"source" yaml:"source"`
	Timer     *CatalogTimer `json:"timer,omitempty" yaml:"timer,omitempty"`
}

// Range is an inclusive range of releases and the roles a unit has there.
type Range struct {
	From  string   `json:"from" yaml:"from"`
	To    string   `json:"to" yaml:"to"`
	Roles []string `json:"roles" yaml:"roles"`
}

// CatalogTimer is what a timer triggers and when, by release.
type CatalogTimer struct {
	Triggers  string     `json:"triggers" yaml:"triggers"`
	Schedules []Schedule `json:"schedules" yaml:"schedules"`
}

// Schedule is a timer's schedule over a range of releases.
type Schedule struct {
	From      string             `json:"from" yaml:"from"`
	To        string             `json:"to" yaml:"to"`
	Monotonic map[string]float64 `json:"monotonic" yaml:"monotonic"`
	Calendar  []struct {
		Spec          string  `json:"spec" yaml:"spec"`
		PeriodSeconds float64 `json:"period_seconds" yaml:"period_seconds"`
	} `json:"calendar" yaml:"calendar"`
	Text string `json:"text" yaml:"text"`
}

// OptionalUnit is a unit name pattern that is known but never required.
type OptionalUnit struct {
	Pattern string `json:"pattern" yaml:"pattern"`
	Why     string `json:"why" yaml:"why"`
}

// CatalogJSON returns the catalog file as embedded.
func CatalogJSON() ([]byte, error) {
	return policies.FS.ReadFile(catalogFile)
}

// LoadCatalog decodes the embedded catalog strictly.
func LoadCatalog() (*Catalog, error) {
	b, err := CatalogJSON()
	if err != nil {
		return nil, fmt.Errorf("read catalog: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c Catalog
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("read catalog %s: %w", catalogFile, err)
	}
	return &c, nil
}

// Expected is the unit set of one role at one release, as the policies
// compute it.
type Expected struct {
	Units          []string `json:"units" yaml:"units"`
	CatalogVersion string   `json:"catalog_version" yaml:"catalog_version"`
	Note           string   `json:"note" yaml:"note"`
}

// ExpectedUnits evaluates the policies' own lookup for a role and release,
// so that the catalog command and the scan can never disagree.
func ExpectedUnits(ctx context.Context, role, version string) (*Expected, error) {
	caps := capabilities()
	b, err := loadBundle(false, caps)
	if err != nil {
		return nil, err
	}
	rs, err := rego.New(
		rego.Query(`x := {"units": data.dcos_audit.lib.expected, "catalog_version": data.dcos_audit.lib.catalog_version, "note": data.dcos_audit.lib.profile.note}`),
		rego.ParsedBundle("dcos-audit", b),
		rego.Capabilities(caps),
		rego.SetRegoVersion(ast.RegoV1),
		rego.Input(map[string]any{"node": map[string]any{
			"roles": []string{role}, "roles_from": "flag", "version": version, "version_from": "flag",
		}}),
	).Eval(ctx)
	if err != nil {
		return nil, fmt.Errorf("evaluate catalog: %w", err)
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("DC/OS %q (role %s) is not covered by the catalog", version, role)
	}
	raw, err := json.Marshal(rs[0].Bindings["x"])
	if err != nil {
		return nil, err
	}
	var e Expected
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, fmt.Errorf("evaluate catalog: %w", err)
	}
	slices.Sort(e.Units)
	return &e, nil
}
