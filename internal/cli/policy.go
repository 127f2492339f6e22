package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/scanner"
)

func newPolicyCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "List, document and test the rules",
		Long: `List and document the rules a scan evaluates, the built-in ones and those of
--policy directories, from their METADATA; run the Rego unit tests of the
built-in rules and of user policy directories.

Writing rules of your own: docs/policies.md.`,
		Args: cobra.NoArgs, // runnable, so that an unknown subcommand is an error
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(newPolicyListCmd(), newPolicyDocCmd(), newPolicyTestCmd())
	return cmd
}

type policyListOptions struct {
	policy policyOptions
	format string
}

func newPolicyListCmd() *cobra.Command {
	var o policyListOptions
	cmd := &cobra.Command{
		Use:   "list [flags]",
		Short: "List the rules: id, severity, title",
		Long: `List the rules a scan with the same flags would evaluate: id, severity and
title, sorted by id. --format json prints the full catalog entries (also
description, remediation, tags, help URI).

  dcos-audit policy list
  dcos-audit policy list --policy site/ --rule 'SITE-*' --format json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.format != "table" && o.format != "json" {
				return usageError(fmt.Errorf("--format %q: valid formats are table, json", o.format))
			}
			rules, err := loadRules(cmd, o.policy)
			if err != nil {
				return err
			}
			return writeRuleList(cmd.OutOrStdout(), o.format, rules)
		},
	}
	o.policy.addFlags(cmd)
	stringFlag(cmd.Flags(), &o.format, "format", "table", "output `FORMAT`: table or json")
	complete(cmd, "format", completeWords("table", "json"))
	return cmd
}

type policyDocOptions struct {
	policy policyOptions
	format string
}

func newPolicyDocCmd() *cobra.Command {
	var o policyDocOptions
	cmd := &cobra.Command{
		Use:   "doc [ID...] [flags]",
		Short: "Document rules: description, remediation, references",
		Long: `Print the documentation of the rules with the given ids (case does not
matter), or of every rule: id, title, severity, tags, help URI, description
and remediation, from the rules' METADATA. --format markdown writes what
docs/rules.md holds for the built-in rules.

  dcos-audit policy doc DCOS-U002
  dcos-audit policy doc --policy site/ --no-builtin --format markdown > site-rules.md

An unknown id is an error (exit 2); dcos-audit policy list shows the ids.`,
		RunE: func(cmd *cobra.Command, ids []string) error {
			if o.format != "text" && o.format != "markdown" {
				return usageError(fmt.Errorf("--format %q: valid formats are text, markdown", o.format))
			}
			rules, err := loadRules(cmd, o.policy)
			if err != nil {
				return err
			}
			if rules, err = pickRules(rules, ids); err != nil {
				return usageError(err)
			}
			return writeRuleDoc(cmd.OutOrStdout(), o.format, rules)
		},
	}
	o.policy.addFlags(cmd)
	stringFlag(cmd.Flags(), &o.format, "format", "text", "output `FORMAT`: text or markdown")
	complete(cmd, "format", completeWords("text", "markdown"))
	cmd.ValidArgsFunction = completeRuleIDs
	return cmd
}

func newPolicyTestCmd() *cobra.Command {
	var verbose bool
	cmd := &cobra.Command{
		Use:   "test [DIR...]",
		Short: "Run the Rego unit tests of the built-in and user policies",
		Long: `Run the Rego unit tests (test_* rules, usually in *_test.rego files) of the
built-in policies and of the user policy directories DIR, with OPA's test
runner, in the sandbox a scan uses. The output is opa test's: each failing
test with its file and line (-v: every test), then PASS: n/n or FAIL: k/n.

The modules in DIR follow the rules of --policy: package custom.dcos_audit...,
rules with valid METADATA. Tests there can use the built-in library
(data.dcos_audit.lib) and test helpers (data.dcos_audit.test). The built-in
tests run without the user rules, the user tests with both.

  dcos-audit policy test site/
  dcos-audit policy test -v site/

Exit codes:
  0  every test passed
  1  a test failed, or stopped with an evaluation error
  2  the tests could not run: a module that does not parse or compile (file
     and line are named), a package outside custom.dcos_audit, a rule
     without valid METADATA, a missing DIR, no tests at all`,
		RunE: func(cmd *cobra.Command, dirs []string) error {
			sum, err := scanner.Test(cmd.Context(), dirs, cmd.OutOrStdout(), verbose)
			if err != nil {
				return err
			}
			if sum.Failed > 0 {
				return &codeError{code: exitFindings}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "print every test, not only the failing ones")
	return cmd
}

// loadRules builds the rule list the policy flags select.
func loadRules(cmd *cobra.Command, o policyOptions) ([]report.Rule, error) {
	s, err := scanner.New(cmd.Context(), o.scannerOptions())
	if err != nil {
		return nil, err
	}
	return s.Rules(), nil
}

// pickRules returns the rules with the given ids, in the order given, or
// all of them when no id is given.
func pickRules(rules []report.Rule, ids []string) ([]report.Rule, error) {
	if len(ids) == 0 {
		return rules, nil
	}
	var picked []report.Rule
	var unknown []string
	for _, id := range ids {
		found := false
		for _, r := range rules {
			if strings.EqualFold(r.ID, id) {
				picked, found = append(picked, r), true
				break
			}
		}
		if !found {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		return nil, fmt.Errorf("unknown rule id %s: dcos-audit policy list shows the ids (add --policy DIR for the rules of a policy directory)",
			strings.Join(unknown, ", "))
	}
	return picked, nil
}

func writeRuleList(w io.Writer, format string, rules []report.Rule) error {
	if format == "json" {
		if rules == nil {
			rules = []report.Rule{}
		}
		b, err := json.MarshalIndent(rules, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSEVERITY\tTITLE")
	for _, r := range rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.ID, r.Severity, r.Title)
	}
	return tw.Flush()
}

func writeRuleDoc(w io.Writer, format string, rules []report.Rule) error {
	if format == "markdown" {
		if _, err := io.WriteString(w, "# Rules\n\n"); err != nil {
			return err
		}
		return report.WriteRulesMarkdown(w, rules)
	}
	return report.WriteRulesText(w, rules)
}
