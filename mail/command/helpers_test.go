package command

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

var berlin = mustZone("Europe/Berlin")

func mustZone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// now is Monday 23 November 2026, 09:00 in Berlin.
var now = time.Date(2026, 11, 23, 9, 0, 0, 0, berlin)

// opts returns the options most tests use: the owner in Berlin, the given
// scope.
func opts(scope int64) Options { return Options{Zone: berlin, Now: now, Scope: scope} }

// show writes c compactly: its verb, contact and the fields its verb sets.
func show(c Command) string {
	var b strings.Builder
	b.WriteString(string(c.Verb))
	if !c.Who.IsZero() {
		fmt.Fprintf(&b, " %s", c.Who)
		if c.Who.Scoped {
			b.WriteString("(scope)")
		}
	}
	if c.Name != "" || c.Email != "" {
		fmt.Fprintf(&b, " %q <%s>", c.Name, c.Email)
	}
	if !c.Via.IsZero() {
		fmt.Fprintf(&b, " via=%s", c.Via)
	}
	if len(c.Fields) > 0 {
		keys := make([]string, 0, len(c.Fields))
		for k := range c.Fields {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, " %s=%q", k, c.Fields[k])
		}
	}
	if c.Text != "" {
		fmt.Fprintf(&b, " text=%q", c.Text)
	}
	if !c.At.IsZero() {
		fmt.Fprintf(&b, " at=%s", c.At.Format("2006-01-02T15:04Z07:00"))
		if c.Zone != nil {
			fmt.Fprintf(&b, " %s", c.Zone)
		}
	}
	if !c.Until.IsZero() {
		fmt.Fprintf(&b, " until=%s", c.Until.Format("2006-01-02T15:04Z07:00"))
	}
	if c.Snooze != 0 {
		fmt.Fprintf(&b, " for=%s", c.Snooze)
	}
	if len(c.Questions) > 0 {
		fmt.Fprintf(&b, " q=%v", c.Questions)
	}
	if c.List != "" {
		fmt.Fprintf(&b, " %s", c.List)
	}
	if c.Verb == VerbTier {
		fmt.Fprintf(&b, " tier=%s", c.Tier.Label())
	}
	return b.String()
}

func showAll(cmds []Command) []string {
	out := make([]string, 0, len(cmds))
	for _, c := range cmds {
		out = append(out, fmt.Sprintf("%d: %s", c.Line, show(c)))
	}
	return out
}

// errLines writes each error as "line: msg".
func errLines(errs []*Error) []string {
	out := make([]string, 0, len(errs))
	for _, e := range errs {
		out = append(out, fmt.Sprintf("%d: %s", e.Line, e.Msg))
	}
	return out
}

// parseCase is one mail and what Parse must make of it.
type parseCase struct {
	name          string
	subject, body string
	opts          Options
	want          []string // showAll of the commands
	wantErrs      []string // errLines of the errors
	hint          string   // when set, the first error's hint must contain it
}

func runCases(t *testing.T, cases []parseCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cmds, errs := Parse(tc.subject, tc.body, tc.opts)
			if got := showAll(cmds); !slices.Equal(got, tc.want) {
				t.Errorf("Parse() commands = %q, want %q", got, tc.want)
			}
			if got := errLines(errs); !slices.Equal(got, tc.wantErrs) {
				t.Errorf("Parse() errors = %q, want %q", got, tc.wantErrs)
			}
			if tc.hint != "" {
				if len(errs) == 0 || !strings.Contains(errs[0].Hint, tc.hint) {
					t.Errorf("Parse() first error = %+v, want a hint with %q", first(errs), tc.hint)
				}
			}
		})
	}
}

func first(errs []*Error) *Error {
	if len(errs) == 0 {
		return nil
	}
	return errs[0]
}
