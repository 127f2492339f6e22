package main

// Per-release unit sets: the units that dcos/dcos packages/*/build installs
// into dcos.target.wants* at each release tag, which agree role by role with
// the unit lists of packages/dcos-integration-test/extra/test_composition.py
// at the same tag. Deliberately NOT derived from any other catalog in this
// repository: the fixtures are an independent encoding used to cross-check it.

// Node roles as they appear on disk in /etc/mesosphere/roles (dcos/dcos
// gen/build_deploy/bash.py).
const (
	roleMaster      = "master"
	roleSlave       = "slave"
	roleSlavePublic = "slave_public"
)

// unitSet is one release's dcos.target.wants content, split by the
// dcos.target.wants[_<role>] directory the build scripts install into.
type unitSet struct {
	all         []string // all three roles: package dir dcos.target.wants
	master      []string // master only: dcos.target.wants_master
	agents      []string // both agent roles: dcos.target.wants_slave and _slave_public
	slave       []string // private agent only: dcos.target.wants_slave
	slavePublic []string // public agent only: dcos.target.wants_slave_public
}

// units returns the wanted units of a role, each with the package directory
// suffix it is installed from (1.8–1.10 layout, dcos/dcos pkgpanda/__init__.py).
func (s unitSet) units(role string) []wanted {
	var out []wanted
	add := func(names []string, dir string) {
		for _, n := range names {
			out = append(out, wanted{unit: n, wantsDir: dir})
		}
	}
	add(s.all, "dcos.target.wants")
	switch role {
	case roleMaster:
		add(s.master, "dcos.target.wants_master")
	case roleSlave:
		add(s.agents, "dcos.target.wants_slave")
		add(s.slave, "dcos.target.wants_slave")
	case roleSlavePublic:
		add(s.agents, "dcos.target.wants_slave_public")
		add(s.slavePublic, "dcos.target.wants_slave_public")
	}
	return out
}

type wanted struct {
	unit     string
	wantsDir string // package-internal directory (used for 1.8–1.10 only)
}

// releases in release order; 1.8.0 is the oldest 1.8 release, the rest are the
// version anchors (last patch of each minor).
var releaseOrder = []string{
	"1.8.0", "1.8.10", "1.9.10", "1.10.11", "1.11.13",
	"1.12.5", "1.13.9", "2.0.6", "2.1.2", "2.2.1",
}

var releaseSets = map[string]unitSet{
	// **1.8.0** (24 units on a master, 19 on a private agent, 19 on a public agent)
	"1.8.0": {
		all: []string{
			"dcos-3dt.service", "dcos-adminrouter-reload.service", "dcos-adminrouter-reload.timer",
			"dcos-epmd.service", "dcos-gen-resolvconf.service", "dcos-gen-resolvconf.timer",
			"dcos-minuteman.service", "dcos-navstar.service", "dcos-signal.timer",
			"dcos-spartan-watchdog.service", "dcos-spartan-watchdog.timer", "dcos-spartan.service",
		},
		master: []string{
			"dcos-adminrouter.service", "dcos-cosmos.service", "dcos-exhibitor.service",
			"dcos-history.service", "dcos-logrotate-master.service", "dcos-logrotate-master.timer",
			"dcos-marathon.service", "dcos-mesos-dns.service", "dcos-mesos-master.service",
			"dcos-metronome.service", "dcos-oauth.service", "dcos-signal.service",
		},
		agents: []string{
			"dcos-3dt.socket", "dcos-adminrouter-agent.service", "dcos-logrotate-agent.service",
			"dcos-logrotate-agent.timer", "dcos-rexray.service",
		},
		slave:       []string{"dcos-mesos-slave.service", "dcos-vol-discovery-priv-agent.service"},
		slavePublic: []string{"dcos-mesos-slave-public.service", "dcos-vol-discovery-pub-agent.service"},
	},
	// **1.8.10** (26 / 20 / 20)
	"1.8.10": {
		all: []string{
			"dcos-3dt.service", "dcos-epmd.service", "dcos-gen-resolvconf.service",
			"dcos-gen-resolvconf.timer", "dcos-minuteman.service", "dcos-navstar.service",
			"dcos-pkgpanda-api.service", "dcos-pkgpanda-api.socket", "dcos-signal.timer",
			"dcos-spartan-watchdog.service", "dcos-spartan-watchdog.timer", "dcos-spartan.service",
		},
		master: []string{
			"dcos-adminrouter-reload.service", "dcos-adminrouter-reload.timer",
			"dcos-adminrouter.service", "dcos-cosmos.service", "dcos-exhibitor.service",
			"dcos-history.service", "dcos-logrotate-master.service", "dcos-logrotate-master.timer",
			"dcos-marathon.service", "dcos-mesos-dns.service", "dcos-mesos-master.service",
			"dcos-metronome.service", "dcos-oauth.service", "dcos-signal.service",
		},
		agents: []string{
			"dcos-3dt.socket", "dcos-adminrouter-agent-reload.service",
			"dcos-adminrouter-agent-reload.timer", "dcos-adminrouter-agent.service",
			"dcos-logrotate-agent.service", "dcos-logrotate-agent.timer", "dcos-rexray.service",
		},
		slave:       []string{"dcos-mesos-slave.service"},
		slavePublic: []string{"dcos-mesos-slave-public.service"},
	},
	// **1.9.10** (29 / 24 / 24)
	"1.9.10": {
		all: []string{
			"dcos-3dt.service", "dcos-3dt.socket", "dcos-epmd.service",
			"dcos-gen-resolvconf.service", "dcos-gen-resolvconf.timer", "dcos-navstar.service",
			"dcos-pkgpanda-api.service", "dcos-signal.timer", "dcos-spartan-watchdog.service",
			"dcos-spartan-watchdog.timer", "dcos-spartan.service",
		},
		master: []string{
			"dcos-adminrouter-reload.service", "dcos-adminrouter-reload.timer",
			"dcos-adminrouter.service", "dcos-cosmos.service", "dcos-exhibitor.service",
			"dcos-history.service", "dcos-log-master.service", "dcos-log-master.socket",
			"dcos-logrotate-master.service", "dcos-logrotate-master.timer", "dcos-marathon.service",
			"dcos-mesos-dns.service", "dcos-mesos-master.service", "dcos-metrics-master.service",
			"dcos-metrics-master.socket", "dcos-metronome.service", "dcos-oauth.service",
			"dcos-signal.service",
		},
		agents: []string{
			"dcos-adminrouter-agent-reload.service", "dcos-adminrouter-agent-reload.timer",
			"dcos-adminrouter-agent.service", "dcos-docker-gc.service", "dcos-docker-gc.timer",
			"dcos-log-agent.service", "dcos-log-agent.socket", "dcos-logrotate-agent.service",
			"dcos-logrotate-agent.timer", "dcos-metrics-agent.service", "dcos-metrics-agent.socket",
			"dcos-rexray.service",
		},
		slave:       []string{"dcos-mesos-slave.service"},
		slavePublic: []string{"dcos-mesos-slave-public.service"},
	},
	// **1.10.11** (27 / 22 / 22)
	"1.10.11": {
		all: []string{
			"dcos-diagnostics.service", "dcos-diagnostics.socket", "dcos-epmd.service",
			"dcos-gen-resolvconf.service", "dcos-gen-resolvconf.timer", "dcos-navstar.service",
			"dcos-pkgpanda-api.service", "dcos-signal.timer", "dcos-spartan-watchdog.service",
			"dcos-spartan-watchdog.timer", "dcos-spartan.service",
		},
		master: []string{
			"dcos-adminrouter.service", "dcos-cosmos.service", "dcos-exhibitor.service",
			"dcos-history.service", "dcos-log-master.service", "dcos-log-master.socket",
			"dcos-logrotate-master.service", "dcos-logrotate-master.timer", "dcos-marathon.service",
			"dcos-mesos-dns.service", "dcos-mesos-master.service", "dcos-metrics-master.service",
			"dcos-metrics-master.socket", "dcos-metronome.service", "dcos-oauth.service",
			"dcos-signal.service",
		},
		agents: []string{
			"dcos-adminrouter-agent.service", "dcos-docker-gc.service", "dcos-docker-gc.timer",
			"dcos-log-agent.service", "dcos-log-agent.socket", "dcos-logrotate-agent.service",
			"dcos-logrotate-agent.timer", "dcos-metrics-agent.service", "dcos-metrics-agent.socket",
			"dcos-rexray.service",
		},
		slave:       []string{"dcos-mesos-slave.service"},
		slavePublic: []string{"dcos-mesos-slave-public.service"},
	},
	// **1.11.13** (26 / 20 / 20)
	"1.11.13": {
		all: []string{
			"dcos-checks-poststart.service", "dcos-checks-poststart.timer",
			"dcos-diagnostics.service", "dcos-diagnostics.socket", "dcos-gen-resolvconf.service",
			"dcos-gen-resolvconf.timer", "dcos-net-watchdog.service", "dcos-net.service",
			"dcos-pkgpanda-api.service",
		},
		master: []string{
			"dcos-adminrouter.service", "dcos-cosmos.service", "dcos-exhibitor.service",
			"dcos-history.service", "dcos-log-master.service", "dcos-log-master.socket",
			"dcos-logrotate-master.service", "dcos-logrotate-master.timer", "dcos-marathon.service",
			"dcos-mesos-dns.service", "dcos-mesos-master.service", "dcos-metrics-master.service",
			"dcos-metrics-master.socket", "dcos-metronome.service", "dcos-oauth.service",
			"dcos-signal.service", "dcos-signal.timer",
		},
		agents: []string{
			"dcos-adminrouter-agent.service", "dcos-docker-gc.service", "dcos-docker-gc.timer",
			"dcos-log-agent.service", "dcos-log-agent.socket", "dcos-logrotate-agent.service",
			"dcos-logrotate-agent.timer", "dcos-metrics-agent.service", "dcos-metrics-agent.socket",
			"dcos-rexray.service",
		},
		slave:       []string{"dcos-mesos-slave.service"},
		slavePublic: []string{"dcos-mesos-slave-public.service"},
	},
	// **1.12.5** (30 / 22 / 22)
	"1.12.5": {
		all: []string{
			"dcos-checks-api.service", "dcos-checks-api.socket", "dcos-checks-poststart.service",
			"dcos-checks-poststart.timer", "dcos-diagnostics.service", "dcos-diagnostics.socket",
			"dcos-gen-resolvconf.service", "dcos-gen-resolvconf.timer", "dcos-net-watchdog.service",
			"dcos-net.service", "dcos-pkgpanda-api.service", "dcos-telegraf.service",
			"dcos-telegraf.socket",
		},
		master: []string{
			"dcos-adminrouter.service", "dcos-cosmos.service",
			"dcos-diagnostics-mesos-state.service", "dcos-diagnostics-mesos-state.timer",
			"dcos-exhibitor.service", "dcos-history.service", "dcos-log-master.service",
			"dcos-log-master.socket", "dcos-logrotate-master.service", "dcos-logrotate-master.timer",
			"dcos-marathon.service", "dcos-mesos-dns.service", "dcos-mesos-master.service",
			"dcos-metronome.service", "dcos-oauth.service", "dcos-signal.service",
			"dcos-signal.timer",
		},
		agents: []string{
			"dcos-adminrouter-agent.service", "dcos-docker-gc.service", "dcos-docker-gc.timer",
			"dcos-log-agent.service", "dcos-log-agent.socket", "dcos-logrotate-agent.service",
			"dcos-logrotate-agent.timer", "dcos-rexray.service",
		},
		slave:       []string{"dcos-mesos-slave.service"},
		slavePublic: []string{"dcos-mesos-slave-public.service"},
	},
	// **1.13.9** (37 / 23 / 23)
	"1.13.9": {
		all: []string{
			"dcos-checks-api.service", "dcos-checks-api.socket", "dcos-checks-poststart.service",
			"dcos-checks-poststart.timer", "dcos-diagnostics.service", "dcos-diagnostics.socket",
			"dcos-fluent-bit.service", "dcos-gen-resolvconf.service", "dcos-gen-resolvconf.timer",
			"dcos-net-watchdog.service", "dcos-net.service", "dcos-pkgpanda-api.service",
			"dcos-telegraf.service", "dcos-telegraf.socket",
		},
		master: []string{
			"dcos-adminrouter.service", "dcos-bouncer-migrate-users.service",
			"dcos-bouncer.service", "dcos-cockroach.service",
			"dcos-cockroachdb-config-change.service", "dcos-cockroachdb-config-change.timer",
			"dcos-cosmos.service", "dcos-diagnostics-mesos-state.service",
			"dcos-diagnostics-mesos-state.timer", "dcos-exhibitor.service", "dcos-history.service",
			"dcos-log-master.service", "dcos-log-master.socket", "dcos-logrotate-master.service",
			"dcos-logrotate-master.timer", "dcos-marathon.service", "dcos-mesos-dns.service",
			"dcos-mesos-master.service", "dcos-metronome.service", "dcos-signal.service",
			"dcos-signal.timer", "dcos-ui-update-service.service", "dcos-ui-update-service.socket",
		},
		agents: []string{
			"dcos-adminrouter-agent.service", "dcos-docker-gc.service", "dcos-docker-gc.timer",
			"dcos-log-agent.service", "dcos-log-agent.socket", "dcos-logrotate-agent.service",
			"dcos-logrotate-agent.timer", "dcos-rexray.service",
		},
		slave:       []string{"dcos-mesos-slave.service"},
		slavePublic: []string{"dcos-mesos-slave-public.service"},
	},
	// **2.0.6** (37 / 23 / 23)
	"2.0.6": {
		all: []string{
			"dcos-checks-api.service", "dcos-checks-api.socket", "dcos-checks-poststart.service",
			"dcos-checks-poststart.timer", "dcos-diagnostics.service", "dcos-diagnostics.socket",
			"dcos-fluent-bit.service", "dcos-gen-resolvconf.service", "dcos-gen-resolvconf.timer",
			"dcos-net-watchdog.service", "dcos-net.service", "dcos-pkgpanda-api.service",
			"dcos-telegraf.service", "dcos-telegraf.socket",
		},
		master: []string{
			"dcos-adminrouter.service", "dcos-bouncer-migrate-users.service",
			"dcos-bouncer.service", "dcos-cockroach.service",
			"dcos-cockroachdb-config-change.service", "dcos-cockroachdb-config-change.timer",
			"dcos-cosmos.service", "dcos-diagnostics-mesos-state.service",
			"dcos-diagnostics-mesos-state.timer", "dcos-exhibitor.service", "dcos-history.service",
			"dcos-log-master.service", "dcos-log-master.socket", "dcos-logrotate-master.service",
			"dcos-logrotate-master.timer", "dcos-marathon.service", "dcos-mesos-dns.service",
			"dcos-mesos-master.service", "dcos-metronome.service", "dcos-signal.service",
			"dcos-signal.timer", "dcos-ui-update-service.service", "dcos-ui-update-service.socket",
		},
		agents: []string{
			"dcos-adminrouter-agent.service", "dcos-docker-gc.service", "dcos-docker-gc.timer",
			"dcos-log-agent.service", "dcos-log-agent.socket", "dcos-logrotate-agent.service",
			"dcos-logrotate-agent.timer", "dcos-rexray.service",
		},
		slave:       []string{"dcos-mesos-slave.service"},
		slavePublic: []string{"dcos-mesos-slave-public.service"},
	},
	// **2.1.2** (40 / 28 / 28)
	"2.1.2": {
		all: []string{
			"dcos-calico-bird.service", "dcos-calico-confd.service", "dcos-calico-felix.service",
			"dcos-checks-api.service", "dcos-checks-api.socket", "dcos-checks-poststart.service",
			"dcos-checks-poststart.timer", "dcos-diagnostics.service", "dcos-diagnostics.socket",
			"dcos-fluent-bit.service", "dcos-gen-resolvconf.service", "dcos-gen-resolvconf.timer",
			"dcos-net-watchdog.service", "dcos-net.service", "dcos-pkgpanda-api.service",
			"dcos-telegraf.service", "dcos-telegraf.socket",
		},
		master: []string{
			"dcos-adminrouter.service", "dcos-bouncer-migrate-users.service",
			"dcos-bouncer.service", "dcos-cockroach.service",
			"dcos-cockroachdb-config-change.service", "dcos-cockroachdb-config-change.timer",
			"dcos-cosmos.service", "dcos-diagnostics-mesos-state.service",
			"dcos-diagnostics-mesos-state.timer", "dcos-etcd.service", "dcos-exhibitor.service",
			"dcos-log-master.service", "dcos-log-master.socket", "dcos-logrotate-master.service",
			"dcos-logrotate-master.timer", "dcos-marathon.service", "dcos-mesos-dns.service",
			"dcos-mesos-master.service", "dcos-metronome.service", "dcos-signal.service",
			"dcos-signal.timer", "dcos-ui-update-service.service", "dcos-ui-update-service.socket",
		},
		agents: []string{
			"dcos-adminrouter-agent.service", "dcos-calico-libnetwork-plugin.service",
			"dcos-docker-gc.service", "dcos-docker-gc.timer", "dcos-log-agent.service",
			"dcos-log-agent.socket", "dcos-logrotate-agent.service", "dcos-logrotate-agent.timer",
			"dcos-rexray.service",
		},
		slave:       []string{"dcos-mesos-slave.service", "dcos-mesos-slave.socket"},
		slavePublic: []string{"dcos-mesos-slave-public.service", "dcos-mesos-slave-public.socket"},
	},
	// **2.2.1** (38 / 28 / 28)
	"2.2.1": {
		all: []string{
			"dcos-calico-bird.service", "dcos-calico-confd.service", "dcos-calico-felix.service",
			"dcos-checks-api.service", "dcos-checks-api.socket", "dcos-checks-poststart.service",
			"dcos-checks-poststart.timer", "dcos-diagnostics.service", "dcos-diagnostics.socket",
			"dcos-fluent-bit.service", "dcos-gen-resolvconf.service", "dcos-gen-resolvconf.timer",
			"dcos-net-watchdog.service", "dcos-net.service", "dcos-pkgpanda-api.service",
			"dcos-telegraf.service", "dcos-telegraf.socket",
		},
		master: []string{
			"dcos-adminrouter.service", "dcos-bouncer-migrate-users.service",
			"dcos-bouncer.service", "dcos-cockroach.service",
			"dcos-cockroachdb-config-change.service", "dcos-cockroachdb-config-change.timer",
			"dcos-cosmos.service", "dcos-diagnostics-mesos-state.service",
			"dcos-diagnostics-mesos-state.timer", "dcos-etcd.service", "dcos-exhibitor.service",
			"dcos-log-master.service", "dcos-log-master.socket", "dcos-logrotate-master.service",
			"dcos-logrotate-master.timer", "dcos-marathon.service", "dcos-mesos-dns.service",
			"dcos-mesos-master.service", "dcos-metronome.service", "dcos-ui-update-service.service",
			"dcos-ui-update-service.socket",
		},
		agents: []string{
			"dcos-adminrouter-agent.service", "dcos-calico-libnetwork-plugin.service",
			"dcos-docker-gc.service", "dcos-docker-gc.timer", "dcos-log-agent.service",
			"dcos-log-agent.socket", "dcos-logrotate-agent.service", "dcos-logrotate-agent.timer",
			"dcos-rexray.service",
		},
		slave:       []string{"dcos-mesos-slave.service", "dcos-mesos-slave.socket"},
		slavePublic: []string{"dcos-mesos-slave-public.service", "dcos-mesos-slave-public.socket"},
	},
}
