package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/store"
)

// rapport problems lists what the daemon read and did not act on, newest
// window only, as text and as JSON.
func TestProblemsLists(t *testing.T) {
	e := newEnv(t)
	wantContains(t, "no problems", e.ok("problems"), "no problems")
	ctx := context.Background()
	st, err := store.Open(ctx, config.DefaultDatabasePath())
	if err != nil {
		t.Fatal(err)
	}
	err = st.WithTx(ctx, func(tx *store.Tx) error {
		for _, p := range []store.Problem{
			{At: e.now.Add(-time.Hour), Kind: store.ProblemUnauthenticated, Detail: `mail from alex@example.com ("rapport") ignored: forged`},
			{At: e.now.AddDate(0, 0, -30), Kind: store.ProblemIgnored, Detail: "an old one"},
		} {
			if err := tx.AddProblem(ctx, &p); err != nil {
				return err
			}
		}
		return nil
	})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := e.ok("problems")
	wantContains(t, "problems", out, "2026-11-23 08:30 UTC", "unauthenticated", "ignored: forged")
	if got := e.ok("problems", "--days", "0"); !strings.Contains(got, "an old one") {
		t.Errorf("problems --days 0 leaves out the old problem:\n%s", got)
	}
	if strings.Contains(out, "an old one") {
		t.Errorf("problems shows a problem older than a week:\n%s", out)
	}
	wantContains(t, "problems --json", e.ok("problems", "--json"), `"kind": "unauthenticated"`)
}
