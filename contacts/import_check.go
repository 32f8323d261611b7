package contacts

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/contacts/importer"
	"github.com/rapport-mail/rapport/internal/ascii"
	"github.com/rapport-mail/rapport/store"
)

// plan is what the first read of a file decided for the second: who
// introduced whom, and which rows are left out. It holds a few numbers per
// row with an introducer, never the rows.
type plan struct {
	introducers map[int]introRef // by the line of the row introduced
	referenced  map[int]bool     // the lines of rows that introduce another
	left        map[int]bool     // the lines of good rows left out
	rows        int              // good rows, left out or not
	sum         uint64           // the good rows' fingerprint (see fingerprint)
	seed        maphash.Seed     // of sum
}

// introRef points at an introducer: a stored contact (id) or the contact
// of another row of the file (line).
type introRef struct {
	id   int64
	line int
}

// check reads every record of rd into rep (problems and count) and returns
// the plan: each "introduced by" resolved against the file's rows, then the
// stored contacts, and the rows left out because of it, down the chain.
func (t *Tracker) check(ctx context.Context, tx *store.Tx, rd *importer.Reader, rep *ImportReport, prog *progress) (*plan, error) {
	idx := newRowIndex()
	p := &plan{introducers: map[int]introRef{}, referenced: map[int]bool{}, left: map[int]bool{}, seed: maphash.MakeSeed()}
	type named struct{ line, who int }
	var refs []named
	whoIndex := map[string]int{}
	var whos []string
	for {
		row, problems, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		rep.Records++
		prog.record(rd)
		if row == nil {
			rep.Problems = append(rep.Problems, problems...)
			continue
		}
		p.rows++
		p.sum += fingerprint(p.seed, row)
		idx.add(row)
		if row.IntroducedBy != "" {
			w, ok := whoIndex[row.IntroducedBy]
			if !ok {
				w = len(whos)
				whos = append(whos, strings.Clone(row.IntroducedBy))
				whoIndex[whos[w]] = w
			}
			refs = append(refs, named{row.Line, w})
		}
	}

	idx.seal()
	bad := func(line int, msg string) {
		rep.Problems = append(rep.Problems, importer.Problem{Line: line, Column: "introduced by", Message: msg})
		p.left[line] = true
	}
	stored := map[int]storedMatch{} // by who, so that each is looked up once
	for _, r := range refs {
		who := whos[r.who]
		switch found := idx.find(who, r.line); {
		case len(found) == 1:
			p.introducers[r.line] = introRef{line: found[0]}
			p.referenced[found[0]] = true
			continue
		case len(found) > 1:
			bad(r.line, fmt.Sprintf("%q names several rows of this file (lines %d and %d); use an email address", who, found[0], found[1]))
			continue
		}
		m, ok := stored[r.who]
		if !ok {
			list, err := tx.FindContacts(ctx, who)
			if err != nil {
				return nil, err
			}
			m = storedMatch{n: len(list)}
			if len(list) > 0 {
				m.first = list[0].ID
			}
			if len(list) > 1 {
				m.second = list[1].ID
			}
			stored[r.who] = m
		}
		switch m.n {
		case 0:
			bad(r.line, fmt.Sprintf("no contact or row matches %q; add the introducer first or use their email", who))
		case 1:
			p.introducers[r.line] = introRef{id: m.first}
		default:
			bad(r.line, fmt.Sprintf("%q matches %d contacts (#%d, #%d…); use an email address or #id", who, m.n, m.first, m.second))
		}
	}
	p.leaveOutIntroduced(bad)
	return p, nil
}

// storedMatch is what FindContacts found for an introducer's name.
type storedMatch struct {
	n             int
	first, second int64
}

// leaveOutIntroduced leaves out every row introduced by a row left out,
// down the chain, with bad.
func (p *plan) leaveOutIntroduced(bad func(line int, msg string)) {
	by := map[int][]int{} // introducer's line → the lines it introduced
	for line, ref := range p.introducers {
		if ref.line != 0 {
			by[ref.line] = append(by[ref.line], line)
		}
	}
	var queue []int
	for line := range p.left {
		queue = append(queue, line)
	}
	for len(queue) > 0 {
		intro := queue[0]
		queue = queue[1:]
		for _, line := range by[intro] {
			if !p.left[line] {
				bad(line, fmt.Sprintf("the introducer, line %d, is not imported either", intro))
				queue = append(queue, line)
			}
		}
	}
}

// fingerprint is a row's share of the plan's sum: the second read must
// find the same rows, or the file changed in between.
func fingerprint(seed maphash.Seed, row *importer.Row) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	maphash.WriteComparable(&h, row.Line)
	for _, s := range []string{row.Name, row.Email, row.URL, row.IntroducedBy} {
		h.WriteString(s)
		h.WriteByte(0)
	}
	return h.Sum64()
}

// rowIndex finds the rows of a file an "introduced by" names: by email,
// without ASCII case, or by name, without case (as strings.EqualFold). It
// keeps a 64-bit key and a line per row, in two sorted lists, never the
// row: 16 bytes a row where maps of strings took ten times as much. An
// introducer takes a row for another's with a chance of about one in a
// billion billion per row: none in any file.
type rowIndex struct {
	seed          maphash.Seed
	emails, names []keyLine // sorted by seal
}

// keyLine is a row's key and line.
type keyLine struct {
	key  uint64
	line int32
}

func newRowIndex() *rowIndex { return &rowIndex{seed: maphash.MakeSeed()} }

func (x *rowIndex) key(s string) uint64 { return maphash.String(x.seed, s) }

// add indexes a good row.
func (x *rowIndex) add(row *importer.Row) {
	if row.Email != "" {
		x.emails = append(x.emails, keyLine{x.key(ascii.Lower(row.Email)), int32(row.Line)})
	}
	x.names = append(x.names, keyLine{x.key(foldName(row.Name)), int32(row.Line)})
}

// seal sorts the index, once every row is in, for find.
func (x *rowIndex) seal() {
	for _, list := range [][]keyLine{x.emails, x.names} {
		slices.SortFunc(list, func(p, q keyLine) int {
			if c := cmp.Compare(p.key, q.key); c != 0 {
				return c
			}
			return cmp.Compare(p.line, q.line)
		})
	}
}

// find returns the lines of the rows other than line that who names, in
// file order; two are enough to say it is ambiguous.
func (x *rowIndex) find(who string, line int) []int {
	var found []int
	for _, m := range []struct {
		list []keyLine
		key  uint64
	}{{x.emails, x.key(ascii.Lower(who))}, {x.names, x.key(foldName(who))}} {
		i, _ := slices.BinarySearchFunc(m.list, m.key, func(e keyLine, k uint64) int { return cmp.Compare(e.key, k) })
		for ; i < len(m.list) && m.list[i].key == m.key && len(found) < 3; i++ {
			if l := int(m.list[i].line); l != line && !slices.Contains(found, l) {
				found = append(found, l)
			}
		}
	}
	slices.Sort(found)
	return found
}

// foldName maps s so that two names strings.EqualFold calls equal map to
// the same string: each rune becomes the least rune of its case-folding
// orbit (so 'k', 'K' and the Kelvin sign all become 'K').
func foldName(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf {
		i++
	}
	if i == len(s) {
		return strings.ToUpper(s) // ASCII: the least of each orbit is the capital
	}
	return strings.Map(func(r rune) rune {
		least := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			least = min(least, f)
		}
		return least
	}, s)
}
