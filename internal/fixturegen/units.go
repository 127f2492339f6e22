package main

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Unit file texts. Facts (users, groups, hardening, socket permissions, timer
// directives, Type/Restart where known, package names) come from the unit
// files in dcos/dcos packages/*/extra and packages/*/build at the release
// tags. Description texts after the ": " and the ExecStart command lines are
// plausible stand-ins, not quotes; the Description prefixes (the text before
// ": ") are upstream's where the 1.8.10 and 1.9.10 unit files give them.

// vers parses "1.13.9" into comparable ints.
func vers(v string) [3]int {
	var out [3]int
	for i, p := range strings.SplitN(v, ".", 3) {
		n, err := strconv.Atoi(p)
		if err != nil {
			panic(fmt.Sprintf("bad version %q", v))
		}
		out[i] = n
	}
	return out
}

// atLeast reports whether v >= floor. Only used with releases of one branch
// line or with the anchors, where plain numeric order is release order.
func atLeast(v, floor string) bool {
	a, b := vers(v), vers(floor)
	for i := range a {
		if a[i] != b[i] {
			return a[i] > b[i]
		}
	}
	return true
}

// hash40 is a stable stand-in for a pkgpanda id / git commit: the 40 hex
// digits of sha1(s).
func hash40(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// pkgID is the pkgpanda package id "<pkg>--<id>" for a release.
func pkgID(pkg, version string) string {
	return pkg + "--" + hash40(pkg+"-"+version)
}

func pkgPath(pkg, version string) string {
	return "/opt/mesosphere/packages/" + pkgID(pkg, version)
}

// packageOf maps a unit to its pkgpanda package (the directory under
// dcos/dcos packages/ whose build installs it, split by release where the
// unit moved).
func packageOf(unit, version string) string {
	base := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(unit, ".service"), ".socket"), ".timer")
	switch {
	case strings.HasPrefix(base, "dcos-3dt"):
		return "3dt"
	case strings.HasPrefix(base, "dcos-adminrouter"):
		return "adminrouter"
	case strings.HasPrefix(base, "dcos-bouncer"):
		return "bouncer"
	case strings.HasPrefix(base, "dcos-calico-"):
		return "calico"
	case base == "dcos-checks-api":
		return "dcos-check-runner"
	case base == "dcos-checks-poststart":
		if atLeast(version, "1.12.0") {
			return "dcos-check-runner"
		}
		return "dcos-checks"
	case strings.HasPrefix(base, "dcos-cockroach"):
		return "cockroach"
	case base == "dcos-cosmos":
		return "cosmos"
	case strings.HasPrefix(base, "dcos-diagnostics"):
		return "dcos-diagnostics"
	case base == "dcos-docker-gc":
		return "docker-gc"
	case base == "dcos-epmd":
		return "erlang"
	case base == "dcos-etcd":
		return "etcd"
	case base == "dcos-exhibitor":
		return "exhibitor"
	case base == "dcos-fluent-bit":
		return "fluent-bit"
	case base == "dcos-gen-resolvconf":
		if atLeast(version, "1.11.0") {
			return "dcos-net"
		}
		return "spartan"
	case base == "dcos-history":
		return "dcos-history"
	case strings.HasPrefix(base, "dcos-log-"):
		return "dcos-log"
	case strings.HasPrefix(base, "dcos-logrotate-"):
		return "logrotate"
	case base == "dcos-marathon":
		return "marathon"
	case base == "dcos-mesos-dns":
		return "mesos-dns"
	case strings.HasPrefix(base, "dcos-mesos-"), strings.HasPrefix(base, "dcos-vol-discovery-"):
		return "mesos"
	case strings.HasPrefix(base, "dcos-metrics-"):
		return "dcos-metrics"
	case base == "dcos-metronome":
		return "metronome"
	case base == "dcos-minuteman":
		return "minuteman"
	case base == "dcos-navstar":
		return "navstar"
	case base == "dcos-net", base == "dcos-net-watchdog":
		return "dcos-net"
	case base == "dcos-oauth":
		return "dcos-oauth"
	case base == "dcos-pkgpanda-api":
		return "pkgpanda-api"
	case base == "dcos-rexray":
		return "rexray"
	case base == "dcos-signal":
		return "dcos-signal"
	case strings.HasPrefix(base, "dcos-spartan"):
		return "spartan"
	case base == "dcos-telegraf":
		return "telegraf"
	case base == "dcos-ui-update-service":
		return "dcos-ui-update-service"
	}
	panic("no package known for unit " + unit)
}

// section is one [Section] of a unit file; lines are "Key=value" or comments.
type section struct {
	name  string
	lines []string
}

func render(secs ...section) string {
	var b strings.Builder
	for i, s := range secs {
		if len(s.lines) == 0 {
			continue
		}
		if i > 0 && b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("[" + s.name + "]\n")
		for _, l := range s.lines {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}

// unitText renders the stock content of unit for a release and node role:
// what runs, as whom and where it listens exactly as DC/OS ships it
// (withShipped), the rest as written below.
func unitText(unit, version, role string) string {
	switch {
	case strings.HasSuffix(unit, ".timer"):
		return withShipped(timerText(unit, version), unit, version, role)
	case strings.HasSuffix(unit, ".socket"):
		return withShipped(socketText(unit, version), unit, version, role)
	case strings.HasSuffix(unit, ".service"):
		return withShipped(serviceText(unit, version, role), unit, version, role)
	}
	panic("unknown unit type " + unit)
}

// ---- timers (dcos/dcos packages/<pkg>/extra/<timer>, exact directives per release) ----

func timerText(unit, v string) string {
	var desc string
	var t []string
	var install []string
	switch unit {
	case "dcos-adminrouter-reload.timer":
		desc = "Admin Router Reloader Timer: periodically reloads the Admin Router Nginx configuration"
		t = []string{"OnBootSec=5sec", "OnUnitActiveSec=30s"}
	case "dcos-adminrouter-agent-reload.timer":
		// 1.8.x installs a copy of the master timer under the agent name
		// (packages/adminrouter/build).
		desc = "Admin Router Reloader Timer: periodically reloads the Admin Router Nginx configuration"
		if atLeast(v, "1.9.0") {
			desc = "Admin Router Agent Reloader Timer: periodically reloads the Admin Router Agent Nginx configuration"
		}
		t = []string{"OnBootSec=5sec", "OnUnitActiveSec=30s"}
	case "dcos-logrotate-master.timer", "dcos-logrotate-agent.timer":
		// One source file, extra/dcos-logrotate.timer, for both names; no Unit=.
		desc = "Logrotate Timer: triggers a log rotation every 2 minutes"
		t = []string{"OnBootSec=2min", "OnUnitActiveSec=2min"}
	case "dcos-signal.timer":
		desc = "Signal Timer: periodically triggers the DC/OS Signal telemetry service"
		cal := "hourly"
		if signalEvery5Min(v) {
			cal = "*:0/5"
		}
		t = []string{"Unit=dcos-signal.service", "OnCalendar=" + cal}
	case "dcos-gen-resolvconf.timer":
		desc = "Generate resolv.conf Timer: periodically updates /etc/resolv.conf"
		t = []string{"OnBootSec=5sec", "OnUnitActiveSec=1min"}
	case "dcos-spartan-watchdog.timer":
		desc = spartanName(v) + " Watchdog Timer: periodically checks that the DNS forwarder answers"
		switch {
		case !atLeast(v, "1.8.4"):
			t = []string{"OnBootSec=5sec", "OnUnitActiveSec=5min"}
		case !atLeast(v, "1.8.7"):
			t = []string{"OnBootSec=65sec", "OnUnitActiveSec=2min"}
		default:
			t = []string{"OnBootSec=5sec", "OnUnitActiveSec=2min"}
		}
	case "dcos-docker-gc.timer":
		desc = "Docker GC Timer: periodically removes unused Docker containers, images and volumes"
		t = []string{"OnBootSec=45sec", "OnCalendar=hourly"}
	case "dcos-checks-poststart.timer":
		desc = "DC/OS Poststart Checks Timer: runs the node-poststart checks every minute"
		t = []string{"OnCalendar=minutely", "AccuracySec=10"}
	case "dcos-diagnostics-mesos-state.timer":
		desc = "Diagnostics Mesos State Timer: collects the Mesos state once a day"
		t = []string{"OnCalendar=daily", "OnBootSec=5min", "RandomizedDelaySec=60min"}
		install = []string{"WantedBy=timers.target"}
	case "dcos-cockroachdb-config-change.timer":
		desc = "CockroachDB Config Change Timer: periodically applies CockroachDB configuration changes"
		switch {
		case atLeast(v, "2.2.0"):
			t = []string{
				"# The first activation is done by dcos-cockroach.service.",
				"OnUnitActiveSec=10min",
			}
		case atLeast(v, "2.1.2"):
			t = []string{"OnStartupSec=5min", "OnUnitActiveSec=10min"}
		default: // 1.13.0 – 2.1.1
			t = []string{"OnBootSec=5sec", "OnStartupSec=5min", "OnUnitActiveSec=10min"}
		}
	default:
		panic("no timer text for " + unit)
	}
	return render(
		section{"Unit", []string{"Description=" + desc}},
		section{"Timer", t},
		section{"Install", install},
	)
}

// signalEvery5Min: OnCalendar=*:0/5 in 1.11.13, 1.12.5, 1.13.6–2.1.2; hourly
// before (packages/dcos-signal/extra/dcos-signal.timer).
func signalEvery5Min(v string) bool {
	switch {
	case atLeast(v, "2.0.0"):
		return true
	case atLeast(v, "1.13.0"):
		return atLeast(v, "1.13.6")
	case atLeast(v, "1.12.0"):
		return atLeast(v, "1.12.5")
	case atLeast(v, "1.11.0"):
		return atLeast(v, "1.11.13")
	}
	return false
}

// spartanName: the Description prefix of the packages/spartan/extra units:
// "DNS Dispatcher" (1.8), "DNS Forwarder (Spartan)" (1.9+).
func spartanName(v string) string {
	if atLeast(v, "1.9.0") {
		return "DNS Forwarder (Spartan)"
	}
	return "DNS Dispatcher"
}

// ---- sockets (dcos/dcos packages/*/extra/*.socket) ----

// Permission lines of the sockets Admin Router proxies.
var adminrouterSocketPerms = []string{"SocketUser=root", "SocketGroup=dcos_adminrouter", "SocketMode=0660"}

func socketText(unit, v string) string {
	var desc, listen string
	perms := true
	var extra []string
	switch unit {
	case "dcos-3dt.socket":
		desc = "Diagnostics Socket: socket for the DC/OS Distributed Diagnostics Tool"
		listen = "/run/dcos/3dt.sock"
		perms = atLeast(v, "1.9.0") // 1.8: systemd defaults
	case "dcos-diagnostics.socket":
		desc = "Diagnostics Socket: socket for the DC/OS Diagnostics service"
		listen = "/run/dcos/dcos-diagnostics.sock"
	case "dcos-log-master.socket", "dcos-log-agent.socket":
		desc = "DC/OS Log Socket: socket for the DC/OS Log service"
		listen = "/run/dcos/dcos-log.sock"
	case "dcos-metrics-master.socket":
		desc = "DC/OS Metrics Master Socket: socket for the DC/OS Metrics master service"
		listen = "/run/dcos/dcos-metrics-master.sock"
	case "dcos-metrics-agent.socket":
		desc = "DC/OS Metrics Agent Socket: socket for the DC/OS Metrics agent service"
		listen = "/run/dcos/dcos-metrics-agent.sock"
	case "dcos-checks-api.socket":
		desc = "DC/OS Checks API Socket: socket for the DC/OS Checks API"
		listen = "/run/dcos/dcos-checks-api.sock"
	case "dcos-telegraf.socket":
		desc = "Telegraf Socket: socket for the Telegraf DC/OS metrics input"
		listen = "/run/dcos/telegraf-dcos-metrics.sock"
	case "dcos-ui-update-service.socket":
		desc = "DC/OS UI Update Service Socket: socket for the DC/OS UI Update Service"
		listen = "/run/dcos/dcos-ui-update-service.sock"
	case "dcos-pkgpanda-api.socket":
		desc = "Pkgpanda API Socket: socket for the package management API"
		listen = "/run/dcos/pkgpanda-api.sock"
		perms = false // defaults
	case "dcos-mesos-slave.socket", "dcos-mesos-slave-public.socket":
		desc = "Mesos Agent Executor Socket: socket for executors to reach the Mesos agent"
		listen = "/var/run/mesos/mesos-executors.sock"
		perms = false // systemd defaults
		extra = []string{"Accept=no", "FileDescriptorName=dcos-mesos-slave"}
	default:
		panic("no socket text for " + unit)
	}
	lines := []string{"ListenStream=" + listen}
	if perms {
		lines = append(lines, adminrouterSocketPerms...)
	}
	lines = append(lines, extra...)
	return render(
		section{"Unit", []string{"Description=" + desc}},
		section{"Socket", lines},
	)
}

// ---- services (User=, hardening and Type= of dcos/dcos packages/*/extra/*.service) ----

type svc struct {
	desc     string
	typ      string   // Type=; empty: not known, omitted
	user     string   // User=; empty: none (root by default)
	group    string   // Group=
	suppl    string   // SupplementaryGroups=
	pre      []string // ExecStartPre= lines (full commands)
	exec     string   // ExecStart relative to the package dir
	restart  string   // Restart=
	restartS string   // RestartSec=
	unit     []string // extra [Unit] lines
	extra    []string // extra [Service] lines
}

const (
	longRunning = "always"
	grpAR       = "dcos_adminrouter"
)

func serviceText(unit, v, role string) string {
	s := serviceSpec(unit, v, role)
	pkg := pkgPath(packageOf(unit, v), v)
	var lines []string
	if s.typ != "" {
		lines = append(lines, "Type="+s.typ)
	}
	if s.user != "" {
		lines = append(lines, "User="+s.user)
	}
	if s.group != "" {
		lines = append(lines, "Group="+s.group)
	}
	if s.suppl != "" {
		lines = append(lines, "SupplementaryGroups="+s.suppl)
	}
	lines = append(lines, "EnvironmentFile=/opt/mesosphere/environment")
	for _, p := range s.pre {
		lines = append(lines, "ExecStartPre="+p)
	}
	lines = append(lines, "ExecStart="+pkg+"/"+strings.ReplaceAll(s.exec, "$PKG_PATH", pkg))
	if s.restart != "" {
		lines = append(lines, "Restart="+s.restart)
	}
	if s.restartS != "" {
		lines = append(lines, "RestartSec="+s.restartS)
	}
	lines = append(lines, s.extra...)
	return render(
		section{"Unit", append([]string{"Description=" + s.desc}, s.unit...)},
		section{"Service", lines},
	)
}

func agentFlavour(role string) string {
	if role == roleMaster {
		return "master"
	}
	return "agent"
}

func serviceSpec(unit, v, role string) svc {
	switch unit {
	case "dcos-3dt.service":
		s := svc{desc: "Diagnostics: DC/OS Distributed Diagnostics Tool service",
			user: "dcos_3dt", exec: "bin/3dt --" + agentFlavour(role), restart: longRunning}
		if atLeast(v, "1.9.0") {
			s.suppl = grpAR
		}
		return s
	case "dcos-diagnostics.service":
		// Master and agent files differ in content, installed under one name
		// (extra/dcos-diagnostics-master.service, extra/dcos-diagnostics-agent.service).
		s := svc{exec: "bin/dcos-diagnostics daemon --role " + agentFlavour(role), restart: longRunning}
		if role == roleMaster {
			s.desc = "Diagnostics: DC/OS Diagnostics master service"
		} else {
			s.desc = "Diagnostics: DC/OS Diagnostics agent service"
		}
		if diagnosticsExplicitRoot(v) {
			s.user = "root"
		} else {
			s.user, s.suppl = "dcos_diagnostics", grpAR
		}
		return s
	case "dcos-diagnostics-mesos-state.service":
		return svc{desc: "Diagnostics Mesos State: collects the Mesos state for diagnostics bundles",
			typ: "oneshot", exec: "bin/dcos-diagnostics mesos-state"}
	case "dcos-adminrouter.service":
		return svc{desc: "Admin Router Master: exposes a unified control plane proxy for components and services using NGINX",
			exec: "bin/nginx -c $PKG_PATH/nginx/conf/nginx.master.conf", restart: longRunning,
			extra: []string{"PrivateDevices=yes"}}
	case "dcos-adminrouter-agent.service":
		return svc{desc: "Admin Router Agent: exposes a unified control plane proxy for components and services using NGINX",
			exec: "bin/nginx -c $PKG_PATH/nginx/conf/nginx.agent.conf", restart: longRunning,
			extra: []string{"PrivateDevices=yes"}}
	case "dcos-adminrouter-reload.service":
		return svc{desc: "Admin Router Reloader: reloads the Admin Router Nginx configuration",
			typ: "oneshot", exec: "bin/nginx -c $PKG_PATH/nginx/conf/nginx.master.conf -s reload"}
	case "dcos-adminrouter-agent-reload.service":
		return svc{desc: "Admin Router Agent Reloader: reloads the Admin Router Agent Nginx configuration",
			typ: "oneshot", exec: "bin/nginx -c $PKG_PATH/nginx/conf/nginx.agent.conf -s reload"}
	case "dcos-bouncer.service":
		return svc{desc: "DC/OS Identity and Access Manager: authenticates users of the cluster",
			user: "dcos_bouncer", exec: "bin/bouncer.sh", restart: longRunning}
	case "dcos-bouncer-migrate-users.service":
		// One-off migration, expected to end up inactive with status 0.
		return svc{desc: "DC/OS IAM User Migration: migrates legacy dcos-oauth users into Bouncer",
			typ: "simple", user: "dcos_bouncer", exec: "bin/migrate-users.sh", restart: "on-failure"}
	case "dcos-calico-bird.service":
		return svc{desc: "DC/OS Calico BIRD: BGP daemon for Calico networking",
			exec: "bin/bird -R -s /run/dcos/calico/bird.ctl -c /opt/mesosphere/etc/calico/bird.cfg", restart: longRunning,
			unit: []string{"ConditionPathExists=/opt/mesosphere/etc/calico/calico_enabled",
				"ConditionPathExists=/opt/mesosphere/etc/calico/bird_enabled"}}
	case "dcos-calico-confd.service":
		return svc{desc: "DC/OS Calico confd: renders the BIRD configuration for Calico",
			exec: "bin/confd -confdir=/opt/mesosphere/etc/calico/confd", restart: longRunning,
			unit: []string{"ConditionPathExists=/opt/mesosphere/etc/calico/calico_enabled",
				"ConditionPathExists=/opt/mesosphere/etc/calico/bird_enabled"}}
	case "dcos-calico-felix.service":
		return svc{desc: "DC/OS Calico Felix: programs routes and ACLs for Calico networking",
			exec: "bin/calico-felix", restart: longRunning,
			unit: []string{"ConditionPathExists=/opt/mesosphere/etc/calico/calico_enabled"}}
	case "dcos-calico-libnetwork-plugin.service":
		return svc{desc: "DC/OS Calico Libnetwork Plugin: Docker network plugin for Calico",
			exec: "bin/libnetwork-plugin", restart: longRunning,
			unit: []string{"ConditionPathExists=/opt/mesosphere/etc/calico/calico_enabled"}}
	case "dcos-checks-api.service":
		// Master and agent files share a Description.
		return svc{desc: "DC/OS Checks API: serves the DC/OS node checks over HTTP",
			user: "dcos_check_runner", suppl: grpAR,
			exec: "bin/dcos-check-runner serve --role " + agentFlavour(role), restart: longRunning}
	case "dcos-checks-poststart.service":
		s := svc{desc: "DC/OS Poststart Checks: runs the node-poststart checks", typ: "oneshot"}
		if atLeast(v, "1.12.0") {
			s.exec = "bin/dcos-check-runner check node-poststart"
		} else {
			s.exec = "bin/dcos-checks --role " + agentFlavour(role) + " check node-poststart"
		}
		if atLeast(v, "1.11.4") {
			s.user, s.group = "root", "root"
		} else {
			s.user = "dcos_diagnostics"
		}
		return s
	case "dcos-cockroach.service":
		s := svc{desc: "CockroachDB: distributed SQL database for the DC/OS IAM",
			user: "dcos_cockroach", exec: "bin/cockroach.sh", restart: longRunning}
		if atLeast(v, "2.2.0") {
			s.unit = []string{"Wants=dcos-cockroachdb-config-change.service",
				"Before=dcos-cockroachdb-config-change.service"}
		}
		return s
	case "dcos-cockroachdb-config-change.service":
		return svc{desc: "CockroachDB Config Change: applies CockroachDB cluster settings",
			typ: "oneshot", user: "dcos_cockroach", exec: "bin/cockroachdb-change-config.py"}
	case "dcos-cosmos.service":
		return svc{desc: "DC/OS Package Manager (Cosmos): installs and manages DC/OS packages",
			user: "dcos_cosmos", exec: "bin/cosmos", restart: longRunning}
	case "dcos-docker-gc.service":
		s := svc{desc: "Docker GC: removes unused Docker containers, images and volumes",
			typ: "oneshot", exec: "bin/docker-gc",
			unit: []string{"ConditionPathExists=/opt/mesosphere/etc/docker_gc_enabled"}}
		if atLeast(v, "2.1.0") {
			s.pre = []string{
				"-/usr/bin/docker container prune --force",
				"-/usr/bin/docker image prune --force",
				"-/usr/bin/docker volume prune --force",
			}
		} else {
			s.user = "dcos_docker_gc"
		}
		return s
	case "dcos-epmd.service":
		name := "Erlang Port Mapping Daemon"
		if atLeast(v, "1.9.0") {
			name = "Erlang Port Mapping Daemon (EPMD)"
		}
		return svc{desc: name + ": port mapper for the DC/OS Erlang services",
			user: "dcos_epmd", exec: "bin/epmd -port 61420", restart: longRunning}
	case "dcos-etcd.service":
		return svc{desc: "etcd: distributed key-value store for Calico",
			user: "dcos_etcd", exec: "bin/etcd.sh", restart: longRunning,
			extra: []string{"LimitNOFILE=65536"}}
	case "dcos-exhibitor.service":
		name := "Exhibitor"
		if atLeast(v, "2.0.0") {
			name = "Exhibitor and ZooKeeper"
		}
		return svc{desc: name + ": supervises the ZooKeeper ensemble",
			user: "dcos_exhibitor", exec: "bin/start_exhibitor.py", restart: longRunning,
			extra: []string{"MountFlags=private", "RuntimeDirectory=dcos_exhibitor"}}
	case "dcos-fluent-bit.service":
		return svc{desc: "Fluent Bit: collects and forwards DC/OS logs",
			user: "dcos_fluent_bit", exec: "bin/fluent-bit -c /opt/mesosphere/etc/fluent-bit/" + agentFlavour(role) + ".conf",
			restart: longRunning}
	case "dcos-gen-resolvconf.service":
		return svc{desc: "Generate resolv.conf: points /etc/resolv.conf at the DC/OS DNS forwarders",
			typ: "oneshot", exec: "bin/gen_resolvconf.py /etc/resolv.conf"}
	case "dcos-history.service":
		return svc{desc: "Mesos History: DC/OS resource metrics history service",
			user: "dcos_history", exec: "bin/dcos-history", restart: longRunning}
	case "dcos-log-master.service":
		return svc{desc: "DC/OS Log Master: exposes the node's journal over HTTP",
			user: "dcos_log", suppl: grpAR, exec: "bin/dcos-log -config /opt/mesosphere/etc/dcos-log-master.json", restart: longRunning}
	case "dcos-log-agent.service":
		return svc{desc: "DC/OS Log Agent: exposes the node's and tasks' logs over HTTP",
			user: "dcos_log", suppl: grpAR, exec: "bin/dcos-log -config /opt/mesosphere/etc/dcos-log-agent.json", restart: longRunning}
	case "dcos-logrotate-master.service":
		return svc{desc: "Logrotate: rotates the DC/OS master logs",
			typ: "oneshot", exec: "bin/logrotate -s /var/lib/dcos/logrotate-master.status /opt/mesosphere/etc/logrotate_master.conf"}
	case "dcos-logrotate-agent.service":
		return svc{desc: "Logrotate: rotates the DC/OS agent logs",
			typ: "oneshot", exec: "bin/logrotate -s /var/lib/dcos/logrotate-agent.status /opt/mesosphere/etc/logrotate_agent.conf"}
	case "dcos-marathon.service":
		s := svc{desc: "Marathon: container orchestration engine", exec: "bin/marathon.sh", restart: longRunning}
		if atLeast(v, "1.8.2") {
			s.user = "dcos_marathon"
		}
		return s
	case "dcos-metronome.service":
		s := svc{desc: "Jobs Service: DC/OS Metronome job scheduler", exec: "bin/metronome.sh", restart: longRunning}
		if atLeast(v, "1.8.2") {
			s.user = "dcos_metronome"
		}
		return s
	case "dcos-mesos-dns.service":
		return svc{desc: "Mesos DNS: DNS based service discovery",
			user: "dcos_mesos_dns", exec: "bin/mesos-dns -config /opt/mesosphere/etc/mesos-dns.json", restart: longRunning}
	case "dcos-mesos-master.service":
		return svc{desc: "Mesos Master: distributed systems kernel",
			exec: "bin/mesos-master", restart: longRunning,
			extra: []string{"TasksMax=infinity", "LimitNOFILE=infinity"}}
	case "dcos-mesos-slave.service":
		return svc{desc: "Mesos Agent: distributed systems kernel agent",
			exec: "bin/mesos-agent", restart: longRunning,
			extra: []string{"Delegate=true", "KillMode=control-group", "TasksMax=infinity", "LimitNOFILE=infinity"}}
	case "dcos-mesos-slave-public.service":
		return svc{desc: "Mesos Agent Public: distributed systems kernel public agent",
			exec: "bin/mesos-agent", restart: longRunning,
			extra: []string{"Delegate=true", "KillMode=control-group", "TasksMax=infinity", "LimitNOFILE=infinity"}}
	case "dcos-metrics-master.service":
		return svc{desc: "DC/OS Metrics Master: exposes node, container and application metrics",
			user: "dcos_metrics", suppl: grpAR, exec: "bin/dcos-metrics -role master", restart: longRunning}
	case "dcos-metrics-agent.service":
		return svc{desc: "DC/OS Metrics Agent: exposes node, container and application metrics",
			user: "dcos_metrics", suppl: grpAR, exec: "bin/dcos-metrics -role agent", restart: longRunning}
	case "dcos-minuteman.service":
		return svc{desc: "Layer 4 Load Balancer: DC/OS layer 4 load balancing service",
			exec: "bin/minuteman-env foreground", restart: longRunning}
	case "dcos-navstar.service":
		return svc{desc: "Navstar: distributed systems and network overlay orchestration engine",
			exec: "bin/navstar-env foreground", restart: longRunning}
	case "dcos-net.service":
		return svc{desc: "DC/OS Net: DNS, overlay networking and layer 4 load balancing",
			exec: "bin/dcos-net-env foreground", restart: longRunning}
	case "dcos-net-watchdog.service":
		// Long-running loop (Restart=always), NOT timer-driven.
		return svc{desc: "DC/OS Net Watchdog: restarts dcos-net when DNS stops answering",
			exec: "bin/dcos-net-watchdog.py", restart: longRunning}
	case "dcos-oauth.service":
		return svc{desc: "OAuth: OAuth authentication service",
			user: "dcos_oauth", exec: "bin/dcos-oauth serve --addr=127.0.0.1:8101", restart: longRunning}
	case "dcos-pkgpanda-api.service":
		s := svc{desc: "Pkgpanda API: package management API", exec: "bin/pkgpanda-api.sh", restart: longRunning}
		if atLeast(v, "1.9.0") {
			s.user, s.group, s.suppl = "root", "root", grpAR
		}
		return s
	case "dcos-rexray.service":
		return svc{desc: "REX-Ray: DC/OS external persistent volume service",
			exec: "bin/rexray start -f --config /opt/mesosphere/etc/rexray.conf", restart: longRunning}
	case "dcos-signal.service":
		// One round per timer activation; Type=simple, Restart=on-failure
		// (packages/dcos-signal/extra/dcos-signal.service).
		return svc{desc: "Signal: DC/OS telemetry and analytics service",
			typ: "simple", user: "dcos_signal", exec: "bin/dcos-signal -c /opt/mesosphere/etc/dcos-signal-config.json",
			restart: "on-failure"}
	case "dcos-spartan.service":
		return svc{desc: spartanName(v) + ": RFC 5625 compliant DNS forwarder",
			exec: "bin/spartan-env foreground", restart: longRunning,
			extra: []string{"LimitNOFILE=32000"}}
	case "dcos-spartan-watchdog.service":
		return svc{desc: spartanName(v) + " Watchdog: restarts the DNS forwarder when it stops answering",
			typ: "oneshot", exec: "bin/spartan-watchdog.py"}
	case "dcos-telegraf.service":
		return svc{desc: "Telegraf: collects and exposes DC/OS metrics",
			user: "dcos_telegraf", suppl: grpAR, exec: "bin/start-telegraf.sh", restart: longRunning}
	case "dcos-ui-update-service.service":
		return svc{desc: "DC/OS UI Update Service: updates the DC/OS web UI",
			user: "dcos_ui_update_service", suppl: grpAR, exec: "bin/dcos-ui-update-service", restart: longRunning}
	case "dcos-vol-discovery-priv-agent.service", "dcos-vol-discovery-pub-agent.service":
		return svc{desc: "Mesos Persistent Volume Discovery: discovers mounted volumes for the Mesos agent",
			typ: "simple", exec: "bin/make_disk_resources.py /var/lib/dcos/mesos-resources",
			restart: longRunning, restartS: "60",
			unit: []string{"ConditionPathExists=!/var/lib/dcos/mesos-resources"}}
	}
	panic("no service text for " + unit)
}

// diagnosticsExplicitRoot: explicit User=root in 1.11.9–1.11.13 and
// 1.12.2–2.2.1; dcos_diagnostics before.
func diagnosticsExplicitRoot(v string) bool {
	switch {
	case atLeast(v, "1.12.0"):
		return atLeast(v, "1.12.2")
	case atLeast(v, "1.11.0"):
		return atLeast(v, "1.11.9")
	}
	return false
}
