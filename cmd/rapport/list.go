package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rapport-mail/rapport/contacts"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"

	"github.com/spf13/pflag"
)

type listFlags struct {
	status, stage, tag, sort string
	asJSON                   bool
	limit                    int
}

func (f *listFlags) bind(fs *pflag.FlagSet) {
	fs.StringVar(&f.status, "status", "", "only contacts in this `STATUS`, e.g. new, requested, met")
	fs.StringVar(&f.stage, "stage", "", "only contacts in this `STAGE`: identify, arrange, follow-up or closed")
	fs.StringVar(&f.tag, "tag", "", "only contacts with this `TAG`")
	fs.StringVar(&f.sort, "sort", "", "order by `KEY`: name, status, next or added (default: by #id)")
	fs.IntVar(&f.limit, "limit", 0, "show the first `N` contacts only")
	fs.BoolVar(&f.asJSON, "json", false, "print JSON for scripts")
}

// runList prints the contacts as a table or as JSON, as it reads them:
// its memory does not grow with the database. Everything is read in one
// read transaction, so that the pass that sizes the table's columns and
// the one that prints it see the same contacts.
func runList(ctx context.Context, a *app, f *listFlags, rest []string) error {
	if len(rest) > 0 {
		return usagef("unexpected argument %q", rest[0])
	}
	if err := checkListOrder(f.sort, f.limit); err != nil {
		return err
	}
	var err error
	opts := store.ListOptions{Tag: f.tag}
	if f.status != "" {
		if opts.Status, err = workflow.ParseStatus(f.status); err != nil {
			return usagef("--status: %v", err)
		}
	}
	if f.stage != "" {
		if opts.Stage, err = workflow.ParseStage(f.stage); err != nil {
			return usagef("--stage: %v", err)
		}
	}
	return withSession(ctx, a, func(s *session) error {
		return s.store.WithReadTx(ctx, func(tx *store.Tx) error {
			out := bufio.NewWriter(a.stdout)
			if err := listContacts(ctx, a, s, tx, opts, f, out); err != nil {
				return err
			}
			return out.Flush()
		})
	})
}

func listContacts(ctx context.Context, a *app, s *session, tx *store.Tx, opts store.ListOptions, f *listFlags, out io.Writer) error {
	if f.limit > 0 {
		total, err := tx.CountMatching(ctx, opts)
		if err != nil {
			return err
		}
		if total > f.limit {
			fmt.Fprintf(a.stderr, "showing %d of %d contacts (--limit %d)\n", f.limit, total, f.limit)
		}
	}
	// each calls fn with the contacts to show, in order; widths are their
	// cells' (without the header).
	var each func(fn func(c *store.Contact) error) error
	var widths cellWidths
	count := 0
	if order, ok := sqlOrder(f.sort); ok {
		opts.Order, opts.Limit = order, f.limit
		each = func(fn func(c *store.Contact) error) error { return tx.EachContact(ctx, opts, fn) }
		if !f.asJSON {
			err := tx.EachContactHead(ctx, opts, func(h store.ContactHead) error {
				widths = widths.max(widthsOf(h.ID, h.Name, h.Company, h.Status))
				count++
				return nil
			})
			if err != nil {
				return err
			}
		}
	} else {
		keys, err := orderByNext(ctx, tx, opts, f.limit)
		if err != nil {
			return err
		}
		ids := make([]int64, len(keys))
		for i, k := range keys {
			ids[i] = k.id
			widths = widths.max(k.widths)
		}
		count = len(keys)
		each = func(fn func(c *store.Contact) error) error { return tx.EachContactOf(ctx, ids, fn) }
	}
	if f.asJSON {
		return writeJSONArray(out, func(elem func(v any) error) error {
			return each(func(c *store.Contact) error { return elem(contacts.NewRecord(c, nil)) })
		})
	}
	if count == 0 {
		fmt.Fprintln(a.stderr, "no contacts (add one with rapport add or rapport import)")
		return nil
	}
	widths = widths.max(cellWidths{len("ID"), len("NAME"), len("COMPANY"), len("STATUS")})
	widths.row(out, [4]string{"ID", "NAME", "COMPANY", "STATUS"}, "NEXT")
	return each(func(c *store.Contact) error {
		widths.row(out, listCells(c.ID, c.Name, c.Company, c.State.Status), nextText(c, s.zone))
		return nil
	})
}

// listCells are the first four cells of a contact's row: every column
// but the last (NEXT), which is never padded.
func listCells(id int64, name, company string, status workflow.Status) [4]string {
	return [4]string{"#" + strconv.FormatInt(id, 10), oneLine(name, 28), oneLine(company, 20), status.Label()}
}

// cellWidths are the widths in runes of the padded columns of list's
// table.
type cellWidths [4]int

func widthsOf(id int64, name, company string, status workflow.Status) cellWidths {
	var w cellWidths
	for i, cell := range listCells(id, name, company, status) {
		w[i] = utf8.RuneCountInString(cell)
	}
	return w
}

func (w cellWidths) max(o cellWidths) cellWidths {
	for i := range w {
		w[i] = max(w[i], o[i])
	}
	return w
}

// row writes one line of the table as text/tabwriter did with the same
// cells (padding 2, spaces, one rune one column): each padded cell is
// filled with spaces to its column's widest cell and two more; the last
// is written as it is.
func (w cellWidths) row(out io.Writer, cells [4]string, last string) {
	var b strings.Builder
	for i, cell := range cells {
		b.WriteString(cell)
		b.WriteString(strings.Repeat(" ", w[i]+2-utf8.RuneCountInString(cell)))
	}
	b.WriteString(last)
	b.WriteByte('\n')
	io.WriteString(out, b.String())
}

// writeJSONArray writes, as writeJSON writes a slice, the array of the
// values each hands to elem, one by one as they come.
func writeJSONArray(w io.Writer, each func(elem func(v any) error) error) error {
	n := 0
	err := each(func(v any) error {
		js, err := json.MarshalIndent(v, "  ", "  ")
		if err != nil {
			return err
		}
		sep := ",\n  "
		if n == 0 {
			sep = "[\n  "
		}
		n++
		if _, err := io.WriteString(w, sep); err != nil {
			return err
		}
		_, err = w.Write(js)
		return err
	})
	if err != nil {
		return err
	}
	end := "\n]\n"
	if n == 0 {
		end = "[]\n"
	}
	_, err = io.WriteString(w, end)
	return err
}
