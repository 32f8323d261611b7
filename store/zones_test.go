package store

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

func TestTimeZoneLearnedRoundTrip(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	c := &Contact{Name: "Hans Weber", Email: "hans@firma.de", TimeZone: "Europe/Berlin", TimeZoneLearned: true}
	insert(t, st, c)
	got, err := st.Read().Contact(ctx, c.ID)
	if err != nil || got.TimeZone != "Europe/Berlin" || !got.TimeZoneLearned {
		t.Fatalf("Contact() = %+v, %v; want a learned Europe/Berlin", got, err)
	}
	// The owner sets it by hand.
	got.TimeZone, got.TimeZoneLearned = "Europe/Vienna", false
	if err := st.WithTx(ctx, func(tx *Tx) error { return tx.UpdateContact(ctx, got, time.Now()) }); err != nil {
		t.Fatalf("UpdateContact() error = %v", err)
	}
	again, err := st.Read().Contact(ctx, c.ID)
	if err != nil || again.TimeZone != "Europe/Vienna" || again.TimeZoneLearned {
		t.Fatalf("Contact() after the edit = %+v, %v; want Europe/Vienna set by hand", again, err)
	}
}

func TestZoneObservationsKeepTheLatest(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	c := &Contact{Name: "Hans Weber", Email: "hans@firma.de"}
	other := &Contact{Name: "Sam Lee", Email: "sam@globex.example"}
	insert(t, st, c)
	insert(t, st, other)
	start := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	berlin := time.FixedZone("", 3600)
	var want []ZoneObservation
	err := st.WithTx(ctx, func(tx *Tx) error {
		// 25 days of mail, added newest first except for one late arrival
		// that is older than everything kept.
		for i := 24; i >= 0; i-- {
			at := start.AddDate(0, 0, i).In(berlin)
			if err := tx.AddZoneObservation(ctx, c.ID, at, 3600+i); err != nil {
				return err
			}
			if i >= 5 {
				want = append([]ZoneObservation{{At: at.UTC(), Offset: 3600 + i}}, want...)
			}
		}
		if err := tx.AddZoneObservation(ctx, c.ID, start.AddDate(-1, 0, 0), 7200); err != nil {
			return err
		}
		return tx.AddZoneObservation(ctx, other.ID, start, -18000)
	})
	if err != nil {
		t.Fatalf("AddZoneObservation() error = %v", err)
	}
	got, err := st.Read().ZoneObservations(ctx, c.ID)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ZoneObservations() = %+v, %v\nwant the 20 latest, oldest first: %+v", got, err, want)
	}
	if got, err := st.Read().ZoneObservations(ctx, other.ID); err != nil || len(got) != 1 || got[0].Offset != -18000 {
		t.Fatalf("ZoneObservations(other) = %+v, %v; want its one observation", got, err)
	}
	if got, err := st.Read().ZoneObservations(ctx, 999); err != nil || len(got) != 0 {
		t.Fatalf("ZoneObservations(unknown) = %+v, %v; want none", got, err)
	}
	// They go with their contact.
	if _, err := st.db.Exec(`DELETE FROM contacts WHERE id = ?`, c.ID); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := st.db.QueryRow(`SELECT count(*) FROM zone_observations WHERE contact_id = ?`, c.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("%d observations left after deleting the contact, %v; want 0", n, err)
	}
}

func TestUpgradeKeepsZonesSetByHand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	schema, err := os.ReadFile("testdata/schema_v1.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{string(schema), "PRAGMA user_version = 1",
		`INSERT INTO contacts (id, name, email, time_zone, status, nudges, created_at, updated_at)
		 VALUES (1, 'Jane Doe', 'jane@example.com', 'America/Chicago', 'requested', 0, '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:05.000Z')`,
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("building a schema-1 database: %v", err)
		}
	}
	db.Close()
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("Open(schema 1) error = %v", err)
	}
	defer st.Close()
	ctx := context.Background()
	c, err := st.Read().Contact(ctx, 1)
	if err != nil || c.TimeZone != "America/Chicago" || c.TimeZoneLearned {
		t.Fatalf("contact after upgrade = %+v, %v; want America/Chicago, not learned", c, err)
	}
	at := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	err = st.WithTx(ctx, func(tx *Tx) error { return tx.AddZoneObservation(ctx, 1, at, -21600) })
	if err != nil {
		t.Fatalf("AddZoneObservation() after upgrade error = %v", err)
	}
	if got, err := st.Read().ZoneObservations(ctx, 1); err != nil || len(got) != 1 || !got[0].At.Equal(at) {
		t.Fatalf("ZoneObservations() after upgrade = %+v, %v", got, err)
	}
}
