package cli

import (
	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/scanner"
	"github.com/dcos-audit/dcos-audit/waivers"
)

// repoURL is where the project lives: SARIF's tool.driver.informationUri
// and the base of the built-in rules' help links. A build for another home
// sets it with -ldflags -X github.com/dcos-audit/dcos-audit/internal/cli.repoURL=https://....
var repoURL = scanner.RepoURL

// policyOptions choose the policies and catalog a command evaluates.
type policyOptions struct {
	dirs      []string
	data      []string
	rules     []string
	skipRules []string
	noBuiltin bool
}

func (o *policyOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringArrayVar(&o.dirs, "policy", nil, "also evaluate the Rego policies in `DIR` (package custom.dcos_audit...; repeatable; see docs/policies.md)")
	f.StringArrayVar(&o.data, "data", nil, "merge `FILE` (JSON or YAML) over the built-in catalog, e.g. units a site makes optional or adds (repeatable)")
	f.StringArrayVar(&o.rules, "rule", nil, "evaluate only rules whose id matches `GLOB` (repeatable, e.g. DCOS-U*)")
	f.StringArrayVar(&o.skipRules, "skip-rule", nil, "leave out rules whose id matches `GLOB` (repeatable)")
	f.BoolVar(&o.noBuiltin, "no-builtin", false, "evaluate only the --policy rules, not the built-in ones")
	complete(cmd, "rule", completeRuleIDs)
	complete(cmd, "skip-rule", completeRuleIDs)
}

func (o *policyOptions) scannerOptions() scanner.Options {
	return scanner.Options{
		Tool:    report.Tool{Name: "dcos-audit", Version: version(), Commit: commit(), URI: repoURL},
		RepoURL: repoURL,
		// The waiver rules are built-ins made in Go, where they are produced.
		ProducedRules: waivers.Rules,
		PolicyDirs:    o.dirs,
		DataFiles:     o.data,
		Rules:         o.rules,
		SkipRules:     o.skipRules,
		NoBuiltin:     o.noBuiltin,
	}
}
