package cli

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// buildVersion and buildCommit are stamped by `make build` with
// -ldflags -X from git, because the build info's own VCS stamp is absent
// wherever -buildvcs=false is set (and under go run).
var (
	buildVersion = ""
	buildCommit  = ""
)

func version() string {
	if buildVersion != "" {
		return buildVersion
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// commit is the VCS revision the binary was built from, "" when unknown.
func commit() string {
	if buildCommit != "" {
		return buildCommit
	}
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				return s.Value
			}
		}
	}
	return ""
}

// versionLine is what `dcos-audit version` prints.
func versionLine() string {
	if c := commit(); c != "" {
		return "dcos-audit " + version() + " (commit " + c + ")"
	}
	return "dcos-audit " + version() + " (commit unknown: build with make build to stamp it)"
}

func newVersionCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version of dcos-audit",
		Args:  noArgs(""),
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintln(cmd.OutOrStdout(), versionLine())
			return err
		},
	}
}
