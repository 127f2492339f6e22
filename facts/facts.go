// Package facts defines the snapshot: everything dcos-audit knows about one
// node, in one versioned JSON shape that is also the policies' input.
//
// Sources (rootfs, live, a saved snapshot) produce a Snapshot; nothing
// downstream ever looks at the node itself. Paths inside a snapshot are
// relative to the node's root ("etc/systemd/system/..."), never the scanning
// machine's mount point.
package facts

import (
	"context"
	"time"
)

// SchemaVersion is the version of the Snapshot JSON shape. Bump it on any
// change that an older reader could misread.
const SchemaVersion = 1

// WantsDir is where pkgpanda links the units that dcos.target wants,
// relative to the node's root.
const WantsDir = "etc/systemd/system/dcos.target.wants"

// Unknown is the value of a runtime state that a source could not observe
// (an offline root has no running systemd).
const Unknown = "unknown"

// A Source gathers the facts of one node. It returns an error only when it
// could gather nothing; trouble with single items goes into
// Snapshot.Problems and the rest is still gathered.
type Source interface {
	Gather(ctx context.Context) (*Snapshot, error)
}

// Snapshot is the facts of one node at one moment.
type Snapshot struct {
	SchemaVersion int        `json:"schema_version"`
	Source        Provenance `json:"source"`
	Node          Node       `json:"node"`
	// Units are the entries of dcos.target.wants, sorted by name.
	Units []Unit `json:"units"`
	// Problems are the items that could not be gathered.
	Problems []Problem `json:"problems"`
}

// The kinds of source (Provenance.Kind).
const (
	KindRootfs = "rootfs" // a root directory, offline
	KindImage  = "image"  // a filesystem tarball or image archive, read in place
	KindLive   = "live"   // a running node: its files and its systemd manager
	KindBundle = "bundle" // a node of a DC/OS diagnostics bundle: no unit files
)

// Kinds are all the kinds of source.
var Kinds = []string{KindRootfs, KindImage, KindLive, KindBundle}

// Provenance says where and when the facts were gathered.
type Provenance struct {
	// Kind is "rootfs", "image" (a filesystem or image archive read in
	// place), "live", or "bundle" (a node of a DC/OS diagnostics bundle:
	// no unit files): one of Kinds. A saved snapshot keeps the kind it was
	// gathered with.
	Kind string `json:"kind"`
	// Target is what was read: a root directory, an archive, a manager
	// address, a file.
	Target string `json:"target"`
	// Digest identifies an image source: the image's digest
	// ("sha256:..."), or the archive's own for a plain filesystem tarball.
	Digest     string    `json:"digest,omitempty"`
	Tool       string    `json:"tool"`
	GatheredAt time.Time `json:"gathered_at"`
}

// Node holds the node-wide facts.
type Node struct {
	Hostname string `json:"hostname"`
	// IP is the node's address where the source records one (a
	// diagnostics bundle's health report); empty otherwise.
	IP string `json:"ip,omitempty"`
	// Roles are the names of the files in etc/mesosphere/roles, sorted. A
	// DC/OS node has exactly one of master, slave, slave_public; cloud
	// templates add markers such as aws or azure_master.
	Roles []string `json:"roles"`
	// RolesFrom is where Roles came from: the roles directory, or "flag"
	// when the operator overrode detection.
	RolesFrom string `json:"roles_from"`
	// Version is the DC/OS version ("2.2.1"), empty when not recorded.
	Version string `json:"version"`
	// VersionFrom is the file the version was read from, or "flag".
	VersionFrom string `json:"version_from"`
	// Variant is "open" or "enterprise" where recorded (DC/OS 1.12+).
	Variant string `json:"variant"`
	// WantsDirFound is false when dcos.target.wants does not exist or could
	// not be listed (a Problem then says why).
	WantsDirFound bool `json:"wants_dir_found"`
	// Leftovers are pkgpanda staging directories left by an interrupted
	// upgrade (dcos.target.wants.new, dcos.target.wants.old).
	Leftovers []string `json:"leftovers"`
	// Telemetry is DC/OS Signal's switch where the node has its
	// configuration (DC/OS 1.8–2.1); nil where it has none.
	Telemetry *Telemetry `json:"telemetry,omitempty"`
	// Manager is what the running systemd reports; nil offline.
	Manager *Manager `json:"manager,omitempty"`
}

// Telemetry is the "enabled" setting of DC/OS Signal, which reports
// cluster usage to the vendor. dcos/dcos gen/dcos-config.yaml writes it from
// config.yaml's telemetry_enabled ("true" by default, gen/calc.py). Only
// that one setting is read from the file.
type Telemetry struct {
	// From is the file it was read from.
	From string `json:"from"`
	// Enabled is the setting as written: "true" or "false" (a JSON string
	// in DC/OS's template; a JSON boolean is recorded the same way).
	Enabled string `json:"enabled"`
}

// Manager is the node-wide view of the running systemd.
type Manager struct {
	// Address is the D-Bus address or socket that was used.
	Address string `json:"address"`
	Version string `json:"version"`
	// SystemState is running, degraded, starting, ...
	SystemState string `json:"system_state"`
	// Wants is dcos.target's Wants property, sorted.
	Wants []string `json:"wants"`
	// UserspaceTimestampUSec is when the manager started (realtime µs), to
	// tell "never fired since boot" from "never fired in a long time".
	UserspaceTimestampUSec uint64 `json:"userspace_timestamp_usec"`
}

// Unit is one entry of dcos.target.wants.
type Unit struct {
	Name string `json:"name"`
	// Kind is the unit type from the name's suffix (service, socket, timer,
	// target, path, mount, ...), or "" when the name is not a unit name.
	Kind string `json:"kind"`
	// Path is the wants entry, relative to the root.
	Path string `json:"path"`
	// Entry is the entry's file type: "symlink", "file", "directory" or
	// "other".
	Entry string `json:"entry"`
	// Link describes a symlink entry; nil for other entries.
	Link *Link `json:"link,omitempty"`
	// File is the unit file the entry resolves to; nil when it could not
	// be read.
	File *UnitFile `json:"file,omitempty"`
	// Timer is the parsed schedule of a timer unit.
	Timer *Timer `json:"timer,omitempty"`
	// State is the unit's runtime state; Unknown offline.
	State State `json:"state"`
	// Health is DC/OS's own verdict on the unit, from a diagnostics
	// bundle's health report; nil from other sources.
	Health *Health `json:"health,omitempty"`
}

// Health is what dcos-diagnostics reported of a unit: "healthy",
// "unhealthy" or "unknown" (its 0, 1 and 3; dcos/dcos-diagnostics
// dcos/interfaces.go), and why when unhealthy (api/properties_linux.go,
// CheckUnitHealth: not loaded, not active, a failed main process,
// flapping, inactive), with what may be a credential redacted.
type Health struct {
	Status string `json:"status"`
	Output string `json:"output,omitempty"`
	// From is the report it was read from, relative to the node's
	// directory in the bundle.
	From string `json:"from"`
}

// Health statuses.
const (
	Healthy   = "healthy"
	Unhealthy = "unhealthy"
)

// Link statuses.
const (
	LinkOK       = "ok"
	LinkDangling = "dangling" // the target does not exist
	LinkLoop     = "loop"     // too many levels of symlinks
	LinkEscapes  = "escapes"  // the target climbs out of the root
	LinkMasked   = "masked"   // the target is /dev/null: systemd's mask
	LinkError    = "error"    // the target could not be read
)

// Link is a symlink and where it leads inside the root.
type Link struct {
	// Target is the link's text as written ("/etc/systemd/system/x.service").
	Target string `json:"target"`
	// Resolved is the final path relative to the root, after following
	// every link inside the root; empty when Status is not LinkOK.
	Resolved string `json:"resolved"`
	Status   string `json:"status"`
}

// UnitFile is a parsed unit file with its drop-ins merged.
type UnitFile struct {
	Path string `json:"path"`
	// Mode is the permission bits in octal ("0644").
	Mode string `json:"mode"`
	UID  int    `json:"uid"`
	GID  int    `json:"gid"`
	// DropIns are the drop-in files merged in, in the order applied.
	DropIns []DropIn `json:"drop_ins"`
	// Options maps section → key → values in the order assigned. An empty
	// assignment clears the values before it, as systemd does for list
	// settings; for single-valued settings the last value is the one in force.
	Options map[string]map[string][]string `json:"options"`
	// ParseError is set when the file (or a drop-in) is not a valid unit
	// file; Options then holds what could be read.
	ParseError string `json:"parse_error,omitempty"`
	// Referenced are the files the unit makes systemd use: the program of
	// each Exec* line and each EnvironmentFile, in the order written.
	// Absent in snapshots of releases before it was gathered.
	Referenced []FileRef `json:"referenced,omitempty"`
}

// FileRef is a file a unit refers to, as found in the node's root.
type FileRef struct {
	// Directive is the setting that names it (ExecStart, EnvironmentFile, ...).
	Directive string `json:"directive"`
	// Path is the path as written in the unit, prefixes removed.
	Path string `json:"path"`
	// Status is "ok", "missing", "not_absolute" (a name systemd looks up
	// in its PATH, or a variable), "escapes" (a link that leaves the
	// root) or "error" (a Problem says why).
	Status string `json:"status"`
	// Resolved is the file relative to the root after following links
	// inside it; empty unless Status is "ok".
	Resolved string `json:"resolved,omitempty"`
	// Stat is who may change the file; nil unless Status is "ok".
	Stat *FileStat `json:"stat,omitempty"`
	// SecretKeys are the variables of an EnvironmentFile whose names say
	// they hold credentials; their values are never read into the facts.
	SecretKeys []string `json:"secret_keys,omitempty"`
}

// FileStat is the owner and mode of a file and of the directory holding
// it: whoever may write either may change what the unit runs.
type FileStat struct {
	// Mode is the permission bits in octal ("0755").
	Mode string `json:"mode"`
	UID  int    `json:"uid"`
	GID  int    `json:"gid"`
	// DirMode and DirUID are those of the file's directory.
	DirMode string `json:"dir_mode"`
	DirUID  int    `json:"dir_uid"`
}

// FileRef statuses.
const (
	RefOK          = "ok"
	RefMissing     = "missing"
	RefNotAbsolute = "not_absolute"
	RefEscapes     = "escapes"
	RefError       = "error"
)

// DropIn is a drop-in file merged into a unit.
type DropIn struct {
	Path string `json:"path"`
	Mode string `json:"mode"`
	UID  int    `json:"uid"`
	GID  int    `json:"gid"`
}

// Timer is the schedule of a timer unit, as written in its file.
type Timer struct {
	// Unit is the unit the timer triggers: Unit= or the same base name.
	Unit string `json:"unit"`
	// Monotonic are the OnActiveSec, OnBootSec, OnStartupSec,
	// OnUnitActiveSec and OnUnitInactiveSec triggers, in that order, each
	// directive's values in file order.
	Monotonic []MonotonicTrigger `json:"monotonic"`
	// Calendar are the OnCalendar triggers, in file order.
	Calendar []CalendarTrigger `json:"calendar"`
	// Errors lists schedule values that could not be parsed.
	Errors []string `json:"errors"`
}

// MonotonicTrigger is one relative trigger of a timer.
type MonotonicTrigger struct {
	Directive string  `json:"directive"` // "OnUnitActiveSec"
	Value     string  `json:"value"`     // as written: "2min"
	Seconds   float64 `json:"seconds"`   // 120
}

// CalendarTrigger is one OnCalendar trigger of a timer.
type CalendarTrigger struct {
	Spec string `json:"spec"` // as written: "hourly"
	// PeriodSeconds is the repeat period where the spec is a simple
	// periodic one (hourly, *:0/5, ...); 0 when it has no fixed period.
	PeriodSeconds float64 `json:"period_seconds"`
}

// State is a unit's runtime state as the manager reports it. Offline
// sources leave Load, Active and Sub Unknown and the rest empty.
type State struct {
	Load   string `json:"load"`
	Active string `json:"active"`
	Sub    string `json:"sub"`
	// UnitFileState is enabled, static, masked, linked, ...
	UnitFileState string `json:"unit_file_state,omitempty"`
	// FragmentPath is the file the manager loaded the unit from, relative
	// to the root; DropInPaths the drop-ins it applied.
	FragmentPath string   `json:"fragment_path,omitempty"`
	DropInPaths  []string `json:"drop_in_paths,omitempty"`
	// ConditionFailed is true when the manager checked the unit's
	// Condition*= settings at its last start and they were not met
	// (ConditionResult=no with a ConditionTimestamp): systemd skipped it, as
	// DC/OS intends for its feature-gated units.
	ConditionFailed bool `json:"condition_failed,omitempty"`
	// NeedDaemonReload is true when the unit's files changed on disk since
	// the manager loaded them: it runs what was there before.
	NeedDaemonReload bool `json:"need_daemon_reload,omitempty"`
	// Error says why the unit's properties could not be read; the other
	// fields are then Unknown or empty.
	Error   string        `json:"error,omitempty"`
	Service *ServiceState `json:"service,omitempty"`
	Socket  *SocketState  `json:"socket,omitempty"`
	Timer   *TimerState   `json:"timer,omitempty"`
}

// ServiceState is the manager's view of a service.
type ServiceState struct {
	Type      string `json:"type"`
	Result    string `json:"result"`
	NRestarts uint32 `json:"n_restarts"`
	MainPID   uint32 `json:"main_pid"`
	User      string `json:"user"`
	// ExecMainStatus is the exit status of the main process's last run.
	ExecMainStatus int32 `json:"exec_main_status"`
	// Restart is the Restart= setting in force (no, always, on-failure, ...).
	Restart string `json:"restart"`
}

// SocketState is the manager's view of a socket.
type SocketState struct {
	// Listen are the socket's listen addresses ("Stream /run/dcos/x.sock").
	Listen []string `json:"listen"`
}

// TimerState is the manager's view of a timer: the schedule it actually
// uses, and when it fired and will fire. Times are microseconds since the
// epoch (realtime) or since boot (monotonic); 0 means never or none.
type TimerState struct {
	// Unit is the unit the timer triggers.
	Unit                    string             `json:"unit"`
	Monotonic               []MonotonicTrigger `json:"monotonic"`
	Calendar                []CalendarTrigger  `json:"calendar"`
	LastTriggerUSec         uint64             `json:"last_trigger_usec"`
	NextElapseUSecRealtime  uint64             `json:"next_elapse_usec_realtime"`
	NextElapseUSecMonotonic uint64             `json:"next_elapse_usec_monotonic"`
	Persistent              bool               `json:"persistent"`
}

// UnknownState is the state of a unit when no manager was asked.
var UnknownState = State{Load: Unknown, Active: Unknown, Sub: Unknown}

// Problem kinds.
const (
	ProblemUnreadable    = "unreadable"     // permission denied, I/O error
	ProblemMalformedFile = "malformed_file" // a metadata file that does not parse
	// ProblemManager is a unit (Path is its name) or manager object whose
	// properties the systemd manager did not return.
	ProblemManager = "manager_error"
)

// Problem is an item that could not be gathered. The scan of everything
// else goes on; the policies turn each problem into a finding.
type Problem struct {
	Kind string `json:"kind"`
	// Path is the item, relative to the root.
	Path   string `json:"path"`
	Detail string `json:"detail"`
	// Hint says what the operator can do about it.
	Hint string `json:"hint"`
}

// Error makes a Problem usable as an error value.
func (p *Problem) Error() string {
	return p.Kind + " " + p.Path + ": " + p.Detail
}
