package cli

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
	root      string
	image     string
	snapshots []string // as given: files, directories, -
	systemd   string
	timeout   time.Duration

	files []string // the snapshot files, directories expanded (check)
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
		f.StringArrayVar(&o.snapshots, "snapshot", nil, "scan a snapshot `FILE` saved by dcos-audit gather (- for standard input), "+
			"or every *.json in a directory; repeatable: several nodes are scanned together as one cluster")
	}
}

// check rejects source flags that cannot mean what the operator wants:
// an empty --root would silently become a live scan of this host, and
// two sources would leave one of them unread.
func (o *sourceOptions) check(cmd *cobra.Command) error {
	f := cmd.Flags()
	for _, name := range []string{"root", "systemd"} {
		if fl := f.Lookup(name); fl != nil && fl.Changed && fl.Value.String() == "" {
			return usageError(fmt.Errorf("--%s is empty: name what to scan (--root / for this host's files)", name))
		}
	}
	if slices.Contains(o.snapshots, "") {
		return usageError(errors.New("--snapshot is empty: name a snapshot file or a directory of them"))
	}
	if len(o.snapshots) > 0 && o.root != "" {
		return usageError(errors.New("--snapshot and --root name two sources: give one"))
	}
	if len(o.snapshots) > 0 && o.systemd != "" {
		return usageError(errors.New("--snapshot and --systemd name two sources: give one"))
	}
	if o.image != "" && (o.root == "" || o.systemd != "" || !image.IsImage(o.root)) {
		return usageError(fmt.Errorf("--image %s picks an image of an archive: give the archive with --root", o.image))
	}
	files, err := snapshotFiles(o.snapshots)
	o.files = files
	return err
}

// snapshotFiles expands --snapshot: a directory stands for its *.json
// files, in name order; a file and - (standard input, at most once) stand
// for themselves.
func snapshotFiles(args []string) ([]string, error) {
	var files []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if a == "-" || err != nil || !fi.IsDir() {
			files = append(files, a) // reading it says what is wrong with it
			continue
		}
		found, err := filepath.Glob(filepath.Join(a, "*.json"))
		if err != nil {
			return nil, usageError(fmt.Errorf("--snapshot %s: %w", a, err))
		}
		if len(found) == 0 {
			return nil, usageError(fmt.Errorf("--snapshot %s: a directory without *.json snapshots", a))
		}
		files = append(files, found...) // Glob sorts
	}
	if stdin := slices.DeleteFunc(slices.Clone(files), func(f string) bool { return f != "-" }); len(stdin) > 1 {
		return nil, usageError(errors.New("--snapshot -: standard input holds one snapshot; give it once"))
	}
	return files, nil
}

func (o *sourceOptions) source(stdin io.Reader) facts.Source {
	tool := "dcos-audit " + version()
	switch {
	case len(o.files) > 0:
		return facts.File{Path: o.files[0], Stdin: stdin}
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
