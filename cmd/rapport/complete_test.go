package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/config"
)

// completions asks rapport what the shell would offer after args (the
// last one is the word being completed), as the completion scripts do,
// and returns the offers, "value\tdescription" each.
func (e *env) completions(args ...string) []string {
	e.t.Helper()
	code, out, errOut := e.run(append([]string{"__complete"}, args...)...)
	if code != 0 {
		e.t.Fatalf("rapport __complete %s: exit %d\n%s", strings.Join(args, " "), code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) == 0 || !strings.HasPrefix(lines[len(lines)-1], ":") {
		e.t.Fatalf("rapport __complete %s: no directive line in %q", strings.Join(args, " "), out)
	}
	return lines[:len(lines)-1]
}

// values returns the offers without their descriptions.
func values(offers []string) []string {
	var out []string
	for _, o := range offers {
		v, _, _ := strings.Cut(o, "\t")
		out = append(out, v)
	}
	return out
}

func TestCompletionScripts(t *testing.T) {
	e := newEnv(t)
	for _, shell := range shells {
		t.Run(shell, func(t *testing.T) {
			script := e.ok("completion", shell)
			wantContains(t, shell+" script", script, "__complete", "rapport")
		})
	}
	if code, _, errOut := e.run("completion", "tcsh"); code != 2 || !strings.Contains(errOut, `no completion for "tcsh": give bash, zsh or fish`) {
		t.Errorf("completion tcsh: exit %d, %q", code, errOut)
	}
}

// TestCompletionLoadsInBash sources the bash script in bash, as
// "source <(rapport completion bash)" does, and checks that it
// registers the completion of rapport.
func TestCompletionLoadsInBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash on this machine to load the script in")
	}
	e := newEnv(t)
	script := writeFile(t, e.dir, "rapport.bash", e.ok("completion", "bash"))
	out, err := exec.Command(bash, "--norc", "--noprofile", "-c", `source "$1" && complete -p rapport`, "bash", script).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "complete ") || !strings.HasSuffix(strings.TrimSpace(string(out)), " rapport") {
		t.Fatalf("bash: source the script && complete -p rapport: %v\n%s", err, out)
	}
}

// TestCompleteFromDatabase checks what completes from the database:
// contacts by #id, name and address, tags, and outbox IDs by status; and
// what completes from rapport itself: commands, flags, statuses, what
// mark records, template names.
func TestCompleteFromDatabase(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e)                           // drafting needs the owner
	e.ok("import", "testdata/Connections.csv") // #1 Jane Doe, #2 Sam Lee (no address), #3 Zoë Ångström
	e.ok("add", "--name", "Jana Novak", "--email", "jana@example.com", "--tag", "robotics")
	e.ok("draft", "jane") // outbox 1, a draft
	tests := []struct {
		name string
		args []string
		want []string // offers, in order
	}{
		{"contact by name", []string{"show", "Ja"}, []string{"Jane Doe\t#1 jane@acme.example", "jane@acme.example\t#1 Jane Doe", "Jana Novak\t#4 jana@example.com", "jana@example.com\t#4 Jana Novak"}},
		{"contact by name in lower case", []string{"mark", "zo"}, []string{"Zoë Ångström\t#3 zoe@atlanta.example", "zoe@atlanta.example\t#3 Zoë Ångström"}},
		{"contact by #id", []string{"note", ""}, []string{"1\tJane Doe <jane@acme.example>", "2\tSam Lee", "3\tZoë Ångström <zoe@atlanta.example>", "4\tJana Novak <jana@example.com>"}},
		{"contact by a digit", []string{"show", "#3"}, []string{"3\tZoë Ångström <zoe@atlanta.example>"}},
		{"one contact only", []string{"show", "1", ""}, nil},
		{"each contact once", []string{"draft", "1", "3", ""}, []string{"2\tSam Lee", "4\tJana Novak <jana@example.com>"}},
		{"introducer", []string{"add", "--introduced-by", "Sam"}, []string{"Sam Lee\t#2"}},
		{"what mark records", []string{"mark", "1", ""}, markVerbs},
		{"nothing after it", []string{"mark", "1", "met", ""}, nil},
		{"tags", []string{"list", "--tag", ""}, []string{"robotics"}},
		{"drafts to approve", []string{"outbox", "approve", ""}, []string{"1\tdraft request to Jane Doe <jane@acme.example>: "}},
		{"nothing to resend", []string{"outbox", "resend", ""}, nil},
		{"template names", []string{"templates", "preview", "req"}, nil}, // the shell filters; every name is offered
		{"commands", []string{"ou"}, []string{"outbox\tlist, approve, edit and skip outgoing mail"}},
		{"subcommands", []string{"outbox", "s"}, []string{"show\tshow one message", "skip\twithdraw drafts or approved messages: they will not be sent", "sent\trecord that an uncertain message did arrive"}},
		{"help topics", []string{"help", "dra"}, []string{"draft\twrite the request to each contact into the outbox"}},
		{"flags", []string{"list", "--so"}, []string{"--sort\torder by KEY: name, status, next or added (default: by #id)"}},
		{"sort keys", []string{"list", "--sort", ""}, sortKeys},
		{"outbox statuses after a comma", []string{"outbox", "list", "--status", "draft,f"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := e.completions(tt.args...)
			switch tt.name {
			case "template names":
				if !slices.Contains(got, "request") || !slices.Contains(got, "thank_you") {
					t.Fatalf("offers %q, want every template name", got)
				}
				return
			case "drafts to approve":
				if len(got) != 1 || !strings.HasPrefix(got[0], tt.want[0]) {
					t.Fatalf("offers %q, want one starting %q", got, tt.want[0])
				}
				return
			case "outbox statuses after a comma":
				if !slices.Contains(got, "draft,failed") || slices.Contains(got, "draft,draft") {
					t.Fatalf("offers %q, want draft,failed and not draft,draft", got)
				}
				return
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Fatalf("rapport %s<TAB> offers\n%q\nwant\n%q", strings.Join(tt.args, " "), got, tt.want)
			}
		})
	}
	statuses := values(e.completions("list", "--status", ""))
	if !slices.Contains(statuses, "new") || !slices.Contains(statuses, "keeping_in_touch") {
		t.Errorf("list --status offers %q, want every workflow status", statuses)
	}
}

// TestCompleteWithoutDatabase checks that completing a contact where
// there is no database offers nothing, quietly, and creates none.
func TestCompleteWithoutDatabase(t *testing.T) {
	e := newEnv(t)
	if got := e.completions("show", ""); len(got) != 0 {
		t.Fatalf("offers %q without a database, want none", got)
	}
	if _, err := os.Stat(config.DefaultDatabasePath()); !os.IsNotExist(err) {
		t.Fatalf("completion created the database: %v", err)
	}
	missing := filepath.Join(e.dir, "nowhere", "rapport.db")
	if got := e.completions("--db", missing, "show", ""); len(got) != 0 {
		t.Fatalf("offers %q from a missing --db, want none", got)
	}
	t.Setenv(envDB, missing)
	if got := e.completions("mark", ""); len(got) != 0 {
		t.Fatalf("offers %q from a missing $%s, want none", got, envDB)
	}
	if _, err := os.Stat(filepath.Dir(missing)); !os.IsNotExist(err) {
		t.Fatalf("completion created %s: %v", filepath.Dir(missing), err)
	}
}
