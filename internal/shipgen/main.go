// Command shipgen writes policies/shipped/data.json: the security-relevant
// directives of every systemd unit that DC/OS installs into dcos.target.wants,
// per role and release, read from the build scripts of a dcos/dcos checkout.
// It exists so that claims about unit content can be checked against the
// sources instead of being typed by hand.
//
//	go run ./internal/shipgen -repo DIR -out policies/shipped/data.json
//
// DIR is a git repository of dcos/dcos, read at every GA tag from -from to
// -to; with -release NAME it is instead a plain directory tree read as the
// one release NAME.
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "shipgen:", err)
		os.Exit(1)
	}
}

func run(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("shipgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	repo := fs.String("repo", "", "dcos/dcos git repository, or a directory tree with -release")
	out := fs.String("out", "", "output JSON file")
	from := fs.String("from", "1.8.0", "oldest release tag")
	to := fs.String("to", "2.2.1", "newest release tag")
	release := fs.String("release", "", "read -repo as a plain directory and call it this release")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *repo == "" || *out == "" {
		return fmt.Errorf("-repo and -out are required")
	}
	var rels []Release
	if *release != "" {
		rels = []Release{{Name: *release, Tree: newDirTree(*repo)}}
	} else {
		var err error
		if rels, err = gitReleases(*repo, *from, *to); err != nil {
			return err
		}
		if len(rels) == 0 {
			return fmt.Errorf("no GA tags from %s to %s in %s", *from, *to, *repo)
		}
	}
	c, n, err := generate(rels, stderr)
	if err != nil {
		return err
	}
	b, err := c.marshal()
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "shipgen: %d releases, %d units, %d constructs not interpreted (%d distinct)\n",
		len(c.Releases), len(c.Units), n, len(c.Uninterpreted))
	return os.WriteFile(*out, b, 0o644)
}

// generate scans every release, printing each problem to stderr, and
// returns the catalog and the number of problems.
func generate(rels []Release, stderr io.Writer) (Catalog, int, error) {
	var scans []scanned
	n := 0
	for _, r := range rels {
		units, problems, err := scanRelease(r.Tree)
		if err != nil {
			return Catalog{}, 0, fmt.Errorf("release %s: %w", r.Name, err)
		}
		for _, p := range problems {
			fmt.Fprintf(stderr, "%s: %s\n", r.Name, p)
		}
		n += len(problems)
		scans = append(scans, scanned{release: r.Name, units: units, problems: problems})
	}
	return buildCatalog(scans), n, nil
}
