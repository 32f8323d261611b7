package contacts

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"rapport/contacts/importer"
	"rapport/store"
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

func TestImport(t *testing.T) {
	tests := []struct {
		name        string
		file        string
		opts        ImportOptions
		wantWritten bool
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
			name: "a bad row refuses the whole file", file: importFile,
			opts:       ImportOptions{File: "people.csv"},
			wantCounts: "2/1/1", wantStored: 3,
			wantProblem: []string{`line 6: no contact or row matches "Nobody Known"`},
			check: func(t *testing.T, tx *store.Tx) {
				if jane, _ := tx.Contact(context.Background(), 1); jane.Company != "" {
					t.Errorf("a refused import changed Jane: %+v", jane)
				}
			},
		},
		{
			name: "a dry run writes nothing", file: importFile,
			opts:       ImportOptions{File: "people.csv", DryRun: true, SkipBad: true},
			wantCounts: "2/1/1", wantStored: 3,
			wantProblem: []string{`line 6: no contact or row matches "Nobody Known"`},
		},
		{
			name: "the parser's problems and ambiguous introducers, by line, down the chain",
			file: "name,email,introduced by\nZed One,zed@x.example,e\nBroken,broken@,\nYan Two,yan@x.example,Zed One\n",
			opts: ImportOptions{File: "f.csv", SkipBad: true}, wantWritten: true, wantCounts: "0/0/0", wantStored: 3,
			wantProblem: []string{`line 2: "e" matches 3 contacts (#1, #2…)`, `line 3: email "broken@"`, "line 4: the introducer, line 2, is not imported either"},
		},
		{
			name: "two rows of the same name are no introducer",
			file: "name,email,introduced by\nAl Bee,al@x.example,\nAl Bee,al2@x.example,\nCy Dee,cy@x.example,Al Bee\n",
			opts: ImportOptions{File: "f.csv", SkipBad: true}, wantWritten: true, wantCounts: "2/0/0", wantStored: 5,
			wantProblem: []string{`line 4: "Al Bee" names several rows of this file (lines 2 and 3)`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx := context.Background()
			st, tr := setupTracker(t, nil)
			seedContacts(t, st, tr)
			parsed, err := importer.Parse(strings.NewReader(tt.file))
			if err != nil {
				t.Fatalf("importer.Parse() error = %v", err)
			}
			var rep *ImportReport
			err = st.WithTx(ctx, func(tx *store.Tx) (err error) {
				rep, err = tr.Import(ctx, tx, parsed, tt.opts, trackerNow)
				return err
			})
			if err != nil {
				t.Fatalf("Import() error = %v", err)
			}
			if got := fmt.Sprintf("%d/%d/%d", rep.Count(RowAdded), rep.Count(RowUpdated), rep.Count(RowUnchanged)); got != tt.wantCounts || rep.Written != tt.wantWritten {
				t.Errorf("Import() = %s rows, written %v; want %s, %v", got, rep.Written, tt.wantCounts, tt.wantWritten)
			}
			if len(rep.Problems) != len(tt.wantProblem) {
				t.Fatalf("Import() problems = %v, want %d", rep.Problems, len(tt.wantProblem))
			}
			for i, p := range rep.Problems {
				if !strings.HasPrefix(p.Error(), tt.wantProblem[i]) {
					t.Errorf("problem %d = %q, want it to start with %q", i, p.Error(), tt.wantProblem[i])
				}
			}
			if all, _ := st.Read().ListContacts(ctx, store.ListOptions{}); len(all) != tt.wantStored {
				t.Errorf("%d contacts stored afterwards, want %d", len(all), tt.wantStored)
			}
			if tt.check != nil {
				tt.check(t, st.Read())
			}
		})
	}
}
