package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestOutboxEditPrefersVisual checks that outbox edit opens $VISUAL
// before $EDITOR, as git and crontab do, and $EDITOR when VISUAL is unset.
func TestOutboxEditPrefersVisual(t *testing.T) {
	e := newEnv(t)
	writeOwner(t, e) // drafting needs the owner
	t.Setenv("TMPDIR", filepath.Join(e.dir, "tmp"))
	if err := os.Mkdir(filepath.Join(e.dir, "tmp"), 0o700); err != nil {
		t.Fatal(err)
	}
	e.ok("add", "--name", "Kim Park", "--email", "kim@example.com")
	e.ok("draft", "kim")
	id := strconv.FormatInt(e.find(1, "request"), 10)

	tests := []struct {
		name, visual, editor, subject string
	}{
		{"VISUAL wins", editorScript(t, e, "visual.sh", `sed -i 's/^Subject: .*/Subject: From VISUAL/' "$1"`), "false", "From VISUAL"},
		{"EDITOR when VISUAL is unset", "", editorScript(t, e, "editor.sh", `sed -i 's/^Subject: .*/Subject: From EDITOR/' "$1"`), "From EDITOR"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("VISUAL", tt.visual)
			t.Setenv("EDITOR", tt.editor)
			if code, out, errOut := e.run("outbox", "edit", id); code != 0 {
				t.Fatalf("outbox edit: exit %d\n%s%s", code, out, errOut)
			}
			if got := e.row(e.find(1, "request")).Subject; got != tt.subject {
				t.Fatalf("subject = %q, want %q", got, tt.subject)
			}
		})
	}
}
