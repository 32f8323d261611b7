package main

import (
	"strings"
	"testing"
)

// TestMistakesSayWhatToType checks that a mistyped command, subcommand
// or flag is a usage mistake (exit 2) whose message names the flag as
// typed, with two dashes, and what was probably meant.
func TestMistakesSayWhatToType(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name string
		args []string
		want []string
	}{
		{"command", []string{"lsit"}, []string{`rapport: unknown command "lsit"; did you mean list? (run rapport help)`}},
		{"command before a bad flag", []string{"lsit", "--stauts", "new"}, []string{`unknown command "lsit"; did you mean list?`}},
		{"command by its start", []string{"templa"}, []string{"did you mean templates?"}},
		{"unknown command", []string{"frobnicate"}, []string{`unknown command "frobnicate" (run rapport help)`}},
		{"subcommand", []string{"outbox", "aprove", "1"}, []string{`rapport outbox: unknown subcommand "aprove"; did you mean approve?`, "usage: rapport outbox COMMAND"}},
		{"flag", []string{"list", "--stauts", "new"}, []string{"rapport list: unknown flag --stauts; did you mean --status?\nusage: rapport list "}},
		{"flag with one dash", []string{"list", "-stauts", "new"}, []string{"unknown flag --stauts; did you mean --status?"}},
		{"flag with its value", []string{"list", "--stauts=new"}, []string{"unknown flag --stauts; did you mean --status?"}},
		{"flag by its start", []string{"import", "x.csv", "--dry"}, []string{"unknown flag --dry; did you mean --dry-run?"}},
		{"flag every command takes", []string{"list", "--dbb", "x.db"}, []string{"unknown flag --dbb; did you mean --db?"}},
		{"flag of a subcommand", []string{"outbox", "edit", "1", "--subjet", "Hi"}, []string{"unknown flag --subjet; did you mean --subject?"}},
		{"flag like none", []string{"list", "--frobnicate"}, []string{"unknown flag --frobnicate (run rapport help list for the flags)"}},
		{"flag of a sibling", []string{"outbox", "list", "--raw"}, []string{"--raw does not go with outbox list (only with outbox show)"}},
		{"one-letter flag", []string{"list", "-x"}, []string{"unknown flag -x (rapport's flags are words: run rapport help list)"}},
		{"flag without its value", []string{"list", "--status"}, []string{"--status needs a value: --status STATUS"}},
		{"number", []string{"list", "--limit", "ten"}, []string{`--limit "ten": not a whole number`}},
		{"duration", []string{"mark", "1", "scheduled", "tomorrow", "10:00", "--duration", "an hour"}, []string{`--duration "an hour": not a duration like 45m or 1h30m`}},
		{"help on a mistyped command", []string{"help", "lsit"}, []string{`rapport help: no command "lsit"; did you mean list?`}},
		{"help on a mistyped subcommand", []string{"help", "outbox", "shwo"}, []string{`no command "outbox shwo"; did you mean show?`}},
		{"add's values without their flags", []string{"add", "Ana Ruiz", "ana@acme.example"}, []string{`unexpected argument "Ana Ruiz": add takes its values as flags (did you mean --name 'Ana Ruiz'?)`, "rapport add --name 'Ana Ruiz' --email ana@acme.example"}},
		{"add's address without its flag", []string{"add", "--name", "Ana Ruiz", "ana@acme.example"}, []string{"did you mean --email ana@acme.example?"}},
		{"subcommand missing", []string{"templates"}, []string{"give a subcommand: init, check or preview", "usage: rapport templates COMMAND"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := e.run(tt.args...)
			if code != 2 || out != "" {
				t.Fatalf("rapport %s: exit %d, stdout %q; want 2 and nothing", strings.Join(tt.args, " "), code, out)
			}
			wantContains(t, "stderr", errOut, tt.want...)
		})
	}
}

// TestOldFlagSpellings checks that the command line still reads what it
// read before it used cobra: a long flag with one dash, flags after the
// arguments, "--" before an argument that starts with a dash, and a
// value that starts with a dash.
func TestOldFlagSpellings(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "-name", "Kim Park", "-email", "kim@example.com", "-tag", "robotics")
	e.ok("note", "kim", "--", "-5 degrees", "outside")
	e.ok("add", "--name", "-Lee", "--email", "lee@example.com")
	list := e.listJSON("-tag", "robotics")
	if len(list) != 1 || list[0].Name != "Kim Park" {
		t.Fatalf("list -json -tag robotics = %+v, want Kim Park", list)
	}
	wantContains(t, "show", e.ok("show", "kim", "-json"), `"name": "Kim Park"`, "-5 degrees outside")
	if c := e.listJSON()[1]; c.Name != "-Lee" {
		t.Fatalf("add --name -Lee named the contact %q", c.Name)
	}
}
