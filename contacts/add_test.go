package contacts

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// seedContacts stores, through AddContact, the contacts the table below
// starts from: #1 Jane (with another address and a profile URL), #2 Marc,
// who introduces people, and #3 Sam, whose URL a row may clash with.
func seedContacts(t *testing.T, st *store.Store, tr *Tracker) {
	t.Helper()
	ctx := context.Background()
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		for _, c := range []store.Contact{
			{Name: "Jane Doe", Email: "jane@acme.example", Role: "Principal Engineer", URL: "https://profiles.example/jane", Tags: []string{"robotics"}},
			{Name: "Marc Dubois", Email: "marc@egis.example"},
			{Name: "Sam Lee", Email: "sam@globex.example", URL: "https://profiles.example/sam"},
		} {
			if _, err := tr.AddContact(ctx, tx, AddRequest{Contact: c, Source: store.SourceCLI, Why: "added by hand"}, trackerNow); err != nil {
				return err
			}
		}
		_, err := tx.AddAddress(ctx, 1, "j.doe@home.example", "answered from it", trackerNow)
		return err
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
}

func TestAddContact(t *testing.T) {
	tests := []struct {
		name        string
		req         AddRequest
		wantErr     string // a *store.DuplicateError's words; "" for none
		wantID      int64
		wantNew     bool
		wantChanged string
		check       func(t *testing.T, c *store.Contact)
		wantHistory []string // kinds appended to the contact's history
		wantRefer   bool     // Marc's history gains a referral to this contact
	}{
		{
			name:        "new contact",
			req:         AddRequest{Contact: store.Contact{Name: "Ana Ruiz", Email: "ana@initech.example", Tags: []string{"Controls", "controls"}}, Note: "met at the fair"},
			wantID:      4,
			wantNew:     true,
			wantHistory: []string{"added", "note"},
			check: func(t *testing.T, c *store.Contact) {
				if c.State.Status != workflow.StatusNew || strings.Join(c.Tags, ",") != "controls" || c.Notes != "2026-11-23: met at the fair" {
					t.Errorf("added %+v; want new, one tag, the dated note", c)
				}
			},
		},
		{
			name:    "duplicate address in another case is refused",
			req:     AddRequest{Contact: store.Contact{Name: "Jane Again", Email: "JANE@acme.example"}, Existing: Refuse},
			wantErr: "email JANE@acme.example already belongs to contact #1",
			wantID:  1,
		},
		{
			name:    "another address of theirs is refused too",
			req:     AddRequest{Contact: store.Contact{Name: "J. Doe", Email: "J.Doe@home.example"}, Existing: Refuse},
			wantErr: "email J.Doe@home.example already belongs to contact #1",
			wantID:  1,
		},
		{
			name:    "profile URL is refused",
			req:     AddRequest{Contact: store.Contact{Name: "Jane", URL: "https://profiles.example/jane"}, Existing: Refuse},
			wantErr: "url https://profiles.example/jane already belongs to contact #1",
			wantID:  1,
		},
		{
			name: "merge by another address fills only empty fields",
			req: AddRequest{Contact: store.Contact{Name: "J. D.", Email: "j.doe@home.example", Company: "Acme Robotics",
				Role: "Engineer", TimeZone: "Europe/Berlin", Notes: "likes robots", Tags: []string{"mentors"}}, Existing: Merge},
			wantID:      1,
			wantChanged: "company, time zone, notes, tags",
			wantHistory: []string{"edited"},
			check: func(t *testing.T, c *store.Contact) {
				if c.Name != "Jane Doe" || c.Email != "jane@acme.example" || c.Role != "Principal Engineer" || c.Company != "Acme Robotics" ||
					c.Notes != "likes robots" || strings.Join(c.Tags, ",") != "mentors,robotics" {
					t.Errorf("merged %+v; want the owner's name, address and role kept, the gaps filled", c)
				}
			},
		},
		{
			name:        "merge that knows nothing new changes nothing",
			req:         AddRequest{Contact: store.Contact{Name: "Jane", Email: "jane@acme.example", Role: "Engineer"}, Existing: Merge},
			wantID:      1,
			wantChanged: "",
		},
		{
			name:        "merge replaces only the fields the owner stated",
			req:         AddRequest{Contact: store.Contact{Email: "jane@acme.example", Role: "CTO", Field: "robotics"}, Existing: Merge, Replace: []string{"role"}},
			wantID:      1,
			wantChanged: "role, field",
			wantHistory: []string{"edited"},
			check: func(t *testing.T, c *store.Contact) {
				if c.Role != "CTO" || c.Field != "robotics" {
					t.Errorf("role %q, field %q; want CTO replaced and robotics filled", c.Role, c.Field)
				}
			},
		},
		{
			name:        "introducer by id, with the referral",
			req:         AddRequest{Contact: store.Contact{Name: "Claire Moreau", Email: "claire@grandlyon.example", IntroducedBy: 2}, Referral: "introduced"},
			wantID:      4,
			wantNew:     true,
			wantHistory: []string{"added"},
			wantRefer:   true,
			check: func(t *testing.T, c *store.Contact) {
				if c.IntroducedBy != 2 {
					t.Errorf("introduced by #%d, want #2", c.IntroducedBy)
				}
			},
		},
		{
			name:        "introducer linked on a merge found by email",
			req:         AddRequest{Contact: store.Contact{Email: "sam@globex.example", IntroducedBy: 2}, Existing: Merge, Referral: "introduced"},
			wantID:      3,
			wantChanged: "introducer",
			wantHistory: []string{"edited"},
			wantRefer:   true,
		},
		{
			name:    "unknown introducer",
			req:     AddRequest{Contact: store.Contact{Name: "Nobody", Email: "no@body.example", IntroducedBy: 42}},
			wantErr: "introducer: contact #42: not found",
		},
		{
			name:    "conflicting address: their email is one contact's, the URL another's",
			req:     AddRequest{Contact: store.Contact{Email: "marc@egis.example", URL: "https://profiles.example/sam"}, Existing: Merge},
			wantErr: "url https://profiles.example/sam already belongs to contact #3",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st, tr := setupTracker(t, nil)
			seedContacts(t, st, tr)
			before := historyKinds(t, st)
			tt.req.Source, tt.req.Why = store.SourceImport, "a test"
			// The transaction commits whatever AddContact says, so that a
			// refusal that wrote anything would show.
			var added *Added
			var err error
			if txErr := st.WithTx(ctx, func(tx *store.Tx) error {
				added, err = tr.AddContact(ctx, tx, tt.req, trackerNow)
				return nil
			}); txErr != nil {
				t.Fatal(txErr)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("AddContact() error = %v, want %q", err, tt.wantErr)
				}
				var dup *store.DuplicateError
				if errors.As(err, &dup) && tt.wantID != 0 && (added == nil || added.Contact.ID != tt.wantID) {
					t.Errorf("a refusal returned %+v, want contact #%d", added, tt.wantID)
				}
				if after := historyKinds(t, st); strings.Join(after, ";") != strings.Join(before, ";") {
					t.Errorf("a refusal wrote history: %v", after[len(before):])
				}
				return
			}
			if err != nil {
				t.Fatalf("AddContact() error = %v", err)
			}
			if added.Contact.ID != tt.wantID || added.New != tt.wantNew || strings.Join(added.Changed, ", ") != tt.wantChanged {
				t.Fatalf("AddContact() = #%d new %v changed %q; want #%d new %v changed %q",
					added.Contact.ID, added.New, strings.Join(added.Changed, ", "), tt.wantID, tt.wantNew, tt.wantChanged)
			}
			stored, err := st.Read().Contact(ctx, tt.wantID)
			if err != nil {
				t.Fatal(err)
			}
			if tt.check != nil {
				tt.check(t, stored)
			}
			hist, _ := st.Read().History(ctx, tt.wantID)
			var kinds []string
			for _, h := range hist {
				if h.Source == store.SourceImport {
					kinds = append(kinds, h.Kind)
				}
			}
			if strings.Join(kinds, ",") != strings.Join(tt.wantHistory, ",") {
				t.Errorf("history of #%d gained %v, want %v", tt.wantID, kinds, tt.wantHistory)
			}
			marc, _ := st.Read().History(ctx, 2)
			referred := false
			for _, h := range marc {
				referred = referred || h.Kind == string(workflow.EventReferralAdded) && h.Detail == "introduced #"+strconv.FormatInt(tt.wantID, 10)
			}
			if referred != tt.wantRefer {
				t.Errorf("Marc's referral to #%d written = %v, want %v", tt.wantID, referred, tt.wantRefer)
			}
		})
	}
}

// TestLinkIntroducerKeepsTheFirst checks the rule an import applies once
// all its rows are stored: the first introducer stays, and no one
// introduces themself.
func TestLinkIntroducerKeepsTheFirst(t *testing.T) {
	ctx := context.Background()
	st, tr := setupTracker(t, nil)
	seedContacts(t, st, tr)
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		for _, tt := range []struct {
			name string
			c    int64
			by   int64
			want bool
		}{
			{"first introducer", 1, 2, true},
			{"second introducer", 1, 3, false},
			{"themself", 3, 3, false},
		} {
			c, err := tx.Contact(ctx, tt.c)
			if err != nil {
				return err
			}
			if got, err := LinkIntroducer(ctx, tx, c, tt.by, trackerNow); err != nil || got != tt.want {
				t.Errorf("%s: LinkIntroducer() = %v, %v; want %v", tt.name, got, err, tt.want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := st.Read().Contact(ctx, 1); c.IntroducedBy != 2 {
		t.Fatalf("Jane introduced by #%d, want #2", c.IntroducedBy)
	}
}

func historyKinds(t *testing.T, st *store.Store) []string {
	t.Helper()
	var kinds []string
	for id := int64(1); id <= 4; id++ {
		hist, _ := st.Read().History(context.Background(), id)
		for _, h := range hist {
			kinds = append(kinds, h.Kind)
		}
	}
	return kinds
}
