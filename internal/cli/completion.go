package cli

import (
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/report"
	"github.com/dcos-audit/dcos-audit/scanner"
	"github.com/dcos-audit/dcos-audit/waivers"
)

// Shell completion of flag values: what a flag accepts is completed from
// the same lists its validation uses, so the two cannot drift.

func completeWords(words ...string) cobra.CompletionFunc {
	return func(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
		return words, cobra.ShellCompDirectiveNoFileComp
	}
}

// completeFormats completes NAME and, after NAME=, leaves the path to the
// shell's file completion.
func completeFormats(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if strings.Contains(toComplete, "=") {
		return nil, cobra.ShellCompDirectiveDefault
	}
	return report.Formats(), cobra.ShellCompDirectiveNoFileComp
}

func severityWords() []string {
	var words []string
	for _, s := range report.Severities() {
		words = append(words, s.String())
	}
	return append(words, "none")
}

// completeRuleIDs completes the ids of the built-in rules and of the
// --policy directories already on the command line.
func completeRuleIDs(cmd *cobra.Command, _ []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	opts := scanner.Options{ProducedRules: waivers.Rules}
	if dirs, err := cmd.Flags().GetStringArray("policy"); err == nil {
		opts.PolicyDirs = dirs
	}
	sc, err := scanner.New(cmd.Context(), opts)
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var ids []string
	for _, r := range sc.Rules() {
		ids = append(ids, r.ID)
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}

// complete attaches value completion to one of cmd's flags.
func complete(cmd *cobra.Command, flag string, f cobra.CompletionFunc) {
	if err := cmd.RegisterFlagCompletionFunc(flag, f); err != nil {
		panic(err) // a programmer error: the flag is not defined
	}
}

// roleNames are the node roles of the component catalog, read once.
var roleNames = sync.OnceValue(func() []string {
	c, err := scanner.LoadCatalog()
	if err != nil {
		return nil // the embedded catalog is tested to load
	}
	return c.Roles
})
