package waivers

import "github.com/dcos-audit/dcos-audit/report"

// Rules are the rules whose findings Apply makes. They are declared here,
// where they are produced, and join the policies' rules in the scanner
// (scanner.Options.ProducedRules): selection, reports and docs treat them
// like any built-in rule.
var Rules = []report.Rule{
	{
		ID:       RuleExpired,
		Title:    "Waiver expired",
		Severity: report.Medium,
		Description: "A waiver in the waivers file (--waivers) that applies to this node is past its expiry date. " +
			"It no longer waives anything: the findings it covered count again, for --fail-on too, " +
			"until someone reviews the exception and renews or removes the waiver.\n\n" +
			"dcos-audit raises this finding itself when it applies the waivers file; no policy does.",
		Remediation: "Review the exception, then renew the waiver with a later expires date, " +
			"or fix what it covered and remove it.",
		Tags: []string{"waivers"},
		Area: "waivers",
	},
	{
		ID:       RuleStale,
		Title:    "Waiver matches no finding",
		Severity: report.Low,
		Description: "A waiver in the waivers file (--waivers) that applies to this node and has not expired " +
			"matched no finding of the scan: the deviation it accepted is gone, or its rule, node or unit " +
			"does not match what it was written for. Left in place, it would silently waive the deviation " +
			"if it came back. Waivers whose node pattern does not match this node, and waivers of rules " +
			"that were not evaluated (--rule, --skip-rule), are not checked.\n\n" +
			"dcos-audit raises this finding itself when it applies the waivers file; no policy does.",
		Remediation: "Remove the waiver, or correct its rule, node or unit so that it matches the finding it was written for.",
		Tags:        []string{"waivers"},
		Area:        "waivers",
	},
}
