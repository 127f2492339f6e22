package cli

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/facts"
)

type gatherOptions struct {
	source sourceOptions
	output string
}

func newGatherCmd() *cobra.Command {
	var o gatherOptions
	cmd := &cobra.Command{
		Use:   "gather [--root DIR] [--systemd ADDRESS] [--output FILE]",
		Short: "Gather a node's facts into a snapshot (JSON) for a later scan",
		Long: `Gather the facts of a node (its roles, DC/OS version, the units dcos.target
wants with their unit files and, live, their state in systemd) into a snapshot
document, for dcos-audit scan --snapshot on another machine, or as evidence.

  dcos-audit gather --output node.json          # the running node, live
  dcos-audit gather --root /mnt/image           # an image, offline
  ssh node dcos-audit gather | dcos-audit scan --snapshot -

When the manager goes away during a live gather, what was gathered is still
written, and the exit code is 2. The snapshot format is described in
docs/snapshot.md.`,
		Args: noArgs("--root"),
		RunE: func(cmd *cobra.Command, _ []string) error {
			if err := o.source.check(cmd); err != nil {
				return err
			}
			snap, err := o.source.gather(cmd.Context(), cmd.InOrStdin())
			if snap == nil {
				return err
			}
			// A partial snapshot is still evidence: write it, then fail.
			return errors.Join(writeSnapshot(cmd.OutOrStdout(), o.output, snap), err)
		},
	}
	o.source.addFlags(cmd, false)
	shortStringFlag(cmd.Flags(), &o.output, "output", "o", "", "write the snapshot to `FILE` instead of standard output")
	return cmd
}

func writeSnapshot(stdout io.Writer, path string, snap *facts.Snapshot) error {
	if path == "" {
		return facts.Write(stdout, snap)
	}
	return writeFile(path, "snapshot", func(w io.Writer) error { return facts.Write(w, snap) })
}
