package contacts

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/config"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// TestAddVia checks what add … via does: the person added is introduced
// by the contact it names, even one who declined (the usual "not me, ask
// her"); a via that names no single contact adds no one and says why; a
// person already known is linked to the suggester, first introducer kept.
func TestAddVia(t *testing.T) {
	tests := []struct {
		name    string
		line    string
		receipt []string // lines the receipt must hold
		added   string   // the address of the contact that must exist, introduced by Jane; "" for none
		noone   string   // an address that must not be a contact afterwards
		history bool     // Jane's history gains a referral
	}{
		{name: "by number", line: "add Maria López <maria@initech.example> via #1",
			receipt: []string{"✓ #4 Maria López <maria@initech.example> added, suggested by #1 Jane Doe", "request drafted"},
			added:   "maria@initech.example", history: true},
		{name: "by the suggester's address", line: "add Maria López <maria@initech.example> via jane@acme.example",
			receipt: []string{"added, suggested by #1 Jane Doe"}, added: "maria@initech.example", history: true},
		{name: "no such number", line: "add Maria López <maria@initech.example> via #99",
			receipt: []string{"✗ via #99: there is no contact #99, so no one was added", "try: check the number"},
			noone:   "maria@initech.example"},
		{name: "no such address", line: "add Maria López <maria@initech.example> via nobody@acme.example",
			receipt: []string{"✗ via nobody@acme.example: no contact has that address, so no one was added"},
			noone:   "maria@initech.example"},
		{name: "themselves", line: "add Jane Doe <jane@acme.example> via #1",
			receipt: []string{"✗ #1 Jane Doe cannot have suggested themselves"}},
		{name: "someone already known", line: "add Sam Lee <sam@globex.example> via #1",
			receipt: []string{"✓ #2 Sam Lee is already a contact (requested): noted as suggested by #1 Jane Doe"},
			added:   "sam@globex.example", history: true},
		{name: "someone already introduced by another", line: "add Ana Ruiz <ana@initech.example> via #1",
			receipt: []string{"noted as suggested by #1 Jane Doe; #2 stays their introducer"}, history: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := setup(t, config.SendApprove)
			jane := e.contact("Jane Doe", "jane@acme.example", workflow.StatusDeclined)
			sam := e.contact("Sam Lee", "sam@globex.example", workflow.StatusRequested)
			ana := &store.Contact{Name: "Ana Ruiz", Email: "ana@initech.example", IntroducedBy: sam.ID}
			err := e.st.WithTx(context.Background(), func(tx *store.Tx) error { return tx.InsertContact(context.Background(), ana) })
			if err != nil {
				t.Fatal(err)
			}
			before := len(e.historyKinds(jane.ID))
			got := lines(e.commands("", tt.line+"\n", 0))
			for _, want := range tt.receipt {
				if !strings.Contains(got, want) {
					t.Errorf("receipt lacks %q:\n%s", want, got)
				}
			}
			ctx := context.Background()
			if tt.added != "" {
				p, err := e.st.Read().ContactByEmail(ctx, tt.added)
				if err != nil || p.IntroducedBy != jane.ID {
					t.Errorf("%s = %+v, %v; want introduced by #%d", tt.added, p, err, jane.ID)
				}
			}
			if tt.noone != "" {
				if _, err := e.st.Read().ContactByEmail(ctx, tt.noone); err == nil {
					t.Errorf("%s was added by a refused line", tt.noone)
				}
			}
			kinds := e.historyKinds(jane.ID)
			if referred := slices.Contains(kinds[before:], string(workflow.EventReferralAdded)); referred != tt.history {
				t.Errorf("Jane's new history %q: referral written %v, want %v", kinds[before:], referred, tt.history)
			}
			if s := e.get(jane.ID).State.Status; s != workflow.StatusDeclined {
				t.Errorf("Jane = %s, want still declined", s)
			}
		})
	}
}

func (e *env) historyKinds(id int64) []string {
	e.t.Helper()
	list, err := e.st.Read().History(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	var kinds []string
	for _, h := range list {
		kinds = append(kinds, h.Kind)
	}
	return kinds
}
