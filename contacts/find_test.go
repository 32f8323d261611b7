package contacts

import (
	"context"
	"errors"
	"testing"
)

// What a person types names one contact, or the error says none or which.
// seedContacts adds Jane Doe (#1, also j.doe@home.example), Marc Dubois
// (#2) and Sam Lee (#3).
func TestFind(t *testing.T) {
	st, tr := setupTracker(t, nil)
	seedContacts(t, st, tr)
	tests := []struct {
		name, who string
		wantID    int64
		matches   int // for a *FindError
		byID      bool
	}{
		{"number with #", "#2", 2, 0, false},
		{"bare number", "3", 3, 0, false},
		{"main address, other case", "Jane@ACME.example", 1, 0, false},
		{"another of their addresses", "j.doe@home.example", 1, 0, false},
		{"fragment of a name", "dubois", 2, 0, false},
		{"spaces around", "  #1 ", 1, 0, false},
		{"unknown number", "#99", 0, 0, true},
		{"nothing matches", "Zoë", 0, 0, false},
		{"several match", ".example", 0, 3, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Find(context.Background(), st.Read(), tt.who)
			if tt.wantID != 0 {
				if err != nil || c == nil || c.ID != tt.wantID {
					t.Fatalf("Find(%q) = %v, %v; want #%d", tt.who, c, err, tt.wantID)
				}
				return
			}
			var fe *FindError
			if !errors.As(err, &fe) {
				t.Fatalf("Find(%q) = %v, %v; want a *FindError", tt.who, c, err)
			}
			if len(fe.Matches) != tt.matches || fe.ByID != tt.byID {
				t.Errorf("Find(%q): %d matches, ByID %v; want %d, %v (%v)", tt.who, len(fe.Matches), fe.ByID, tt.matches, tt.byID, fe)
			}
		})
	}
}
