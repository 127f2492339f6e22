// Package redact keeps values that may be credentials out of what
// dcos-audit gathers, so that they never reach a snapshot, a report or a
// log. It errs on the side of hiding: a redacted value that was harmless
// costs a reviewer a look at the node; a leaked one cannot be taken back.
package redact

import (
	"regexp"
	"strings"
)

// Mark replaces a redacted value.
const Mark = "<redacted>"

// secretName matches names of settings, variables and flags that hold
// credentials; locationName, those that say where one is kept (a file, a
// directory: SECRET_KEY_FILE_PATH), whose value is a path, not a secret.
var (
	secretName   = regexp.MustCompile(`(?i)(passw(or)?d|passwd|secret|token|credential|api[_-]?key|access[_-]?key|private[_-]?key|(^|[_-])key$|authorization|auth[_-]?(token|key)|session|cookie|signature|salt|bearer)`)
	locationName = regexp.MustCompile(`(?i)[_-](file|path|dir|directory|location)$`)
)

// Secret reports whether a name (a setting, variable or flag) says its
// value is a credential.
func Secret(name string) bool { return secretName.MatchString(name) && !locationName.MatchString(name) }

var (
	// quotedAssignment is "NAME=VALUE" quoted whole, as systemd writes an
	// Environment= entry with spaces.
	quotedAssignment = regexp.MustCompile(`(["'])([A-Za-z_][A-Za-z0-9_.-]*)=([^"']*)(["'])`)
	// assignment is NAME=VALUE inside a value: an Environment= entry, an
	// argument --flag=value; the value quoted or up to white space.
	assignment = regexp.MustCompile(`((?:^|[\s"'])-{0,2})([A-Za-z_][A-Za-z0-9_.-]*)=((?:(?:"[^"]*"|'[^']*'|[^\s"'])\S*)?)`)
	// flagThenValue is "--password VALUE", a flag and its value apart.
	flagThenValue = regexp.MustCompile(`(^|\s)(-{1,2}[A-Za-z][A-Za-z0-9_-]*)(\s+)((?:"[^"]*"|'[^']*'|[^\s"'-])\S*)`)
	// Credentials recognisable by their shape, whatever they are called.
	shapes = []*regexp.Regexp{
		regexp.MustCompile(`\b(AKIA|ASIA)[0-9A-Z]{16}\b`),                               // AWS access key id
		regexp.MustCompile(`\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+`), // JWT
		regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----[^-]*(-----END [A-Z ]*PRIVATE KEY-----)?`),
		regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}`),
	}
	// userinfo is the password of a URL: scheme://user:password@host.
	userinfo = regexp.MustCompile(`(://[^/\s:@]*):[^/\s@]*@`)
)

// Option returns the value of a unit file setting with what may be a
// credential replaced by Mark: the whole value of a setting whose name says
// it is secret, else the secret-named assignments and flags inside it
// (Environment=, Exec*= arguments) and anything shaped like a credential.
func Option(section, name, value string) string {
	if Secret(name) {
		return Mark
	}
	return Text(value)
}

// Text redacts what may be a credential inside free text: secret-named
// NAME=VALUE assignments and --flag VALUE pairs, URL passwords and values
// shaped like keys and tokens.
func Text(s string) string {
	s = quotedAssignment.ReplaceAllStringFunc(s, func(m string) string {
		p := quotedAssignment.FindStringSubmatch(m)
		if !Secret(p[2]) {
			return m
		}
		return p[1] + p[2] + "=" + Mark + p[4]
	})
	s = assignment.ReplaceAllStringFunc(s, func(m string) string {
		p := assignment.FindStringSubmatch(m)
		if !Secret(p[2]) || strings.HasPrefix(p[3], Mark) {
			return m
		}
		return p[1] + p[2] + "=" + Mark
	})
	s = flagThenValue.ReplaceAllStringFunc(s, func(m string) string {
		p := flagThenValue.FindStringSubmatch(m)
		if !Secret(p[2]) || strings.HasPrefix(p[4], Mark) {
			return m
		}
		return p[1] + p[2] + p[3] + Mark
	})
	s = userinfo.ReplaceAllString(s, "$1:"+Mark+"@")
	for _, re := range shapes {
		s = re.ReplaceAllString(s, Mark)
	}
	return s
}
