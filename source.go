package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/image"
	"github.com/dcos-audit/dcos-audit/facts/live"
	"github.com/dcos-audit/dcos-audit/facts/rootfs"
)

// sourceOptions choose where the facts come from: a root filesystem, a
// saved snapshot, or the running node: its systemd manager (--systemd, or
// neither --root nor --snapshot) and its files under --root, by default /.
type sourceOptions struct {
	root     string
	image    string
	snapshot string
	systemd  string
	timeout  time.Duration
}

// systemdUsage is the help of --systemd; docs/live.md has the details.
const systemdUsage = "audit the running systemd manager at `ADDRESS`, with the node's files under --root (default /; " +
	"without a source flag the node is audited live): " +
	"by default the system manager (the system bus, or as root /run/systemd/private when no bus runs); " +
	"the path of a manager's private socket (a user manager's $XDG_RUNTIME_DIR/systemd/private, " +
	"or /run/systemd/private inside a container); or a D-Bus address (unix:path=/run/dbus/system_bus_socket)"

func (o *sourceOptions) addFlags(cmd *cobra.Command, withSnapshot bool) {
	f := cmd.Flags()
	stringFlag(f, &o.root, "root", "", "scan the node root filesystem at `PATH`: a directory (a mounted machine image, or / on the node) "+
		"or an image archive (a filesystem tar or tar.gz such as docker export writes, a docker save archive, an OCI layout or its tar)")
	stringFlag(f, &o.image, "image", "", "with --root ARCHIVE holding several images, audit the one named `REF` (a tag such as node:2.2.1, or a digest)")
	stringFlag(f, &o.systemd, "systemd", "", systemdUsage)
	durationFlag(f, &o.timeout, "timeout", time.Minute, "give up gathering facts after `DURATION` (a manager that does not answer)")
	if withSnapshot {
		stringFlag(f, &o.snapshot, "snapshot", "", "scan a snapshot `FILE` saved by dcos-audit gather (- for standard input)")
	}
}

// check rejects source flags that cannot mean what the operator wants:
// an empty --root would silently become a live scan of this host, and
// two sources would leave one of them unread.
func (o *sourceOptions) check(cmd *cobra.Command) error {
	f := cmd.Flags()
	for _, name := range []string{"root", "snapshot", "systemd"} {
		if fl := f.Lookup(name); fl != nil && fl.Changed && fl.Value.String() == "" {
			return usageError(fmt.Errorf("--%s is empty: name what to scan (--root / for this host's files)", name))
		}
	}
	if o.snapshot != "" && o.root != "" {
		return usageError(errors.New("--snapshot and --root name two sources: give one"))
	}
	if o.snapshot != "" && o.systemd != "" {
		return usageError(errors.New("--snapshot and --systemd name two sources: give one"))
	}
	if o.image != "" && (o.root == "" || o.systemd != "" || !image.IsImage(o.root)) {
		return usageError(fmt.Errorf("--image %s picks an image of an archive: give the archive with --root", o.image))
	}
	return nil
}

func (o *sourceOptions) source(stdin io.Reader) facts.Source {
	tool := "dcos-audit " + version()
	switch {
	case o.snapshot != "":
		return facts.File{Path: o.snapshot, Stdin: stdin}
	case o.root != "" && o.systemd == "" && image.IsImage(o.root):
		return image.Source{Path: o.root, Image: o.image, Tool: tool}
	case o.root != "" && o.systemd == "":
		return rootfs.Source{Root: o.root, Tool: tool}
	}
	// A container or chroot seen from the host: its manager's socket
	// with --systemd, its files with --root.
	return live.Source{Address: o.systemd, Root: cmp.Or(o.root, "/"), Tool: tool}
}

// gather reads the facts within --timeout. On error the snapshot may still
// hold what was gathered before it.
func (o *sourceOptions) gather(ctx context.Context, stdin io.Reader) (*facts.Snapshot, error) {
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	snap, err := o.source(stdin).Gather(ctx)
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		err = fmt.Errorf("gave up after %v (--timeout): %w", o.timeout, err)
	}
	return snap, err
}

func usageError(err error) error { return &codeError{code: exitError, err: err, usage: true} }
