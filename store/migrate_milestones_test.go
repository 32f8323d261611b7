package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"
)

// A database at schema 12 whose milestones were kept the old way, from a
// few kinds of event only (schema 8 filled them from the history by that
// rule, as AppendHistory then kept them): opening it fills every empty
// milestone from the history by the status rule, exactly as AppendHistory
// now keeps them, and leaves those already kept alone.
func TestUpgradeFillsMilestonesFromHistory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "v12.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	exec := func(what, q string, args ...any) {
		t.Helper()
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	// The history is written at schema 7, so that schema 8 keeps the
	// milestones of the old rule: request_sent, reply_received after it,
	// met and thank_you_sent, by kind.
	all := migrations()
	for _, m := range all[:7] {
		exec("building a schema-7 database: "+m.name, m.sql)
	}
	cases := milestoneCases()
	for i, tc := range cases {
		id := i + 1
		exec("contact", `INSERT INTO contacts (id, name, email, status, created_at, updated_at)
			VALUES (?, ?, ?, ?, '2026-11-02T09:00:00.000Z', '2026-11-02T09:00:00.000Z')`,
			id, tc.name, "c"+string(rune('a'+i))+"@example.org", string(tc.steps[len(tc.steps)-1].To))
		for _, s := range tc.steps {
			exec("history", `INSERT INTO history (contact_id, at, kind, from_status, to_status, source)
				VALUES (?, ?, ?, ?, ?, 'mail')`, id, timeText(milestoneDay.AddDate(0, 0, s.Day)),
				string(s.Kind), string(s.From), string(s.To))
		}
	}
	for _, m := range all[7:12] {
		exec("bringing the database to schema 12: "+m.name, m.sql)
	}
	// The old rule missed the invitation as the first answer and the
	// meeting-over timer: the case the demo's digest got wrong.
	var replied, met sql.NullString
	if err := db.QueryRow(`SELECT replied_at, met_at FROM contacts WHERE id = 2`).Scan(&replied, &met); err != nil {
		t.Fatal(err)
	}
	if replied.Valid || met.Valid {
		t.Fatalf("the schema-12 database already has replied %v, met %v for %q; the test builds nothing to fill",
			replied, met, cases[1].name)
	}
	// A milestone already kept stays, even when the history disagrees.
	kept := timeText(milestoneDay.AddDate(0, 0, 30))
	exec("keeping a milestone", `UPDATE contacts SET thanked_at = ? WHERE id = 1`, kept)
	exec("schema version", "PRAGMA user_version = 12")
	db.Close()

	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(schema 12) error = %v", err)
	}
	defer st.Close()
	for i, tc := range cases {
		want := tc.want
		if i == 0 {
			want.Thanked = 30
		}
		if got := readMarks(t, st, int64(i+1)); got != want {
			t.Errorf("#%d %s: milestones after upgrade = %+v; want %+v", i+1, tc.name, got, want)
		}
	}

	// The funnel reads them: every case that reached a step counts.
	var wantAll FunnelCounts
	for _, tc := range cases {
		for _, c := range []struct {
			day int
			n   *int
		}{{tc.want.Requested, &wantAll.Requested}, {tc.want.Replied, &wantAll.Replied},
			{tc.want.Scheduled, &wantAll.Scheduled}, {tc.want.Met, &wantAll.Met}, {tc.want.Thanked, &wantAll.Thanked}} {
			if c.day >= 0 {
				*c.n++
			}
		}
	}
	var all12 FunnelCounts
	err = st.WithTx(context.Background(), func(tx *Tx) error {
		all12, _, err = tx.Funnel(context.Background(), milestoneDay.Add(-time.Hour))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	all12.MedianReplyDays = 0
	if all12 != wantAll {
		t.Errorf("Funnel() after upgrade = %+v; want %+v", all12, wantAll)
	}
}
