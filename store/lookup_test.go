package store

import (
	"context"
	"maps"
	"testing"
	"time"
)

func TestContactIDsByEmailAndURL(t *testing.T) {
	st := openTest(t)
	ctx := context.Background()
	jane := &Contact{Name: "Jane Doe", Email: "jane@acme.example", URL: "https://profiles.example/jane"}
	sam := &Contact{Name: "Sam Lee", Email: "sam@globex.example"}
	insert(t, st, jane)
	insert(t, st, sam)
	err := st.WithTx(ctx, func(tx *Tx) error {
		_, err := tx.AddAddress(ctx, sam.ID, "sam@home.example", "test", time.Now())
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name         string
		emails, urls []string
		want         map[string]int64
	}{
		{"addresses as ContactIDByEmail finds them",
			[]string{"JANE@acme.example", "sam@home.example", " sam@globex.example", "nobody@x.example", "\u212Aate@acme.example"}, nil,
			map[string]int64{"JANE@acme.example": jane.ID, "sam@home.example": sam.ID, " sam@globex.example": sam.ID}},
		{"urls", nil, []string{"https://profiles.example/jane", "https://profiles.example/sam"},
			map[string]int64{"https://profiles.example/jane": jane.ID}},
		{"none asked", nil, nil, map[string]int64{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := map[string]int64{}
			for _, f := range []func() (map[string]int64, error){
				func() (map[string]int64, error) { return st.Read().ContactIDsByEmail(ctx, tt.emails) },
				func() (map[string]int64, error) { return st.Read().ContactIDsByURL(ctx, tt.urls) },
			} {
				m, err := f()
				if err != nil {
					t.Fatal(err)
				}
				maps.Copy(got, m)
			}
			if !maps.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for _, e := range tt.emails {
				id, _ := st.Read().ContactIDByEmail(ctx, e)
				if id != tt.want[e] {
					t.Errorf("ContactIDByEmail(%q) = %d, the batch says %d", e, id, tt.want[e])
				}
			}
		})
	}
}
