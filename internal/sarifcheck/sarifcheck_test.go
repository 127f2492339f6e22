package sarifcheck

import (
	"strings"
	"testing"
)

// minimal is the smallest log Check accepts.
const minimal = `{
  "version": "2.1.0",
  "runs": [{
    "tool": {"driver": {"name": "t", "rules": [
      {"id": "R1", "shortDescription": {"text": "s"}, "fullDescription": {"text": "f"}, "help": {"text": "h"}}
    ]}},
    "results": [{
      "ruleId": "R1", "ruleIndex": 0, "level": "error", "message": {"text": "m"},
      "locations": [{"physicalLocation": {
        "artifactLocation": {"uri": "etc/a.service", "uriBaseId": "ROOT"},
        "region": {"startLine": 1}
      }}],
      "partialFingerprints": {"k/v1": "0"}
    }]
  }]
}`

func TestCheck(t *testing.T) {
	Validate(t, []byte(minimal))

	tests := []struct{ name, from, to, want string }{
		{"not JSON", `"version"`, `version`, "parse SARIF"},
		{"wrong version", `"2.1.0"`, `"2.2.0"`, "/version"},
		{"bad level", `"error"`, `"high"`, "/runs/0/results/0/level"},
		{"no region", `"region": {"startLine": 1}`, `"properties": {}`, "no region.startLine"},
		{"no fingerprint", `"partialFingerprints": {"k/v1": "0"}`, `"partialFingerprints": {}`, "no partialFingerprints"},
		{"no help", `"help": {"text": "h"}`, `"name": "n"`, "no help.text"},
		{"rooted uri", `"etc/a.service"`, `"/etc/a.service"`, "not a relative reference"},
		{"ruleIndex out of range", `"ruleIndex": 0`, `"ruleIndex": 1`, "does not point into the 1 rules"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(minimal, tt.from, tt.to, 1)
			if bad == minimal {
				t.Fatalf("%q not in the minimal log", tt.from)
			}
			err := Check([]byte(bad))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Check = %v; want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestModuleRoot(t *testing.T) {
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(root, "internal/sarifcheck") {
		t.Errorf("moduleRoot() = %s; want the directory of go.mod", root)
	}
}
