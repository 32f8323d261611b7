package digest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
)

// TestBuildSinceLastDigest checks that, without Options.Since, the digest
// covers the time since the last digest recorded, or the last day before
// the first one: the problems it lists are those of that time.
func TestBuildSinceLastDigest(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	f.tx(func(tx *store.Tx) error {
		for _, p := range []store.Problem{
			{At: now.Add(-days(3)), Kind: store.ProblemIgnored, Detail: "three days ago"},
			{At: now.Add(-days(1) / 2), Kind: store.ProblemIgnored, Detail: "twelve hours ago"},
		} {
			if err := tx.AddProblem(ctx, &p); err != nil {
				return err
			}
		}
		return nil
	})
	problems := func() (time.Time, string) {
		t.Helper()
		info, err := Build(ctx, f.st.Read(), Options{Now: now, Zone: berlin})
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, g := range info.Problems {
			for _, it := range g.Items {
				texts = append(texts, it.Text)
			}
		}
		return info.Since, strings.Join(texts, "\n")
	}

	since, got := problems()
	if want := now.Add(-days(1)); !since.Equal(want) || !strings.Contains(got, "twelve hours ago") || strings.Contains(got, "three days ago") {
		t.Errorf("before any digest: since %s, problems\n%s\nwant since %s and only the last day's", since, got, want)
	}

	last := now.Add(-days(4))
	f.tx(func(tx *store.Tx) error {
		return tx.AddDigest(ctx, &store.Digest{Day: last.Format("2006-01-02"), At: last})
	})
	since, got = problems()
	if want := last; !since.Equal(want) || !strings.Contains(got, "three days ago") {
		t.Errorf("after a digest 4 days ago: since %s, problems\n%s\nwant since %s and both problems", since, got, want)
	}
}
