package report

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dcos-audit/dcos-audit/internal/sarifcheck"
)

// schemaSHA256 is the digest of the OASIS SARIF 2.1.0 (errata01) schema,
// https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json,
// as embedded in github.com/owenrumney/go-sarif/v3 v3.3.1
// (pkg/report/v210/sarif/schema.go).
const schemaSHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"

func TestSARIFSchemaFile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "sarif-schema-2.1.0.json"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != schemaSHA256 {
		t.Errorf("sarif-schema-2.1.0.json sha256 = %s; want %s", got, schemaSHA256)
	}
}

// sarifDoc is the part of the written SARIF the tests look at.
type sarifDoc struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name    string `json:"name"`
				Version string `json:"version"`
				Rules   []struct {
					ID                   string `json:"id"`
					DefaultConfiguration struct {
						Level string `json:"level"`
					} `json:"defaultConfiguration"`
					Properties map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []struct {
			RuleID    string `json:"ruleId"`
			RuleIndex int    `json:"ruleIndex"`
			Level     string `json:"level"`
			Locations []struct {
				PhysicalLocation struct {
					ArtifactLocation struct {
						URI       string `json:"uri"`
						URIBaseID string `json:"uriBaseId"`
					} `json:"artifactLocation"`
				} `json:"physicalLocation"`
				LogicalLocations []struct {
					Name               string `json:"name"`
					FullyQualifiedName string `json:"fullyQualifiedName"`
				} `json:"logicalLocations"`
			} `json:"locations"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Suppressions        []struct {
				Kind          string            `json:"kind"`
				Status        string            `json:"status"`
				Justification string            `json:"justification"`
				Properties    map[string]string `json:"properties"`
			} `json:"suppressions"`
		} `json:"results"`
	} `json:"runs"`
}

func writeSARIF(t testing.TB, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := (SARIF{}).Write(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decodeSARIF(t testing.TB, b []byte) sarifDoc {
	t.Helper()
	var d sarifDoc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Runs) != 1 {
		t.Fatalf("%d runs; want 1", len(d.Runs))
	}
	return d
}

func TestSARIFContent(t *testing.T) {
	r := loadReport(t)
	d := decodeSARIF(t, writeSARIF(t, r))
	run := d.Runs[0]

	if run.Tool.Driver.Name != "dcos-audit" || run.Tool.Driver.Version != r.Tool.Version {
		t.Errorf("driver = %q %q; want dcos-audit %q", run.Tool.Driver.Name, run.Tool.Driver.Version, r.Tool.Version)
	}
	if got := run.OriginalURIBaseIDs["ROOT"].URI; got != "file:///" {
		t.Errorf("originalUriBaseIds.ROOT = %q; want file:///", got)
	}

	// The whole catalog, in id order, including rules without results.
	rules := run.Tool.Driver.Rules
	if len(rules) != len(r.Rules) {
		t.Fatalf("%d rules; want all %d of the catalog", len(rules), len(r.Rules))
	}
	for i, rule := range rules {
		if rule.ID != r.Rules[i].ID {
			t.Errorf("rules[%d] = %s; want %s", i, rule.ID, r.Rules[i].ID)
		}
		level, score, _ := sarifSeverity(r.Rules[i].Severity)
		if rule.DefaultConfiguration.Level != level || rule.Properties["security-severity"] != score {
			t.Errorf("%s: level %q security-severity %v; want %q %q", rule.ID,
				rule.DefaultConfiguration.Level, rule.Properties["security-severity"], level, score)
		}
		tags, _ := rule.Properties["tags"].([]any)
		found := false
		for _, tag := range tags {
			found = found || tag == "security"
		}
		if !found {
			t.Errorf("%s: tags %v lack \"security\"", rule.ID, tags)
		}
	}

	if len(run.Results) != len(r.Findings) {
		t.Fatalf("%d results; want %d", len(run.Results), len(r.Findings))
	}
	for i, res := range run.Results {
		f := r.Findings[i]
		if res.RuleIndex < 0 || res.RuleIndex >= len(rules) || rules[res.RuleIndex].ID != res.RuleID || res.RuleID != f.RuleID {
			t.Errorf("results[%d]: ruleId %s ruleIndex %d does not point at its rule", i, res.RuleID, res.RuleIndex)
		}
		if len(res.Locations) != 1 {
			t.Fatalf("results[%d]: %d locations; want 1", i, len(res.Locations))
		}
		loc := res.Locations[0]
		uri := loc.PhysicalLocation.ArtifactLocation.URI
		if uri == "" || strings.HasPrefix(uri, "/") || strings.Contains(uri, "://") || loc.PhysicalLocation.ArtifactLocation.URIBaseID != "ROOT" {
			t.Errorf("results[%d]: artifactLocation %+v; want a relative uri under ROOT", i, loc.PhysicalLocation.ArtifactLocation)
		}
		wantURI := f.Path
		if wantURI == "" {
			wantURI = "etc/systemd/system/dcos.target.wants"
		}
		if uri != wantURI {
			t.Errorf("results[%d]: uri %q; want %q", i, uri, wantURI)
		}
		wantName, wantFQN := f.Unit, f.Node+"/"+f.Unit
		if f.Unit == "" {
			wantName, wantFQN = f.Node, f.Node
		}
		if len(loc.LogicalLocations) != 1 || loc.LogicalLocations[0].Name != wantName || loc.LogicalLocations[0].FullyQualifiedName != wantFQN {
			t.Errorf("results[%d]: logicalLocations %+v; want %s %s", i, loc.LogicalLocations, wantName, wantFQN)
		}
		if fp := res.PartialFingerprints[fingerprintKey]; len(fp) != 64 {
			t.Errorf("results[%d]: partialFingerprints %v; want a sha256 under %s", i, res.PartialFingerprints, fingerprintKey)
		}
	}
}

// TestSARIFSuppressions: a waived finding's result carries its waiver as an
// accepted external suppression; an active one has none.
func TestSARIFSuppressions(t *testing.T) {
	r := loadReport(t)
	b := writeSARIF(t, r)
	sarifcheck.Validate(t, b)
	waived := 0
	for i, res := range decodeSARIF(t, b).Runs[0].Results {
		f := r.Findings[i]
		if !f.Waived {
			if len(res.Suppressions) != 0 {
				t.Errorf("results[%d] (%s, active): suppressions %+v; want none", i, f.RuleID, res.Suppressions)
			}
			continue
		}
		waived++
		if len(res.Suppressions) != 1 {
			t.Fatalf("results[%d] (%s, waived): %d suppressions; want 1", i, f.RuleID, len(res.Suppressions))
		}
		s := res.Suppressions[0]
		if s.Kind != "external" || s.Status != "accepted" || s.Justification != f.Waiver.Justification {
			t.Errorf("results[%d]: suppression %+v; want external, accepted, %q", i, s, f.Waiver.Justification)
		}
		wantProps := map[string]string{"owner": f.Waiver.Owner, "expires": f.Waiver.Expires, "source": f.Waiver.Source}
		if diff := cmp.Diff(wantProps, s.Properties); diff != "" {
			t.Errorf("results[%d]: suppression properties (-want +got):\n%s", i, diff)
		}
	}
	if waived == 0 {
		t.Fatal("report.json has no waived finding to check")
	}
}

// TestSARIFFingerprintStable: rewording a message, or a change of severity,
// must not change a finding's identity for code scanning; another unit must.
func TestSARIFFingerprintStable(t *testing.T) {
	fp := func(r *Report) []string {
		var out []string
		for _, res := range decodeSARIF(t, writeSARIF(t, r)).Runs[0].Results {
			out = append(out, res.PartialFingerprints[fingerprintKey])
		}
		return out
	}
	r := loadReport(t)
	before := fp(r)

	r.Findings[1].Message = "reworded: " + r.Findings[1].Message
	r.Findings[1].Severity = Critical
	after := fp(r)
	if before[1] != after[1] {
		t.Errorf("fingerprint changed with the message: %s -> %s", before[1], after[1])
	}

	r.Findings[1].Unit = "dcos-other.service"
	if moved := fp(r); moved[1] == before[1] {
		t.Error("fingerprint did not change with the unit")
	}

	seen := map[string]bool{}
	for _, f := range before {
		if seen[f] {
			t.Errorf("two findings share fingerprint %s", f)
		}
		seen[f] = true
	}
}

// Two findings of one rule without unit or path (two expired waivers on one
// node) must stay two alerts.
func TestSARIFFingerprintWithoutUnitOrPath(t *testing.T) {
	a := Finding{RuleID: "DCOS-W001", Message: "waiver w.yaml:2 expired"}
	b := Finding{RuleID: "DCOS-W001", Message: "waiver w.yaml:9 expired"}
	if fingerprint(a, "n") == fingerprint(b, "n") {
		t.Error("two waiver findings share a fingerprint")
	}
}

// TestSARIFNegativeControls shows the validator rejects what it must, so
// that its passing means something.
func TestSARIFNegativeControls(t *testing.T) {
	good := writeSARIF(t, loadReport(t))
	if err := sarifcheck.Check(good); err != nil {
		t.Fatalf("the golden input is invalid: %v", err)
	}

	tests := []struct {
		name   string
		mutate func(res map[string]any)
		want   string // in the error
	}{
		{"level high", func(res map[string]any) { res["level"] = "high" },
			"schema: jsonschema validation failed"},
		{"non-string fingerprint", func(res map[string]any) {
			res["partialFingerprints"] = map[string]any{fingerprintKey: 42}
		}, "schema: jsonschema validation failed"},
		{"ruleIndex of another rule", func(res map[string]any) { res["ruleIndex"] = 0 },
			`ruleIndex 0 is rule "DCOS-H001"`},
		{"absolute uri", func(res map[string]any) {
			loc := res["locations"].([]any)[0].(map[string]any)
			loc["physicalLocation"].(map[string]any)["artifactLocation"].(map[string]any)["uri"] = "file:///etc/systemd/system"
		}, "is not a relative reference"},
		{"no location", func(res map[string]any) { res["locations"] = []any{} }, "no locations"},
		{"suppression of an unknown kind", func(res map[string]any) {
			res["suppressions"] = []any{map[string]any{"kind": "waiver", "status": "accepted"}}
		}, "schema: jsonschema validation failed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var doc map[string]any
			if err := json.Unmarshal(good, &doc); err != nil {
				t.Fatal(err)
			}
			run := doc["runs"].([]any)[0].(map[string]any)
			tt.mutate(run["results"].([]any)[1].(map[string]any))
			bad, err := json.Marshal(doc)
			if err != nil {
				t.Fatal(err)
			}
			err = sarifcheck.Check(bad)
			if err == nil {
				t.Fatal("Check accepted the broken log")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error does not contain %q:\n%v", tt.want, err)
			}
		})
	}
}

// TestSARIFRuleNotInCatalog: a finding whose rule the catalog lacks still
// gets a rule to point at.
func TestSARIFRuleNotInCatalog(t *testing.T) {
	r := loadReport(t)
	r.Findings = append(r.Findings, Finding{
		RuleID: "DCOS-A000", Severity: Info, Title: "Ad hoc", Message: "m", Node: r.Node.Hostname,
	})
	b := writeSARIF(t, r)
	sarifcheck.Validate(t, b)
	run := decodeSARIF(t, b).Runs[0]
	if got := run.Tool.Driver.Rules[0].ID; got != "DCOS-A000" {
		t.Errorf("rules[0] = %s; want the added DCOS-A000 in id order", got)
	}
	last := run.Results[len(run.Results)-1]
	if last.RuleIndex != 0 {
		t.Errorf("ruleIndex = %d; want 0", last.RuleIndex)
	}
}

func TestSARIFInvalidSeverity(t *testing.T) {
	r := loadReport(t)
	r.Findings[0].Severity = 0
	if err := (SARIF{}).Write(io.Discard, r); err == nil {
		t.Error("finding without severity: want an error")
	}
}

func TestArtifactURI(t *testing.T) {
	tests := map[string]string{
		"":                                      wantsDir,
		"/":                                     wantsDir,
		"etc/systemd/system/a.service":          "etc/systemd/system/a.service",
		"/etc/systemd/system/a.service":         "etc/systemd/system/a.service",
		"../../etc/passwd":                      "etc/passwd",
		`etc/systemd/system/a\x2db.mount`:       "etc/systemd/system/a%5Cx2db.mount",
		"etc/systemd/system/getty@tty1.service": "etc/systemd/system/getty@tty1.service",
		"etc/a b:c":                             "etc/a%20b:c",
		"a:b":                                   "./a:b",
	}
	for in, want := range tests {
		if got := artifactURI(in); got != want {
			t.Errorf("artifactURI(%q) = %q; want %q", in, got, want)
		}
	}
}

func TestRuleName(t *testing.T) {
	tests := map[string]string{
		"Required unit missing":                   "RequiredUnitMissing",
		"Timer interval differs from the catalog": "TimerIntervalDiffersFromTheCatalog",
		"dcos.target wants a unit":                "DcosTargetWantsAUnit",
		"":                                        "DCOS-X",
	}
	for title, want := range tests {
		if got := ruleName(Rule{ID: "DCOS-X", Title: title}); got != want {
			t.Errorf("ruleName(%q) = %q; want %q", title, got, want)
		}
	}
}

func BenchmarkReportSARIF(b *testing.B) {
	r := bigReport(b, 200)
	var buf bytes.Buffer
	if err := (SARIF{}).Write(&buf, r); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if err := (SARIF{}).Write(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
	// After the loop: b.Loop resets user metrics on its first call.
	b.ReportMetric(float64(buf.Len()), "output-bytes")
}
