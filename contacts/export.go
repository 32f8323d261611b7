package contacts

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-mail/rapport/contacts/importer"
	"github.com/rapport-mail/rapport/store"
	"github.com/rapport-mail/rapport/workflow"
)

// Record is a contact as scripts and files see it: rapport list --json,
// show --json and export --format json. Times are RFC 3339 in UTC. Its
// JSON names are a promise to the owner's scripts: add fields, never
// rename one.
type Record struct {
	ID           int64                `json:"id"`
	Name         string               `json:"name"`
	Email        string               `json:"email,omitempty"`
	Company      string               `json:"company,omitempty"`
	Role         string               `json:"role,omitempty"`
	Field        string               `json:"field,omitempty"`
	Source       string               `json:"source,omitempty"`
	URL          string               `json:"url,omitempty"`
	IntroducedBy int64                `json:"introduced_by,omitempty"`
	TimeZone     string               `json:"time_zone,omitempty"`
	Notes        string               `json:"notes,omitempty"`
	Tags         []string             `json:"tags,omitempty"`
	Status       workflow.Status      `json:"status"`
	Stage        workflow.Stage       `json:"stage"`
	PausedFrom   workflow.Status      `json:"paused_from,omitempty"`
	Nudges       int                  `json:"nudges,omitempty"`
	Tier         workflow.Tier        `json:"tier,omitempty"` // the keep-in-touch tier, A to D; absent for none
	Meeting      *RecordMeeting       `json:"meeting,omitempty"`
	NextAction   string               `json:"next_action,omitempty"`
	NextActionAt *time.Time           `json:"next_action_at,omitempty"`
	Timers       map[string]time.Time `json:"timers,omitempty"`
	CreatedAt    time.Time            `json:"created_at"`
	UpdatedAt    time.Time            `json:"updated_at"`
	History      []RecordEntry        `json:"history,omitempty"`
}

// RecordMeeting is a Record's meeting.
type RecordMeeting struct {
	Start time.Time `json:"start"`
	End   time.Time `json:"end"`
	Place string    `json:"place,omitempty"`
}

// RecordEntry is an entry of a Record's history.
type RecordEntry struct {
	At        time.Time       `json:"at"`
	Kind      string          `json:"kind"`
	From      workflow.Status `json:"from,omitempty"`
	To        workflow.Status `json:"to,omitempty"`
	Why       string          `json:"why,omitempty"`
	Detail    string          `json:"detail,omitempty"`
	MessageID string          `json:"message_id,omitempty"`
	Source    string          `json:"source,omitempty"`
}

// NewRecord returns c as a Record, with history (nil to leave it out).
func NewRecord(c *store.Contact, history []store.Entry) Record {
	s := c.State
	r := Record{
		ID: c.ID, Name: c.Name, Email: c.Email, Company: c.Company, Role: c.Role, Field: c.Field,
		Source: c.Source, URL: c.URL, IntroducedBy: c.IntroducedBy, TimeZone: c.TimeZone,
		Notes: c.Notes, Tags: c.Tags, Status: s.Status, Stage: s.Status.Stage(),
		PausedFrom: s.PausedFrom, Nudges: s.Nudges, Tier: s.Tier, CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(),
	}
	if m := s.Meeting; m != nil {
		r.Meeting = &RecordMeeting{Start: m.Start.UTC(), End: m.End.UTC(), Place: m.Place}
	}
	if n := s.Next(); n.What != "" {
		r.NextAction = n.What
		if !n.At.IsZero() {
			at := n.At.UTC()
			r.NextActionAt = &at
		}
	}
	for k, at := range s.Timers {
		if r.Timers == nil {
			r.Timers = map[string]time.Time{}
		}
		r.Timers[string(k)] = at.UTC()
	}
	for _, e := range history {
		r.History = append(r.History, RecordEntry{At: e.At.UTC(), Kind: e.Kind, From: e.From, To: e.To,
			Why: e.Why, Detail: e.Detail, MessageID: e.MessageID, Source: e.Source})
	}
	return r
}

// WriteCSV writes list to w as a CSV file that rapport import reads back
// as it was (see CSVWriter), the introducers named from list.
func WriteCSV(w io.Writer, list []store.Contact) error {
	emails := make(map[int64]string, len(list))
	for _, c := range list {
		emails[c.ID] = c.Email
	}
	cw := NewCSVWriter(w, emails)
	for i := range list {
		cw.Write(&list[i])
	}
	return cw.Flush()
}

// CSVWriter writes contacts one by one as a CSV file that rapport import
// reads back as it was: a header row (importer.ExportColumns), then one
// row per contact. An introducer is named by their address, which
// identifies them in another database, else as #ID. Times are RFC 3339 in
// UTC. A cell a spreadsheet would take for a formula (a name from a mail
// header such as "=HYPERLINK(…)") is written as text with a quote in
// front (importer.Neutralize); the import of the file takes it off again.
type CSVWriter struct {
	cw     *csv.Writer
	emails map[int64]string
}

// NewCSVWriter writes the header row to w and returns the writer of the
// rows. introducers maps each introducer's ID to their address (see
// store.Tx.IntroducerEmails); one missing or without an address is
// named as #ID.
func NewCSVWriter(w io.Writer, introducers map[int64]string) *CSVWriter {
	cw := csv.NewWriter(w)
	cw.Write(importer.ExportColumns())
	return &CSVWriter{cw: cw, emails: introducers}
}

// Write writes c's row (buffered: Flush writes out the rest and reports
// the first error).
func (w *CSVWriter) Write(c *store.Contact) error {
	const stamp = "2006-01-02T15:04:05Z"
	introducer := ""
	if c.IntroducedBy != 0 {
		if introducer = w.emails[c.IntroducedBy]; introducer == "" {
			introducer = "#" + strconv.FormatInt(c.IntroducedBy, 10)
		}
	}
	next, nextAt := "", ""
	if n := c.State.Next(); n.What != "" {
		next = n.What
		if !n.At.IsZero() {
			nextAt = n.At.UTC().Format(stamp)
		}
	}
	cells := []string{strconv.FormatInt(c.ID, 10), c.Name, c.Email, c.Company, c.Role, c.Field,
		c.Source, c.URL, introducer, c.TimeZone, strings.Join(c.Tags, ", "), string(c.State.Status),
		string(c.State.Status.Stage()), next, nextAt, c.Notes, c.CreatedAt.UTC().Format(stamp)}
	for i := range cells {
		cells[i] = importer.Neutralize(cells[i])
	}
	return w.cw.Write(cells)
}

// Flush writes what is buffered and returns the first error of any
// write.
func (w *CSVWriter) Flush() error {
	w.cw.Flush()
	return w.cw.Error()
}
