package contacts

import (
	"testing"

	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

func person(id int64, email, company string, status workflow.Status) store.Contact {
	return store.Contact{ID: id, Email: email, Company: company, State: workflow.State{Status: status}}
}

func TestNextToAsk(t *testing.T) {
	introduced := person(7, "ivy@acme.com", "", workflow.StatusNew)
	introduced.IntroducedBy = 1
	alumna := person(8, "al@acme.com", "", workflow.StatusNew)
	alumna.Tags = []string{" Alumni "}
	other := person(9, "oz@acme.com", "", workflow.StatusNew)
	other.Tags = []string{"recruiter"}
	tests := []struct {
		name   string
		people []store.Contact
		want   int64 // 0: nobody
	}{
		{"nobody at all", nil, 0},
		{"everyone already asked", []store.Contact{
			person(1, "a@acme.com", "", workflow.StatusRequested),
			person(2, "b@acme.com", "", workflow.StatusDrafted),
		}, 0},
		{"the first added among the new", []store.Contact{
			person(5, "e@acme.com", "", workflow.StatusNew),
			person(1, "a@acme.com", "", workflow.StatusRequested),
			person(3, "c@acme.com", "", workflow.StatusNew),
		}, 3},
		{"an introduced contact before an earlier cold one", []store.Contact{
			person(3, "c@acme.com", "", workflow.StatusNew), introduced,
		}, 7},
		{"a tag alumni in any case is warm", []store.Contact{
			person(3, "c@acme.com", "", workflow.StatusNew), other, alumna,
		}, 8},
		{"a contact without address cannot be asked", []store.Contact{
			person(2, "", "Acme", workflow.StatusNew),
			person(4, "d@acme.com", "", workflow.StatusNew),
		}, 4},
		{"a paused or refused contact is not new", []store.Contact{
			person(2, "b@acme.com", "", workflow.StatusPaused),
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := NextToAsk(tt.people)
			if tt.want == 0 {
				if ok {
					t.Fatalf("NextToAsk = #%d, want nobody", got.ID)
				}
				return
			}
			if !ok || got.ID != tt.want {
				t.Fatalf("NextToAsk = #%d (%v), want #%d", got.ID, ok, tt.want)
			}
		})
	}
}

func TestByOrganisation(t *testing.T) {
	people := []store.Contact{
		person(1, "jane@acme.com", "", workflow.StatusRequested),
		person(2, "raj@gmail.com", "ACME Inc.", workflow.StatusNew),
		person(3, "li@eu.acme.com", "", workflow.StatusNew),
		person(4, "kim@gmail.com", "", workflow.StatusNew),
	}
	groups := ByOrganisation(people)
	if len(groups) != 2 {
		t.Fatalf("groups = %v, want acme.com and acme", groups)
	}
	if g := groups["acme.com"]; len(g) != 2 || g[0].ID != 1 || g[1].ID != 3 {
		t.Errorf("acme.com = %v, want #1 and #3 (subdomain folded)", g)
	}
	if g := groups["acme"]; len(g) != 1 || g[0].ID != 2 {
		t.Errorf("acme = %v, want #2 (typed company)", g)
	}
}
