package contacts

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/store"
)

func TestSet(t *testing.T) {
	tests := []struct {
		name, field, value string
		wantChanged        bool
		wantErr            string // part of the error's words; "" for none
		wantDetail         string // the edited entry's detail; "" for no entry
		check              func(t *testing.T, c *store.Contact)
	}{
		{
			name: "company corrected", field: "company", value: "Acme Robotics", wantChanged: true,
			wantDetail: "company: Acme → Acme Robotics",
			check: func(t *testing.T, c *store.Contact) {
				if c.Company != "Acme Robotics" {
					t.Errorf("company %q, want Acme Robotics", c.Company)
				}
			},
		},
		{
			name: "field name in any case, value trimmed", field: "Company", value: "  Acme Robotics ", wantChanged: true,
			wantDetail: "company: Acme → Acme Robotics",
		},
		{name: "the same company changes nothing", field: "company", value: "Acme"},
		{
			name: "empty value clears the role", field: "role", value: "", wantChanged: true,
			wantDetail: "role: Principal Engineer → (none)",
			check: func(t *testing.T, c *store.Contact) {
				if c.Role != "" {
					t.Errorf("role %q, want cleared", c.Role)
				}
			},
		},
		{
			name: "a time zone becomes the owner's, spelled as the zone database does", field: "tz", value: "asia/seoul", wantChanged: true,
			wantDetail: "time zone: Europe/Paris (learned) → Asia/Seoul",
			check: func(t *testing.T, c *store.Contact) {
				if c.TimeZone != "Asia/Seoul" || c.TimeZoneLearned {
					t.Errorf("zone %q learned %v, want Asia/Seoul set by hand", c.TimeZone, c.TimeZoneLearned)
				}
			},
		},
		{
			name: "the learned zone confirmed by hand is the owner's now", field: "timezone", value: "Europe/Paris", wantChanged: true,
			wantDetail: "time zone: Europe/Paris (learned) → Europe/Paris",
			check: func(t *testing.T, c *store.Contact) {
				if c.TimeZoneLearned {
					t.Error("zone still counts as learned")
				}
			},
		},
		{name: "not a zone", field: "tz", value: "Mars/Olympus", wantErr: "not a time zone"},
		{
			name: "a url another contact has", field: "url", value: "https://profiles.example/sam",
			wantErr: "already belongs to contact #3",
			check: func(t *testing.T, c *store.Contact) {
				if c.URL != "https://profiles.example/jane" {
					t.Errorf("url %q after a refusal, want Jane's own kept", c.URL)
				}
			},
		},
		{
			name: "name spaced as add spaces it", field: "name", value: "Jane   Doe-Martin", wantChanged: true,
			wantDetail: "name: Jane Doe → Jane Doe-Martin",
		},
		{name: "a name cannot be cleared", field: "name", value: " ", wantErr: "cannot be empty"},
		{name: "a typo in the field", field: "compnay", value: "Acme", wantErr: `"compnay" is not a field to set (did you mean company?)`},
		{name: "a value on two lines", field: "role", value: "CTO\nBcc: x", wantErr: "one line"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st, tr := setupTracker(t, nil)
			seedContacts(t, st, tr)
			var c *store.Contact
			var changed bool
			var setErr error
			err := st.WithTx(ctx, func(tx *store.Tx) (err error) {
				if c, err = tx.Contact(ctx, 1); err != nil {
					return err
				}
				c.Company, c.TimeZone, c.TimeZoneLearned = "Acme", "Europe/Paris", true
				if err := tx.UpdateContact(ctx, c, trackerNow); err != nil {
					return err
				}
				changed, setErr = tr.Set(ctx, tx, c, tt.field, tt.value, trackerNow, store.SourceCLI)
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != "" {
				if setErr == nil || !strings.Contains(setErr.Error(), tt.wantErr) {
					t.Fatalf("Set(%s, %q) = %v; want an error with %q", tt.field, tt.value, setErr, tt.wantErr)
				}
			} else if setErr != nil {
				t.Fatalf("Set(%s, %q) = %v", tt.field, tt.value, setErr)
			}
			if changed != tt.wantChanged {
				t.Errorf("changed = %v, want %v", changed, tt.wantChanged)
			}
			var stored *store.Contact
			var history []store.Entry
			err = st.WithTx(ctx, func(tx *store.Tx) (err error) {
				if stored, err = tx.Contact(ctx, 1); err != nil {
					return err
				}
				history, err = tx.History(ctx, 1)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			var details []string
			for _, e := range history {
				if e.Kind == store.EntryEdited {
					details = append(details, e.Detail)
				}
			}
			switch {
			case tt.wantDetail == "" && len(details) > 0:
				t.Errorf("history gained %q; want no edit recorded", details)
			case tt.wantDetail != "" && (len(details) != 1 || details[0] != tt.wantDetail):
				t.Errorf("edits recorded %q; want one: %q", details, tt.wantDetail)
			}
			if tt.check != nil {
				tt.check(t, stored)
				tt.check(t, c)
			}
			if tt.wantErr != "" && (stored.Company != "Acme" || stored.Name != "Jane Doe") {
				t.Errorf("a refused set stored %+v", stored)
			}
		})
	}
}

func TestSetFieldErrorWithoutSuggestion(t *testing.T) {
	_, err := SetField("salary")
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Suggest != "" || err.Error() != `"salary" is not a field to set; use company, role, field, source, url, tz, name` {
		t.Fatalf("SetField(salary) = %v; want the fields listed, no suggestion", err)
	}
}
