package contacts

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/store"
)

// importFile is a file whose rows meet seedContacts' contacts: line 2
// names a stored introducer, line 3 is Jane again, line 4 is introduced
// by the row of line 2, line 5 is Sam as he is, line 6 names no one known.
const importFile = `name,email,company,role,introduced by
Ana Ruiz,ana@initech.example,Initech,,Marc Dubois
Jane D.,JANE@acme.example,Acme,Staff Engineer,
Bo Chen,bo@initech.example,Initech,,ana@initech.example
Sam Lee,sam@globex.example,,,
Kim Park,kim@x.example,,,Nobody Known
`

// runImport imports file into st in one transaction, as rapport import
// does, and returns the report and the rows it reported.
func runImport(t *testing.T, st *store.Store, tr *Tracker, file string, opts ImportOptions) (*ImportReport, []ImportedRow, error) {
	t.Helper()
	ctx := context.Background()
	var rows []ImportedRow
	opts.OnRow = func(r ImportedRow) { rows = append(rows, r) }
	var rep *ImportReport
	err := st.WithTx(ctx, func(tx *store.Tx) (err error) {
		rep, err = tr.Import(ctx, tx, strings.NewReader(file), opts, trackerNow)
		return err
	})
	return rep, rows, err
}

func TestImport(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		opts        ImportOptions
		wantWritten bool
		wantRefused bool
		wantCounts  string // added/updated/unchanged
		wantProblem []string
		wantStored  int // contacts stored afterwards
		check       func(t *testing.T, tx *store.Tx)
	}{
		{
			name: "skip bad imports the good rows", file: importFile,
			opts:        ImportOptions{File: "people.csv", SkipBad: true},
			wantWritten: true, wantCounts: "2/1/1", wantStored: 5,
			wantProblem: []string{`line 6: no contact or row matches "Nobody Known"`},
			check: func(t *testing.T, tx *store.Tx) {
				ctx := context.Background()
				ana, _ := tx.Contact(ctx, 4)
				bo, _ := tx.Contact(ctx, 5)
				jane, _ := tx.Contact(ctx, 1)
				if ana.IntroducedBy != 2 || bo.IntroducedBy != ana.ID {
					t.Errorf("introducers: Ana by #%d, Bo by #%d; want #2 (stored) and #%d (a row)", ana.IntroducedBy, bo.IntroducedBy, ana.ID)
				}
				if jane.Name != "Jane Doe" || jane.Role != "Principal Engineer" || jane.Company != "Acme" {
					t.Errorf("merged Jane = %+v; want name and role kept, company filled", jane)
				}
				hist, _ := tx.History(ctx, 4)
				if len(hist) == 0 || hist[0].Why != "imported from people.csv line 2" || hist[0].Source != store.SourceImport {
					t.Errorf("Ana's history = %+v; want the file and line", hist)
				}
			},
		},
		{
			name: "a bad row refuses the whole file, and nothing is applied", file: importFile,
			opts:        ImportOptions{File: "people.csv"},
			wantRefused: true, wantCounts: "0/0/0", wantStored: 3,
			wantProblem: []string{`line 6: no contact or row matches "Nobody Known"`},
			check: func(t *testing.T, tx *store.Tx) {
				if jane, _ := tx.Contact(context.Background(), 1); jane.Company != "" {
					t.Errorf("a refused import changed Jane: %+v", jane)
				}
			},
		},
		{
			name: "a refused dry run applies nothing either", file: importFile,
			opts:        ImportOptions{File: "people.csv", DryRun: true},
			wantRefused: true, wantCounts: "0/0/0", wantStored: 3,
			wantProblem: []string{`line 6: no contact or row matches "Nobody Known"`},
		},
		{
			name: "a dry run writes nothing", file: importFile,
			opts:       ImportOptions{File: "people.csv", DryRun: true, SkipBad: true},
			wantCounts: "2/1/1", wantStored: 3,
			wantProblem: []string{`line 6: no contact or row matches "Nobody Known"`},
		},
		{
			name: "the parser's problems and ambiguous introducers, by line, down the chain",
			file: "name,email,introduced by\nZed One,zed@x.example,e\nBroken,broken@,\nYan Two,yan@x.example,Zed One\nXu Three,xu@x.example,yan@x.example\n",
			opts: ImportOptions{File: "f.csv", SkipBad: true}, wantWritten: true, wantCounts: "0/0/0", wantStored: 3,
			wantProblem: []string{`line 2: "e" matches 3 contacts (#1, #2…)`, `line 3: email "broken@"`,
				"line 4: the introducer, line 2, is not imported either", "line 5: the introducer, line 4, is not imported either"},
		},
		{
			name: "two rows of the same name are no introducer",
			file: "name,email,introduced by\nAl Bee,al@x.example,\nAl Bee,al2@x.example,\nCy Dee,cy@x.example,AL BEE\n",
			opts: ImportOptions{File: "f.csv", SkipBad: true}, wantWritten: true, wantCounts: "2/0/0", wantStored: 5,
			wantProblem: []string{`line 4: "AL BEE" names several rows of this file (lines 2 and 3)`},
		},
		{
			name: "an introducer named by a later row, new or known",
			file: "name,email,introduced by\nAna Ruiz,ana@initech.example,bo chen\nJane D.,j.doe@home.example,bo@initech.example\nBo Chen,bo@initech.example,\n",
			opts: ImportOptions{File: "f.csv"}, wantWritten: true, wantCounts: "2/0/1", wantStored: 5,
			check: func(t *testing.T, tx *store.Tx) {
				ctx := context.Background()
				ana, _ := tx.Contact(ctx, 4)
				jane, _ := tx.Contact(ctx, 1)
				if ana.IntroducedBy != 5 || jane.IntroducedBy != 5 {
					t.Errorf("introducers: Ana by #%d, Jane by #%d; want Bo, #5, for both", ana.IntroducedBy, jane.IntroducedBy)
				}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, tr := setupTracker(t, nil)
			seedContacts(t, st, tr)
			rep, rows, err := runImport(t, st, tr, tt.file, tt.opts)
			if err != nil {
				t.Fatalf("Import() error = %v", err)
			}
			if got := fmt.Sprintf("%d/%d/%d", rep.Added, rep.Updated, rep.Unchanged); got != tt.wantCounts || rep.Written != tt.wantWritten || rep.Refused != tt.wantRefused {
				t.Errorf("Import() = %s rows, written %v, refused %v; want %s, %v, %v", got, rep.Written, rep.Refused, tt.wantCounts, tt.wantWritten, tt.wantRefused)
			}
			if len(rows) != rep.Added+rep.Updated+rep.Unchanged {
				t.Errorf("OnRow reported %d rows, want %d", len(rows), rep.Added+rep.Updated+rep.Unchanged)
			}
			if len(rep.Problems) != len(tt.wantProblem) {
				t.Fatalf("Import() problems = %v, want %d", rep.Problems, len(tt.wantProblem))
			}
			for i, p := range rep.Problems {
				if !strings.HasPrefix(p.Error(), tt.wantProblem[i]) {
					t.Errorf("problem %d = %q, want it to start with %q", i, p.Error(), tt.wantProblem[i])
				}
			}
			if all, _ := st.Read().ListContacts(context.Background(), store.ListOptions{}); len(all) != tt.wantStored {
				t.Errorf("%d contacts stored afterwards, want %d", len(all), tt.wantStored)
			}
			if tt.check != nil {
				tt.check(t, st.Read())
			}
		})
	}
}

// A contact imported as new is stored as AddContact stores it: the same
// fields, state and history entry, but for the entry's introducer.
func TestImportedAsAdded(t *testing.T) {
	ctx := context.Background()
	const file = "name,email,company,role,field,source,url,time zone,tags,notes,introduced by\n" +
		"Ana Ruiz,ana@initech.example,Initech,CTO,robotics,Meetup,https://profiles.example/ana,Europe/Madrid,\"B, a\",\"line one\nline two\",marc@egis.example\n"
	st, tr := setupTracker(t, nil)
	seedContacts(t, st, tr)
	if _, _, err := runImport(t, st, tr, file, ImportOptions{File: "f.csv"}); err != nil {
		t.Fatal(err)
	}
	want, wantTr := setupTracker(t, nil)
	seedContacts(t, want, wantTr)
	err := want.WithTx(ctx, func(tx *store.Tx) error {
		_, err := wantTr.AddContact(ctx, tx, AddRequest{Contact: store.Contact{Name: "Ana Ruiz", Email: "ana@initech.example",
			Company: "Initech", Role: "CTO", Field: "robotics", Source: "Meetup", URL: "https://profiles.example/ana",
			TimeZone: "Europe/Madrid", Tags: []string{"b", "a"}, Notes: "line one\nline two", IntroducedBy: 2},
			Existing: Merge, Source: store.SourceImport, Why: "imported from f.csv line 2"}, trackerNow)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := st.Read().Contact(ctx, 4)
	exp, _ := want.Read().Contact(ctx, 4)
	if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", exp) {
		t.Errorf("imported contact = %+v\nwant %+v", got, exp)
	}
	gotHist, _ := st.Read().History(ctx, 4)
	expHist, _ := want.Read().History(ctx, 4)
	expHist[0].Detail = "" // an import names no introducer in the entry: the contact does
	if fmt.Sprintf("%+v", gotHist) != fmt.Sprintf("%+v", expHist) {
		t.Errorf("imported history = %+v\nwant %+v", gotHist, expHist)
	}
}
