package main

import (
	"errors"
	"fmt"
	"os"

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
		Use:   "gather --root DIR [--output FILE]",
		Short: "Gather a node's facts into a snapshot (JSON) for a later scan",
		Long: `Gather the facts of a node (its roles, DC/OS version and the units
dcos.target wants, with their unit files) into a snapshot document, for
dcos-audit scan --snapshot on another machine, or as evidence.

  dcos-audit gather --root / --output node.json
  dcos-audit scan --snapshot node.json

The snapshot format is described in docs/snapshot.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.source.root == "" {
				return usageError(errors.New("no fact source: pass --root DIR (a node's root filesystem, e.g. --root /)"))
			}
			src, err := o.source.source(cmd.InOrStdin())
			if err != nil {
				return err
			}
			snap, err := src.Gather(cmd.Context())
			if err != nil {
				return err
			}
			if o.output == "" {
				return facts.Write(cmd.OutOrStdout(), snap)
			}
			f, err := os.Create(o.output)
			if err != nil {
				return fmt.Errorf("write snapshot: %w", err)
			}
			if err := facts.Write(f, snap); err != nil {
				f.Close()
				return fmt.Errorf("write snapshot %s: %w", o.output, err)
			}
			return f.Close()
		},
	}
	o.source.addFlags(cmd, false)
	cmd.Flags().StringVarP(&o.output, "output", "o", "", "write the snapshot to `FILE` instead of standard output")
	return cmd
}
