package store

import (
	"context"
	"errors"
	"testing"

	"github.com/rapport-mail/rapport/workflow"
)

func TestEachContactBrief(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	want := []Contact{
		{Name: "Jane Doe", Email: "jane@acme.com", Company: "Acme", State: workflow.State{Status: workflow.StatusNew}},
		{Name: "No Address", Company: "Globex", State: workflow.State{Status: workflow.StatusNew}},
		{Name: "Met Already", Email: "met@acme.com", State: workflow.State{Status: workflow.StatusMet}},
		{Name: "Gone", Email: "gone@acme.com", State: workflow.State{Status: workflow.StatusDropped}},
	}
	err := st.WithTx(ctx, func(tx *Tx) error {
		for i := range want {
			if err := tx.InsertContact(ctx, &want[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []ContactBrief
	err = st.Read().EachContactBrief(ctx, []workflow.Status{workflow.StatusMet, workflow.StatusNew}, func(b ContactBrief) error {
		got = append(got, b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 {
		t.Fatalf("EachContactBrief = %+v, want the two new ones and the met one, not the dropped one", got)
	}
	for i, b := range got {
		c := want[i]
		if b != (ContactBrief{ID: c.ID, Email: c.Email, Company: c.Company, Status: c.State.Status}) {
			t.Errorf("brief %d = %+v, want that of %+v", i, b, c)
		}
	}
	if err := st.Read().EachContactBrief(ctx, nil, func(ContactBrief) error { return errors.New("called") }); err != nil {
		t.Errorf("EachContactBrief(no statuses) = %v, want nobody read", err)
	}
	stop := errors.New("stop")
	n := 0
	err = st.Read().EachContactBrief(ctx, []workflow.Status{workflow.StatusNew}, func(ContactBrief) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("EachContactBrief stopped after %d with %v, want after 1 with fn's error", n, err)
	}
}
