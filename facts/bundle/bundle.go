// Package bundle reads a DC/OS diagnostics bundle (dcos node diagnostics
// create, or the UI) into a snapshot per node, in place: the zip is never
// extracted.
//
// The layout, from dcos/dcos-diagnostics (api/rest/coordinator.go,
// api/providers.go, api/structures.go): a directory per node named
// <ip>_<role>, role master, agent or agent_public; in it the node's unit
// health report dcos-diagnostics-health.json (3dt-health.json before DC/OS
// 1.10): the units dcos.target wants (less dcos-setup, dcos-link-env and
// dcos-download) with their health, the hostname and the DC/OS version;
// and files named by their path on the node, among them
// opt/mesosphere/etc/dcos-version.json. A bundle holds no unit files: rules
// that need the node's files are not run on its snapshots. Each unit's
// health, DC/OS's own verdict, becomes its Health fact.
package bundle

import (
	"archive/zip"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/dcos-audit/dcos-audit/facts"
	"github.com/dcos-audit/dcos-audit/facts/redact"
	"github.com/dcos-audit/dcos-audit/facts/unitfile"
)

// Kind is the source kind of a bundle's snapshots.
const Kind = facts.KindBundle

const (
	healthFile    = "dcos-diagnostics-health.json"
	oldHealthFile = "3dt-health.json" // before DC/OS 1.10
	versionFile   = "opt/mesosphere/etc/dcos-version.json"
	// maxMember bounds what is read of one member: a health report of a
	// few hundred units is tens of kilobytes.
	maxMember = 16 << 20
)

// roles maps a bundle directory's role to the node's role file.
var roles = map[string]string{"master": "master", "agent": "slave", "agent_public": "slave_public"}

// Node is one node directory of a bundle.
type Node struct {
	Dir  string // <ip>_<role>
	Role string // the DC/OS role: master, slave, slave_public
}

// Bundle is an open diagnostics bundle.
type Bundle struct {
	path  string
	zr    *zip.ReadCloser
	files map[string]*zip.File // by clean name
	Nodes []Node
}

// Open reads a bundle's directory of members. A member whose name climbs
// out of the bundle, or is absolute, makes the bundle refused: extracted,
// it would write elsewhere.
func Open(p string) (*Bundle, error) {
	zr, err := zip.OpenReader(p)
	if err != nil {
		return nil, fmt.Errorf("diagnostics bundle %s: %w", p, err)
	}
	b := &Bundle{path: p, zr: zr, files: map[string]*zip.File{}}
	dirs := map[string]bool{}
	for _, f := range zr.File {
		name := strings.ReplaceAll(f.Name, `\`, "/")
		clean := path.Clean(name)
		if path.IsAbs(name) || clean == ".." || strings.HasPrefix(clean, "../") {
			zr.Close()
			return nil, fmt.Errorf("diagnostics bundle %s: member %q climbs out of the bundle", p, f.Name)
		}
		b.files[clean] = f
		dir, _, found := strings.Cut(clean, "/")
		if _, role, ok := cutRole(dir); found && ok && !dirs[dir] {
			dirs[dir] = true
			b.Nodes = append(b.Nodes, Node{Dir: dir, Role: role})
		}
	}
	if len(b.Nodes) == 0 {
		zr.Close()
		return nil, fmt.Errorf("diagnostics bundle %s: no node directory (<ip>_master, <ip>_agent, <ip>_agent_public): "+
			"not a DC/OS diagnostics bundle", p)
	}
	slices.SortFunc(b.Nodes, func(a, c Node) int { return strings.Compare(a.Dir, c.Dir) })
	return b, nil
}

// cutRole splits <ip>_<role>; the role may hold an underscore (agent_public).
func cutRole(dir string) (ip, role string, ok bool) {
	for _, suffix := range []string{"_agent_public", "_master", "_agent"} {
		if ip, found := strings.CutSuffix(dir, suffix); found && ip != "" {
			return ip, roles[suffix[1:]], true
		}
	}
	return "", "", false
}

// ipOf is the address in a node directory's name.
func ipOf(dir string) string {
	ip, _, _ := cutRole(dir)
	return ip
}

// Close closes the bundle's file.
func (b *Bundle) Close() error { return b.zr.Close() }

// health is the unit health report (UnitsHealthResponseJSONStruct).
type health struct {
	Units []struct {
		ID     string `json:"id"`
		Health int    `json:"health"`
		Output string `json:"output"`
	} `json:"units"`
	Hostname    string `json:"hostname"`
	IP          string `json:"ip"`
	DCOSVersion string `json:"dcos_version"`
	Role        string `json:"node_role"`
}

// Source is one node of a bundle as a facts source.
func (b *Bundle) Source(n Node, tool string) facts.Source { return nodeSource{b, n, tool} }

type nodeSource struct {
	b    *Bundle
	n    Node
	tool string
}

func (s nodeSource) Gather(ctx context.Context) (*facts.Snapshot, error) {
	return s.b.Snapshot(ctx, s.n, s.tool)
}

// Snapshot builds the snapshot of one node of the bundle: its role from
// the directory name, its release from dcos-version.json (else the health
// report), its wanted units from the health report. A node without a
// health report cannot be audited: that is an error, not an empty node.
func (b *Bundle) Snapshot(_ context.Context, n Node, tool string) (*facts.Snapshot, error) {
	where := b.path + "!" + n.Dir
	hf := b.files[n.Dir+"/"+healthFile]
	if hf == nil {
		hf = b.files[n.Dir+"/"+oldHealthFile]
	}
	if hf == nil {
		return nil, fmt.Errorf("%s: no %s (nor %s): the node's units are unknown", where, healthFile, oldHealthFile)
	}
	raw, err := b.read(hf)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", where, err)
	}
	var h health
	if err := json.Unmarshal(raw, &h); err != nil {
		return nil, fmt.Errorf("%s/%s: %w", where, path.Base(hf.Name), err)
	}
	snap := &facts.Snapshot{
		SchemaVersion: facts.SchemaVersion,
		Source:        facts.Provenance{Kind: Kind, Target: where, Tool: tool, GatheredAt: hf.Modified.UTC().Truncate(time.Second)},
		Node: facts.Node{
			Hostname: cmp.Or(h.Hostname, h.IP), IP: cmp.Or(h.IP, ipOf(n.Dir)), Roles: []string{n.Role}, RolesFrom: n.Dir + " (the bundle's node directory)",
			WantsDirFound: true, Leftovers: []string{},
		},
		Units:    []facts.Unit{},
		Problems: []facts.Problem{},
	}
	if vf := b.files[n.Dir+"/"+versionFile]; vf != nil {
		var v struct {
			Version string `json:"version"`
			Variant string `json:"dcos-variant"`
		}
		raw, err := b.read(vf)
		if err == nil {
			err = json.Unmarshal(raw, &v)
		}
		if err != nil {
			snap.Problems = append(snap.Problems, facts.Problem{Kind: facts.ProblemMalformedFile, Path: versionFile,
				Detail: err.Error(), Hint: "the DC/OS version is taken from the health report"})
		} else {
			snap.Node.Version, snap.Node.Variant, snap.Node.VersionFrom = v.Version, v.Variant, versionFile
		}
	}
	if snap.Node.Version == "" && h.DCOSVersion != "" {
		snap.Node.Version, snap.Node.VersionFrom = h.DCOSVersion, path.Base(hf.Name)
	}
	for _, u := range h.Units {
		if u.ID == "" || strings.ContainsAny(u.ID, "/\x00") {
			continue
		}
		snap.Units = append(snap.Units, facts.Unit{Name: u.ID, Kind: unitfile.Kind(u.ID),
			Path: facts.WantsDir + "/" + u.ID, Entry: "", State: facts.UnknownState,
			Health: &facts.Health{Status: healthStatus(u.Health), Output: clip(redact.Text(u.Output)), From: path.Base(hf.Name)}})
	}
	slices.SortFunc(snap.Units, func(a, c facts.Unit) int { return strings.Compare(a.Name, c.Name) })
	snap.Units = slices.CompactFunc(snap.Units, func(a, c facts.Unit) bool { return a.Name == c.Name })
	return snap, nil
}

// healthStatus names dcos-diagnostics' health values (dcos/interfaces.go:
// Healthy 0, Unhealthy 1, Unknown 3).
func healthStatus(h int) string {
	switch h {
	case 0:
		return facts.Healthy
	case 1:
		return facts.Unhealthy
	}
	return facts.Unknown
}

// clip keeps the start of a health report's explanation, a sentence or
// two (CheckUnitHealth), whatever a report claims; after redaction, so
// that no cut leaves part of a credential unrecognised.
func clip(s string) string {
	const most = 1024
	if len(s) <= most {
		return s
	}
	return strings.ToValidUTF8(s[:most], "") + "…"
}

// read reads one member, bounded.
func (b *Bundle) read(f *zip.File) ([]byte, error) {
	if f.UncompressedSize64 > maxMember {
		return nil, fmt.Errorf("%s: %d bytes, more than the %d a member may have", f.Name, f.UncompressedSize64, maxMember)
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxMember+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.Name, err)
	}
	if len(data) > maxMember {
		return nil, fmt.Errorf("%s: expands past %d bytes", f.Name, maxMember)
	}
	return data, nil
}
