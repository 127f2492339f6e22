package cli

import (
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/dcos-audit/dcos-audit/scanner"
)

type catalogOptions struct {
	format      string
	role        string
	dcosVersion string
}

func newCatalogCmd() *cobra.Command {
	var o catalogOptions
	cmd := &cobra.Command{
		Use:   "catalog [--role ROLE --dcos-version VERSION] [--format table|json]",
		Short: "Print the catalog of DC/OS components and their units",
		Long: `Print the component catalog the policies check against: every DC/OS
unit, its component, the roles that get it in each release range, and for
timers what they trigger and when. Notes say where the seed document the
catalog started from is wrong.

With --role and --dcos-version, print the unit set of that role and release
as the policies compute it.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if (o.role == "") != (o.dcosVersion == "") {
				return usageError(fmt.Errorf("--role and --dcos-version go together"))
			}
			if o.format != "table" && o.format != "json" {
				return usageError(fmt.Errorf("--format %q: valid formats are table, json", o.format))
			}
			w := cmd.OutOrStdout()
			if o.role != "" {
				if err := scanner.CheckRole(o.role); err != nil {
					return usageError(err)
				}
				if err := scanner.CheckVersion(o.dcosVersion); err != nil {
					return usageError(err)
				}
				e, err := scanner.ExpectedUnits(cmd.Context(), o.role, o.dcosVersion)
				if err != nil {
					return err
				}
				return writeExpected(w, o.format, o.role, e)
			}
			if o.format == "json" {
				b, err := scanner.CatalogJSON()
				if err != nil {
					return err
				}
				_, err = w.Write(b)
				return err
			}
			c, err := scanner.LoadCatalog()
			if err != nil {
				return err
			}
			return writeCatalogTable(w, c)
		},
	}
	stringFlag(cmd.Flags(), &o.format, "format", "table", "output `FORMAT`: table or json")
	stringFlag(cmd.Flags(), &o.role, "role", "", "show the unit set of `ROLE` ("+strings.Join(roleNames(), ", ")+")")
	complete(cmd, "format", completeWords("table", "json"))
	complete(cmd, "role", completeWords(roleNames()...))
	stringFlag(cmd.Flags(), &o.dcosVersion, "dcos-version", "", "show the unit set at DC/OS `VERSION`")
	return cmd
}

func writeExpected(w io.Writer, format, role string, e *scanner.Expected) error {
	if format == "json" {
		b, err := json.MarshalIndent(e, "", "  ")
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(w, "%s\n", b)
		return err
	}
	fmt.Fprintf(w, "Units of role %s at catalog release %s (%s)\n\n", role, e.CatalogVersion, e.Note)
	for _, u := range e.Units {
		fmt.Fprintln(w, u)
	}
	_, err := fmt.Fprintf(w, "\n%d units\n", len(e.Units))
	return err
}

func writeCatalogTable(w io.Writer, c *scanner.Catalog) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COMPONENT\tUNIT\tKIND\tRELEASES AND ROLES\tTIMER")
	names := slices.SortedFunc(maps.Keys(c.Units), func(a, b string) int {
		return cmp.Or(cmp.Compare(c.Units[a].Component, c.Units[b].Component), cmp.Compare(a, b))
	})
	for _, name := range names {
		u := c.Units[name]
		var ranges []string
		for _, p := range u.Presence {
			ranges = append(ranges, fmt.Sprintf("%s–%s: %s", p.From, p.To, strings.Join(p.Roles, "+")))
		}
		timer := ""
		if u.Timer != nil {
			var sch []string
			for _, s := range u.Timer.Schedules {
				sch = append(sch, fmt.Sprintf("%s–%s: %s", s.From, s.To, strings.ReplaceAll(s.Text, "\n", " ")))
			}
			timer = "→ " + u.Timer.Triggers + "; " + strings.Join(sch, "; ")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", u.Component, name, u.Kind, strings.Join(ranges, "; "), timer)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nWhere the seed document differs from DC/OS's sources:")
	for _, comp := range c.Components {
		if comp.Seed != nil && comp.Seed.Note != "" {
			fmt.Fprintf(w, "- %s: %s\n", comp.Name, comp.Seed.Note)
		}
	}
	_, err := fmt.Fprintf(w, "\nOptional units (never required, never foreign): ")
	pats := make([]string, len(c.OptionalUnits))
	for i, o := range c.OptionalUnits {
		pats[i] = o.Pattern
	}
	fmt.Fprintln(w, strings.Join(pats, ", "))
	return err
}
