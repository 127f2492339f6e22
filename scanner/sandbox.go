package scanner

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// capabilities is OPA's builtin set without anything that reaches the
// network or makes results depend on when or where they run (http.send,
// net.lookup_ip_addr, opa.runtime, time.now_ns, rand.intn, ...). A policy
// that calls one fails to compile. Policies are audits, not agents.
func capabilities() *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool {
		return b.Nondeterministic
	})
	caps.AllowNet = []string{}
	return caps
}
