// Package cli is dcos-audit's command line: a file per command, the flags
// they share, and the exit codes; main only calls Run.
package cli

import (
	"context"
	"io"

	"github.com/spf13/cobra"
)

// Run executes the command line args (without the program name) and
// returns the exit code.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return run(ctx, args, stdin, stdout, stderr)
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	return exitCode(ctx, root.ExecuteContext(ctx), stderr)
}

func newRootCmd(stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	root := &cobra.Command{
		Use:   "dcos-audit",
		Short: "Audit the systemd units of DC/OS nodes",
		Long: `dcos-audit checks a DC/OS node's system units (the units dcos.target wants)
against what DC/OS installs for the node's role and release, with Rego policies:
role correctness, timers and their schedules, unit health, wiring and hygiene.

It reads a node's root filesystem (a machine image or "/") or a saved snapshot,
or a running node's systemd over D-Bus, and reports findings as a table, JSON,
SARIF, JUnit, GitHub annotations or Markdown, with an exit code for CI.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version(),
	}
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(flagError)
	root.AddCommand(newScanCmd(), newCheckCmd(), newGatherCmd(), newCatalogCmd(), newPolicyCmd(), newVersionCmd())
	return root
}
