package main

import (
	"errors"
	"io"

	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/rootfs"
)

// sourceOptions choose where the facts come from.
type sourceOptions struct {
	root     string
	snapshot string
}

func (o *sourceOptions) addFlags(cmd *cobra.Command, withSnapshot bool) {
	cmd.Flags().StringVar(&o.root, "root", "", "scan the node root filesystem at `DIR` (a machine image, or / on the node)")
	if withSnapshot {
		cmd.Flags().StringVar(&o.snapshot, "snapshot", "", "scan a snapshot `FILE` saved by dcos-audit gather (- for standard input)")
		cmd.MarkFlagsMutuallyExclusive("root", "snapshot")
	}
}

func (o *sourceOptions) source(stdin io.Reader) (facts.Source, error) {
	switch {
	case o.root != "":
		return rootfs.Source{Root: o.root, Tool: "dcos-audit " + version()}, nil
	case o.snapshot != "":
		return facts.File{Path: o.snapshot, Stdin: stdin}, nil
	}
	return nil, usageError(errors.New("no fact source: pass --root DIR (a node's root filesystem, e.g. --root /) or --snapshot FILE; live scans over D-Bus are not available yet"))
}

func usageError(err error) error { return &codeError{code: exitError, err: err} }
