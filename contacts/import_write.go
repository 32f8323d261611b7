package contacts

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/rapport-mail/rapport/contacts/importer"
	"github.com/rapport-mail/rapport/internal/crashpoint"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// chunkRows is how many rows the writer looks up at once: one question
// per chunk says which of its emails and URLs are already a contact's.
const chunkRows = 512

// writer applies the good rows of a file, in file order, a chunk at a
// time: a row that is already a contact goes through AddContact with
// Merge, at once; new contacts wait, and are stored many at a time
// (store.InsertContacts) at the end of the chunk, or before a known
// contact they introduce is merged.
type writer struct {
	t    *Tracker
	ctx  context.Context
	tx   *store.Tx
	plan *plan
	opts ImportOptions
	now  time.Time
	rep  *ImportReport

	ids     map[int]int64  // the contact of each referenced line, once stored
	waiting []waitingRow   // new contacts not stored yet, in file order
	queued  map[int]bool   // the lines of waiting
	changed map[int64]bool // contacts this import merged a row into
	out     []ImportedRow  // rows done or waiting, to report once stored
	later   []laterLink    // introducers whose row was not stored in time
	empty   bool           // the database had no contact when the writing began
}

// waitingRow is a new contact waiting to be stored.
type waitingRow struct {
	line  int
	nc    store.NewContact
	intro int // the line of an introducer not stored yet, 0 for none
}

// laterLink is an introduction that waits for the introducer's row to be
// stored; all are linked at the end, in one statement.
type laterLink struct {
	id   int64 // the contact introduced
	line int   // the introducer's row
}

func (t *Tracker) newWriter(ctx context.Context, tx *store.Tx, p *plan, opts ImportOptions, now time.Time, rep *ImportReport) *writer {
	return &writer{t: t, ctx: ctx, tx: tx, plan: p, opts: opts, now: now, rep: rep,
		ids: map[int]int64{}, queued: map[int]bool{}, changed: map[int64]bool{}}
}

// run reads the rows of rd and applies those the plan keeps, then links
// the introducers named by a later row.
func (w *writer) run(rd *importer.Reader, prog *progress) error {
	n, err := w.tx.CountContacts(w.ctx)
	if err != nil {
		return err
	}
	// The rows of one file never are the same person (the importer
	// refuses an email or URL seen before), so in a database without
	// contacts no row is one already: the first import of a large file
	// asks nothing.
	w.empty = n == 0
	chunks, done := make(chan chunk, 1), make(chan struct{})
	go w.read(rd, chunks, done)
	defer func() {
		close(done)
		for range chunks { // until read has stopped
		}
	}()
	for c := range chunks {
		if c.err != nil {
			return c.err
		}
		prog.records(c.records, c.read)
		if err := w.apply(c.rows); err != nil {
			return err
		}
		if c.last && (c.good != w.plan.rows || c.sum != w.plan.sum) {
			return errors.New("import: the file changed while it was read: import it again")
		}
	}
	links := make([]store.IntroducerLink, 0, len(w.later))
	for _, l := range w.later {
		links = append(links, store.IntroducerLink{ID: l.id, By: w.ids[l.line]})
	}
	_, err = w.tx.LinkIntroducers(w.ctx, links, w.now)
	return err
}

// chunk is rows for apply, with how far the reading is.
type chunk struct {
	rows    []importer.Row // the good rows the plan keeps
	records int            // records read since the previous chunk
	read    int64          // bytes of the file read
	err     error          // reading failed: the last chunk
	last    bool           // the file is read: good and sum are its rows'
	good    int
	sum     uint64
}

// read reads rd on a goroutine of its own, so that parsing the next rows
// takes the other core while the last ones are written, and sends them in
// chunks to out, which it closes when the file is read, it fails, or done
// is closed.
func (w *writer) read(rd *importer.Reader, out chan<- chunk, done <-chan struct{}) {
	defer close(out)
	var c chunk
	var good int
	var sum uint64
	send := func() bool {
		c.read = rd.Offset()
		select {
		case out <- c:
			c = chunk{}
			return true
		case <-done:
			return false
		}
	}
	for {
		row, _, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			c.err = err
			send()
			return
		}
		c.records++
		if row == nil {
			continue
		}
		good++
		sum += fingerprint(w.plan.seed, row)
		if w.plan.left[row.Line] {
			continue
		}
		if c.rows = append(c.rows, *row); len(c.rows) == chunkRows && !send() {
			return
		}
	}
	c.last, c.good, c.sum = true, good, sum
	send()
}

// apply applies a chunk of rows in file order. The contacts its rows
// name are looked up and read for the whole chunk at once, so that a row
// that changes nothing (a file imported again) costs no query of its own.
func (w *writer) apply(chunk []importer.Row) error {
	var emailIDs, urlIDs map[string]int64
	var existing map[int64]*store.Contact
	if !w.empty {
		var emails, urls []string
		for i := range chunk {
			if chunk[i].Email != "" {
				emails = append(emails, chunk[i].Email)
			}
			if chunk[i].URL != "" {
				urls = append(urls, chunk[i].URL)
			}
		}
		var err error
		if emailIDs, err = w.tx.ContactIDsByEmail(w.ctx, emails); err != nil {
			return err
		}
		if urlIDs, err = w.tx.ContactIDsByURL(w.ctx, urls); err != nil {
			return err
		}
		if existing, err = w.load(emailIDs, urlIDs); err != nil {
			return err
		}
	}
	for i := range chunk {
		row := &chunk[i]
		// As AddContact finds a row's contact: by address, else by URL.
		id := emailIDs[row.Email]
		if id == 0 {
			id = urlIDs[row.URL]
		}
		known := id != 0
		by, later, err := w.introducer(row.Line, known)
		if err != nil {
			return err
		}
		if known {
			err = w.merge(row, by, later, existing[id])
		} else {
			err = w.add(row, by, later)
		}
		if err != nil {
			return fmt.Errorf("line %d: %w", row.Line, err)
		}
		crashpoint.Hit("import-row")
	}
	return w.flush()
}

// load reads the contacts of ids, with their timers and tags.
func (w *writer) load(ids ...map[string]int64) (map[int64]*store.Contact, error) {
	seen := map[int64]bool{}
	var list []int64
	for _, m := range ids {
		for _, id := range m {
			if !seen[id] {
				seen[id] = true
				list = append(list, id)
			}
		}
	}
	out := make(map[int64]*store.Contact, len(list))
	err := w.tx.EachContactOf(w.ctx, list, func(c *store.Contact) error {
		out[c.ID] = c
		return nil
	})
	return out, err
}

// introducer returns the ID of the row's introducer when it is known, or
// else the line of its row: a row further on, or a new contact not stored
// yet (linked at the end). A row that is already a contact waits for its
// introducer to be stored, so that the merge reports it.
func (w *writer) introducer(line int, known bool) (id int64, later int, err error) {
	ref, ok := w.plan.introducers[line]
	switch {
	case !ok:
		return 0, 0, nil
	case ref.id != 0:
		return ref.id, 0, nil
	case known && w.queued[ref.line]:
		if err := w.flush(); err != nil {
			return 0, 0, err
		}
	}
	if id, ok := w.ids[ref.line]; ok {
		return id, 0, nil
	}
	return 0, ref.line, nil
}

// merge applies a row that is already a contact, with AddContact. pre
// is that contact as the chunk began (nil when not read): when the row
// adds nothing to it, and this import has not changed it since, the row
// is unchanged without a query.
func (w *writer) merge(row *importer.Row, by int64, later int, pre *store.Contact) error {
	c := rowContact(row)
	c.IntroducedBy = by
	if pre != nil && !w.changed[pre.ID] {
		probe := *pre
		probe.Tags = slices.Clone(pre.Tags)
		if len(merge(&probe, &c, nil)) == 0 {
			w.merged(row.Line, ImportedRow{Line: row.Line, Action: RowUnchanged, Contact: pre}, later)
			return nil
		}
	}
	added, err := w.t.AddContact(w.ctx, w.tx, AddRequest{Contact: c, Existing: Merge, Source: store.SourceImport,
		Why: why(w.opts.File, row)}, w.now)
	if err != nil {
		return err
	}
	out := ImportedRow{Line: row.Line, Action: RowAdded, Contact: added.Contact, Changed: added.Changed}
	switch {
	case added.New:
	case len(added.Changed) == 0:
		out.Action = RowUnchanged
	default:
		out.Action = RowUpdated
	}
	// What the chunk read of it is out of date.
	w.changed[added.Contact.ID] = true
	w.merged(row.Line, out, later)
	return nil
}

// merged records a row merged into a contact.
func (w *writer) merged(line int, out ImportedRow, later int) {
	w.stored(line, out.Contact.ID)
	if later != 0 {
		w.later = append(w.later, laterLink{id: out.Contact.ID, line: later})
	}
	w.out = append(w.out, out)
}

// add queues a row that is a new contact, as Tracker.Add would store it.
func (w *writer) add(row *importer.Row, by int64, later int) error {
	c := rowContact(row)
	c.IntroducedBy = by
	c.Tags = store.NormalizeTags(c.Tags)
	next, _, err := workflow.Apply(workflow.State{}, workflow.Event{Kind: workflow.EventAdded}, w.now, w.t.policyFor(&c))
	if err != nil {
		return err
	}
	c.State, c.CreatedAt = next, w.now
	// Unlike Tracker.Add, no "introduced by" detail: an introducer not
	// stored yet is linked at the end, and every row is alike.
	e := &store.Entry{At: w.now, Kind: string(workflow.EventAdded), To: next.Status, Why: why(w.opts.File, row),
		Source: store.SourceImport}
	w.waiting = append(w.waiting, waitingRow{line: row.Line, nc: store.NewContact{Contact: &c, Added: e}, intro: later})
	w.queued[row.Line] = true
	w.out = append(w.out, ImportedRow{Line: row.Line, Action: RowAdded, Contact: &c})
	return nil
}

// stored records the contact of a row that introduces another.
func (w *writer) stored(line int, id int64) {
	if w.plan.referenced[line] {
		w.ids[line] = id
	}
}

// flush stores the contacts waiting, then reports the rows done so far.
func (w *writer) flush() error {
	if len(w.waiting) > 0 {
		list := make([]store.NewContact, len(w.waiting))
		for i, r := range w.waiting {
			list[i] = r.nc
		}
		if err := w.tx.InsertContacts(w.ctx, list); err != nil {
			return err
		}
		for _, r := range w.waiting {
			w.stored(r.line, r.nc.Contact.ID)
			if r.intro != 0 {
				w.later = append(w.later, laterLink{id: r.nc.Contact.ID, line: r.intro})
			}
			delete(w.queued, r.line)
		}
		w.waiting = w.waiting[:0]
	}
	for _, o := range w.out {
		switch o.Action {
		case RowAdded:
			w.rep.Added++
		case RowUpdated:
			w.rep.Updated++
		default:
			w.rep.Unchanged++
		}
		if w.opts.OnRow != nil {
			w.opts.OnRow(o)
		}
	}
	w.out = w.out[:0]
	return nil
}
