package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// onceValue is a single-valued flag that refuses a second value. pflag's
// plain string flags keep the last one silently, so `--root a --root b`
// would scan b while the operator believes a was audited.
type onceValue struct {
	set   bool
	value string
	parse func(string) error // stores a valid value; nil for plain strings
	typ   string
}

func (o *onceValue) Set(s string) error {
	if o.set {
		return fmt.Errorf("given twice (%q, then %q): give it once", o.value, s)
	}
	if o.parse != nil {
		if err := o.parse(s); err != nil {
			return err
		}
	}
	o.set, o.value = true, s
	return nil
}

func (o *onceValue) String() string { return o.value }
func (o *onceValue) Type() string   { return o.typ }

// stringFlag defines a string flag that may be given once.
func stringFlag(f *pflag.FlagSet, p *string, name, def, usage string) {
	shortStringFlag(f, p, name, "", def, usage)
}

// shortStringFlag is stringFlag with a one-letter shorthand.
func shortStringFlag(f *pflag.FlagSet, p *string, name, short, def, usage string) {
	*p = def
	o := &onceValue{value: def, typ: "string"}
	o.parse = func(s string) error { *p = s; return nil }
	f.VarP(o, name, short, usage)
}

// durationFlag defines a positive duration flag that may be given once.
func durationFlag(f *pflag.FlagSet, p *time.Duration, name string, def time.Duration, usage string) {
	*p = def
	o := &onceValue{value: def.String(), typ: "duration"}
	o.parse = func(s string) error {
		d, err := time.ParseDuration(s)
		if err != nil {
			return fmt.Errorf("not a duration (e.g. 30s, 2m)")
		}
		if d <= 0 {
			return fmt.Errorf("must be positive")
		}
		*p = d
		return nil
	}
	f.Var(o, name, usage)
}

// noArgs rejects positional arguments with a hint at the flag the
// operator most likely meant ("" for none).
func noArgs(hint string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) == 0 {
			return nil
		}
		msg := fmt.Sprintf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
		if hint != "" {
			msg += fmt.Sprintf(": did you mean %s %s?", hint, args[0])
		}
		return usageError(fmt.Errorf("%s", msg))
	}
}

// flagError rewrites pflag's parse errors into one plain sentence about
// the user's input.
func flagError(_ *cobra.Command, err error) error {
	msg := err.Error()
	// pflag: invalid argument "x" for "--root" flag: <reason>
	if rest, ok := strings.CutPrefix(msg, "invalid argument "); ok {
		if value, tail, ok := strings.Cut(rest, " for "); ok {
			if name, reason, ok := strings.Cut(tail, " flag: "); ok {
				name = strings.Trim(name, `"`)
				if i := strings.Index(name, ", "); i >= 0 { // "-o, --output"
					name = name[i+2:]
				}
				msg = fmt.Sprintf("%s %s: %s", name, value, reason)
			}
		}
	}
	return usageError(fmt.Errorf("%s", msg))
}
