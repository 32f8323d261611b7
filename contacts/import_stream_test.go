package contacts

import (
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/rapport-mail/rapport/store"
)

// chunkedFile is a file of three chunks and more, whose rows meet each
// other and seedContacts' contacts across the chunks.
func chunkedFile() (file string, rows int) {
	rows = 3*chunkRows + 10
	line := func(i int) int { return i + 2 }
	var b strings.Builder
	b.WriteString("name,email,company,introduced by\n")
	for i := range rows {
		name, email, intro := fmt.Sprintf("Person %d", i), fmt.Sprintf("p%d@x.example", i), ""
		switch i {
		case 5: // introduced by a row two chunks further on
			intro = fmt.Sprintf("p%d@x.example", 2*chunkRows+7)
		case 2*chunkRows + 7: // introduced by a row two chunks back
			intro = "Person 6"
		case chunkRows + 3: // introduced by the row before it, in the same chunk
			intro = fmt.Sprintf("p%d@x.example", chunkRows+2)
		case chunkRows + 20: // Sam, as stored
			name, email = "Sam Lee", "sam@globex.example"
		case 2*chunkRows + 30: // Jane, by her other address, introduced by a row
			name, email, intro = "Jane D.", "J.Doe@home.example", "Person 5"
		case 3*chunkRows + 1: // the email of a row three chunks back
			email = "P9@x.example"
		}
		fmt.Fprintf(&b, "%s,%s,Co %d,%s\n", name, email, line(i)%7, intro)
	}
	return b.String(), rows
}

func TestImportAcrossChunks(t *testing.T) {
	ctx := context.Background()
	file, rows := chunkedFile()
	id := func(i int) int64 { return int64(3 + i + 1) } // the three seeded contacts, then the rows
	for _, dry := range []bool{true, false} {
		t.Run(fmt.Sprintf("dry run %v", dry), func(t *testing.T) {
			st, tr := setupTracker(t, nil)
			seedContacts(t, st, tr)
			rep, reported, err := runImport(t, st, tr, file, ImportOptions{File: "big.csv", SkipBad: true, DryRun: dry})
			if err != nil {
				t.Fatalf("Import() error = %v", err)
			}
			// Sam gets a company, Jane a company and her introducer.
			if rep.Records != rows || rep.Added != rows-3 || rep.Updated != 2 || rep.Unchanged != 0 || rep.Written == dry {
				t.Fatalf("Import() = %d records, %d/%d/%d, written %v; want %d, %d/2/0, %v",
					rep.Records, rep.Added, rep.Updated, rep.Unchanged, rep.Written, rows, rows-3, !dry)
			}
			dup := 3*chunkRows + 1 + 2
			if len(rep.Problems) != 1 || rep.Problems[0].Error() != fmt.Sprintf("line %d: same email as line 11", dup) {
				t.Fatalf("Import() problems = %v, want line %d the same email as line 11", rep.Problems, dup)
			}
			for i, r := range reported {
				if i > 0 && r.Line <= reported[i-1].Line {
					t.Fatalf("OnRow reported line %d after line %d; want file order", r.Line, reported[i-1].Line)
				}
				if r.Contact.ID == 1 && strings.Join(r.Changed, ",") != "company,introducer" {
					t.Errorf("OnRow reported Jane's row as %s (%v), want company and introducer filled", r.Action, r.Changed)
				}
			}
			all, _ := st.Read().ListContacts(ctx, store.ListOptions{})
			if dry {
				if len(all) != 3 {
					t.Fatalf("a dry run left %d contacts, want the 3 there were", len(all))
				}
				return
			}
			if len(all) != 3+rows-3 {
				t.Fatalf("%d contacts stored, want %d", len(all), rows)
			}
			byID := map[int64]store.Contact{}
			for _, c := range all {
				byID[c.ID] = c
			}
			// Sam and Jane take no IDs: the rows after them are one and two further back.
			rowID := func(i int) int64 {
				switch {
				case i > 2*chunkRows+30:
					return id(i) - 2
				case i > chunkRows+20:
					return id(i) - 1
				}
				return id(i)
			}
			for _, tc := range []struct {
				who     int64
				by      int64
				message string
			}{
				{rowID(5), rowID(2*chunkRows + 7), "a row introduced by one two chunks further on"},
				{rowID(2*chunkRows + 7), rowID(6), "a row introduced by one two chunks back"},
				{rowID(chunkRows + 3), rowID(chunkRows + 2), "a row introduced by the one before it"},
				{1, rowID(5), "Jane, merged by her other address, introduced by a row"},
			} {
				if got := byID[tc.who].IntroducedBy; got != tc.by {
					t.Errorf("%s: #%d introduced by #%d, want #%d", tc.message, tc.who, got, tc.by)
				}
			}
			if jane := byID[1]; jane.Email != "jane@acme.example" || jane.Name != "Jane Doe" {
				t.Errorf("merged Jane = %+v, want her name and address kept", jane)
			}
		})
	}
}

// Progress comes as the clock allows, never closer than ProgressInterval,
// first while checking, then while writing with the number of records
// known.
func TestImportProgress(t *testing.T) {
	file, rows := chunkedFile()
	st, tr := setupTracker(t, nil)
	var now time.Time
	clock := func() time.Time { now = now.Add(50 * time.Millisecond); return now }
	var got []ImportProgress
	var at []time.Time
	opts := ImportOptions{File: "big.csv", SkipBad: true, clock: clock, Progress: func(p ImportProgress) {
		got, at = append(got, p), append(at, now)
	}}
	rep, _, err := runImport(t, st, tr, file, opts)
	if err != nil || rep.Added != rows-1 {
		t.Fatalf("Import() = %+v, %v; want %d rows added", rep, err, rows-1)
	}
	phase, last, seen := ImportChecking, 0, map[string]bool{}
	for i, p := range got {
		if i > 0 && at[i].Sub(at[i-1]) < ProgressInterval {
			t.Fatalf("progress at %v after %v, want at least %v apart", at[i], at[i-1], ProgressInterval)
		}
		if p.Phase != phase {
			if phase != ImportChecking || p.Phase != ImportWriting {
				t.Fatalf("phase %q after %q, want checking then importing", p.Phase, phase)
			}
			phase, last = p.Phase, 0
		}
		seen[p.Phase] = true
		if want := map[string]int{ImportChecking: 0, ImportWriting: rows}[p.Phase]; p.Total != want {
			t.Fatalf("%s: Total = %d, want %d", p.Phase, p.Total, want)
		}
		if p.Rows <= last || p.Rows > rows || p.Size != int64(len(file)) || p.Read <= 0 || p.Read > p.Size {
			t.Fatalf("progress %+v after %d rows, want rows growing, and bytes of the file's %d", p, last, len(file))
		}
		last = p.Rows
	}
	if !seen[ImportChecking] || !seen[ImportWriting] {
		t.Fatalf("progress in phases %v, want both", seen)
	}
}

// changing is a file that reads one way, then another.
type changing struct {
	*strings.Reader
	second string
	seeks  int
}

func (c *changing) Seek(off int64, whence int) (int64, error) {
	if whence == io.SeekStart {
		if c.seeks++; c.seeks == 2 { // the second read
			c.Reader = strings.NewReader(c.second)
		}
	}
	return c.Reader.Seek(off, whence)
}

func TestImportFileChangedBetweenReads(t *testing.T) {
	ctx := context.Background()
	st, tr := setupTracker(t, nil)
	file := &changing{Reader: strings.NewReader("name,email\nAna,ana@x.example\nBo,bo@x.example\n"),
		second: "name,email\nAna,ana@x.example\nBo,bob@x.example\n"}
	err := st.WithTx(ctx, func(tx *store.Tx) error {
		_, err := tr.Import(ctx, tx, file, ImportOptions{File: "f.csv"}, trackerNow)
		return err
	})
	if err == nil || !strings.Contains(err.Error(), "the file changed while it was read") {
		t.Fatalf("Import() of a file that changed = %v, want it refused", err)
	}
	if all, _ := st.Read().ListContacts(ctx, store.ListOptions{}); len(all) != 0 {
		t.Fatalf("%d contacts stored, want none", len(all))
	}
}
