package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Exit codes: findings and failures never share one.
const (
	exitOK       = 0 // scan completed; no finding at or above --fail-on
	exitFindings = 1 // scan completed; findings at or above --fail-on
	exitError    = 2 // could not scan: usage, unreadable input, broken policies, interrupted
)

const exitCodesHelp = `Exit codes:
  0  scan completed; no finding at or above --fail-on
  1  scan completed; findings at or above --fail-on (an audit that could
     not compute the node's expectations is a high finding, so it fails)
  2  could not scan: bad usage, a missing root or one that is not a node's
     filesystem (no etc/), an unreadable, corrupt or invalid snapshot,
     no systemd manager reachable (or it went away mid-scan), policies,
     data or waivers that do not load, a rule selection that leaves no
     rule, interrupted`

// exitError carries an exit code out of a command.
type codeError struct {
	code  int
	err   error // nil when the code says it all (findings)
	usage bool  // the command line itself is wrong
}

func (e *codeError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func (e *codeError) Unwrap() error { return e.err }

// exitCode maps a command's error to the process exit code, printing the
// error once.
func exitCode(ctx context.Context, err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var ce *codeError
	if errors.As(err, &ce) && ce.err == nil {
		return ce.code
	}
	if ctx.Err() != nil {
		err = fmt.Errorf("interrupted: %w", err)
	}
	fmt.Fprintf(stderr, "dcos-audit: %v\n", err)
	if errors.As(err, &ce) {
		return ce.code
	}
	return exitError
}
