package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Printable returns s with everything that could drive a terminal or
// reorder what it shows written as a visible escape in the manner of
// strconv.Quote: C0 controls (line breaks and tabs included) and DEL as
// \n, \x1b, \x7f, ...; C1 controls and the Unicode bidi overrides and
// isolates as \u009b, \u202e, ...; bytes that are not UTF-8 as \xNN. The
// rest of s is unchanged. A backslash is not escaped, so that systemd's
// own escapes in unit names (\x2d) read as they are.
//
// The text formats pass every value of a report through it: hostnames,
// unit names, paths and messages are the node's to choose, and must not
// reach a terminal as control sequences. JSON and SARIF keep the exact
// values, as JSON escapes.
func Printable(s string) string { return printable(s, "") }

// printable is Printable keeping the characters of keep as they are, for a
// format that breaks lines on purpose or encodes line breaks itself.
func printable(s, keep string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case isControl(c) && !strings.ContainsRune(keep, c):
			q := strconv.QuoteRune(c) // '\x1b', '\u009b', ...
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isControl reports whether c is a control character or one that changes
// the order in which text is shown (Trojan Source, CVE-2021-42574).
func isControl(c rune) bool {
	return c < 0x20 || c >= 0x7f && c <= 0x9f ||
		c >= 0x202a && c <= 0x202e || c >= 0x2066 && c <= 0x2069
}
