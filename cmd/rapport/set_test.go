package main

import (
	"slices"
	"strings"
	"testing"
)

// TestSetFixesAContact corrects a contact's company and other fields as
// the owner would, and checks what rapport says and what show shows.
func TestSetFixesAContact(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme")
	e.ok("add", "--name", "Sam Lee", "--email", "sam@globex.example", "--url", "https://profiles.example/sam")

	steps := []struct {
		name string
		args []string
		want string // standard output, whole
	}{
		{"company corrected", []string{"set", "1", "company", "Acme", "Robotics"}, "#1 Jane Doe: company Acme → Acme Robotics\n"},
		{"the same again", []string{"set", "jane", "company", "Acme Robotics"}, "#1 Jane Doe: company Acme Robotics (already; nothing changed)\n"},
		{"a role", []string{"set", "1", "role", "CTO"}, "#1 Jane Doe: role (none) → CTO\n"},
		{"an empty value clears it", []string{"set", "1", "role", ""}, "#1 Jane Doe: role CTO → (none)\n"},
		{"a zone in any case", []string{"set", "1", "tz", "europe/berlin"}, "#1 Jane Doe: time zone (none) → Europe/Berlin\n"},
		{"the field in any case", []string{"set", "1", "Source", "career fair"}, "#1 Jane Doe: source (none) → career fair\n"},
		{"name", []string{"set", "1", "name", "Jane Doe-Martin"}, "#1 Jane Doe-Martin: name Jane Doe → Jane Doe-Martin\n"},
	}
	for _, st := range steps {
		if out := e.ok(st.args...); out != st.want {
			t.Errorf("%s: rapport %s printed %q, want %q", st.name, strings.Join(st.args, " "), out, st.want)
		}
	}

	show := e.ok("show", "1")
	wantContains(t, "show after set", show, "Acme Robotics\n", "Time zone:  Europe/Berlin", "company: Acme → Acme Robotics",
		"role: CTO → (none)", "time zone: (none) → Europe/Berlin", "set by hand")
	if strings.Contains(show, "Role:") {
		t.Errorf("show still gives the cleared role:\n%s", show)
	}
	c := e.listJSON()[0]
	if c.Company != "Acme Robotics" || c.Name != "Jane Doe-Martin" {
		t.Errorf("list --json has %q at %q; want Jane Doe-Martin at Acme Robotics", c.Name, c.Company)
	}
}

func TestSetRefuses(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Jane Doe", "--email", "jane@acme.example", "--company", "Acme", "--url", "https://profiles.example/jane")
	e.ok("add", "--name", "Sam Lee", "--email", "sam@globex.example", "--url", "https://profiles.example/sam")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"a url another contact has", []string{"set", "1", "url", "https://profiles.example/sam"}, 1,
			`url https://profiles.example/sam already belongs to #2 Sam Lee; clear it there first: rapport set 2 url ""`},
		{"a typo in the field", []string{"set", "1", "compnay", "Globex"}, 2,
			`"compnay" is not a field to set (did you mean company?); use company, role, field, source, url, tz, name`},
		{"a field that is not one", []string{"set", "1", "salary", "1"}, 2, "use company, role, field, source, url, tz, name"},
		{"not a zone", []string{"set", "1", "tz", "Mars/Olympus"}, 2, "not a time zone"},
		{"no name", []string{"set", "1", "name", ""}, 2, "a contact's name cannot be empty"},
		{"no value", []string{"set", "1", "company"}, 2, `give a contact, a field (company, role, field, source, url, tz, name) and its value ("" clears it)`},
		{"unknown contact", []string{"set", "42", "company", "Globex"}, 1, `no contact matches "42"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := e.run(tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.want) || out != "" {
				t.Fatalf("rapport %v: exit %d, stdout %q, stderr %q; want exit %d and %q", tt.args, code, out, errOut, tt.code, tt.want)
			}
		})
	}
	c := e.listJSON()[0]
	if c.Company != "Acme" || c.Name != "Jane Doe" {
		t.Errorf("after refusals Jane is %q at %q; want Jane Doe at Acme", c.Name, c.Company)
	}
	wantContains(t, "show after refusals", e.ok("show", "1"), "https://profiles.example/jane")
}

func TestSetCompletes(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Jane Doe", "--email", "jane@acme.example")
	if got := values(e.completions("set", "ja")); !slices.Contains(got, "Jane Doe") {
		t.Errorf("set ja completes %q; want Jane Doe", got)
	}
	if got := values(e.completions("set", "1", "")); !slices.Equal(got, []string{"company", "role", "field", "source", "url", "tz", "name"}) {
		t.Errorf("set 1 completes %q; want the fields", got)
	}
	if got := values(e.completions("set", "1", "r")); !slices.Equal(got, []string{"role"}) {
		t.Errorf("set 1 r completes %q; want role", got)
	}
	if got := e.completions("set", "1", "company", ""); len(got) != 0 {
		t.Errorf("set 1 company completes %q; want nothing", got)
	}
}
