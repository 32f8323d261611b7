package importer

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"
	_ "time/tzdata" // time zone checks must not depend on the machine running the tests
)

// parseFile parses testdata/name and fails the test on a fatal error.
func parseFile(t *testing.T, name string) *Result {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("open fixture: %v", err)
	}
	defer f.Close()
	res, err := Parse(f)
	if err != nil {
		t.Fatalf("Parse(%s) error = %v, want nil", name, err)
	}
	return res
}

// checkResult compares got with want part by part, so a failure shows the part
// that differs.
func checkResult(t *testing.T, got, want *Result) {
	t.Helper()
	if got.Format != want.Format {
		t.Errorf("Parse() Format = %q, want %q", got.Format, want.Format)
	}
	if !reflect.DeepEqual(got.Header, want.Header) {
		t.Errorf("Parse() Header = %q, want %q", got.Header, want.Header)
	}
	if !reflect.DeepEqual(got.Warnings, want.Warnings) {
		t.Errorf("Parse() Warnings = %q, want %q", got.Warnings, want.Warnings)
	}
	if len(got.Rows) != len(want.Rows) {
		t.Errorf("Parse() has %d rows, want %d: %+v", len(got.Rows), len(want.Rows), got.Rows)
	}
	for i := range min(len(got.Rows), len(want.Rows)) {
		if !reflect.DeepEqual(got.Rows[i], want.Rows[i]) {
			t.Errorf("Parse() Rows[%d] = %+v, want %+v", i, got.Rows[i], want.Rows[i])
		}
	}
	if len(got.Problems) != len(want.Problems) {
		t.Errorf("Parse() has %d problems, want %d: %#v", len(got.Problems), len(want.Problems), got.Problems)
	}
	for i := range min(len(got.Problems), len(want.Problems)) {
		if got.Problems[i] != want.Problems[i] {
			t.Errorf("Parse() Problems[%d] = %#v, want %#v", i, got.Problems[i], want.Problems[i])
		}
	}
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestParseFixtures(t *testing.T) {
	linkedin := []string{"First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"}
	tests := []struct {
		name string
		file string
		want *Result
	}{{
		name: "linkedin export with notes before the header",
		file: "linkedin.csv",
		want: &Result{Format: FormatLinkedIn, Header: linkedin, Rows: []Row{
			{Line: 5, Name: "Jane Doe", Email: "jane@acme.example", Company: "Acme", Role: "Staff Engineer", Source: "LinkedIn", URL: "https://www.linkedin.com/in/janedoe", ConnectedOn: day(2024, time.March, 12)},
			{Line: 6, Name: "Sam Lee", Company: "Globex", Role: "Designer", Source: "LinkedIn", URL: "https://www.linkedin.com/in/samlee", ConnectedOn: day(2023, time.January, 1)},
			{Line: 7, Name: "Ana María de la Cruz", Company: "Initech, Inc.", Role: "Head of Research", Source: "LinkedIn", URL: "https://www.linkedin.com/in/anadelacruz", ConnectedOn: day(2024, time.March, 12)},
		}, Problems: []Problem{
			{Line: 8, Column: "Connected On", Message: `connected on "March 12th": not a date (expected a date like "12 Mar 2024" or "2024-03-12")`},
		}},
	}, {
		name: "linkedin export with a multi-line quoted note and a duplicate URL",
		file: "linkedin_multiline_notes.csv",
		want: &Result{Format: FormatLinkedIn, Header: linkedin, Rows: []Row{
			{Line: 8, Name: "Jane Doe", Company: "Acme", Role: "Staff Engineer", Source: "LinkedIn", URL: "https://www.linkedin.com/in/janedoe", ConnectedOn: day(2024, time.March, 12)},
			{Line: 9, Name: "Sam Lee", Company: "Globex", Role: "Designer", Source: "LinkedIn", URL: "https://www.linkedin.com/in/samlee/", ConnectedOn: day(2023, time.January, 1)},
		}, Problems: []Problem{
			{Line: 10, Column: "URL", Message: "same URL as line 9"},
		}},
	}, {
		name: "generic csv with aliases, tags and an unknown column",
		file: "generic.csv",
		want: &Result{
			Format:   FormatCSV,
			Header:   []string{"Full Name", "E-mail", "Organisation", "Job Title", "Industry", "How Found", "Referred_By", "TZ", "Note", "Tags", "LinkedIn URL", "Phone"},
			Warnings: []string{`column "Phone" ignored`},
			Rows: []Row{{
				Line: 2, Name: "Ada Lovelace", Email: "ada@analytical.example", Company: "Analytical Engines",
				Role: "Programmer", Field: "Computing", Source: "Conference", IntroducedBy: "Charles Babbage",
				TimeZone: "Europe/London", Notes: "Met at the Difference Engine demo",
				Tags: []string{"climate", "energy"}, URL: "https://www.linkedin.com/in/ada",
			}, {
				Line: 3, Name: "Grace Hopper", Email: "Grace.Hopper@navy.example", Company: "US Navy",
				Role: "Rear Admiral", Field: "Defence",
			}},
		},
	}, {
		name: "semicolon delimiter with first and last name",
		file: "semicolon.csv",
		want: &Result{Format: FormatCSV, Header: []string{"First Name", "Last Name", "Email", "Company", "Position", "Tags"}, Rows: []Row{
			{Line: 2, Name: "José García", Email: "jose@example.es", Company: "Acme, Inc.", Role: "CTO", Tags: []string{"a", "b"}},
			{Line: 3, Name: "Marie Curie", Company: "Institut; Radium", Role: "Director"},
		}},
	}, {
		name: "tab delimiter keeps empty fields",
		file: "tab.tsv",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email", "Company", "Notes"}, Rows: []Row{
			{Line: 2, Name: "Lin Wei", Email: "lin@example.cn", Notes: "likes tea"},
			{Line: 3, Name: "Omar Haddad", Company: "SoftCo"},
		}},
	}, {
		name: "windows-1252 bytes are decoded with a warning",
		file: "windows1252.csv",
		want: &Result{
			Format:   FormatCSV,
			Header:   []string{"Name", "Email", "Company"},
			Warnings: []string{`2 lines are not valid UTF-8 (the first is line 2), so they were read as Windows-1252: check their accented names, or save the file as "CSV UTF-8"`},
			Rows: []Row{
				{Line: 2, Name: "José García", Email: "jose@example.es", Company: "Café Olé"},
				{Line: 3, Name: "Françoise Müller", Email: "francoise@example.fr", Company: "€ Bank"},
			},
		},
	}, {
		name: "crlf line endings, in and between records",
		file: "crlf.csv",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email", "Notes"}, Rows: []Row{
			{Line: 2, Name: "Jane Doe", Email: "jane@example.com", Notes: "line one\nline two"},
			{Line: 4, Name: "Sam Lee", Email: "sam@example.com"},
			{Line: 6, Name: "Bo", Email: "bo@example.com", Notes: "last"},
		}},
	}, {
		name: "multi-line quoted notes keep later line numbers right",
		file: "multiline_notes.csv",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email", "Notes"}, Rows: []Row{
			{Line: 2, Name: "Jane Doe", Email: "jane@example.com", Notes: "Met at PyCon.\nSaid: \"call me in May\".\n\nFollow up about the job."},
			{Line: 8, Name: "Bo Chen", Email: "bo@example.com", Notes: "short"},
		}, Problems: []Problem{
			{Line: 6, Column: "Email", Message: `email "bad@": not a valid address (expected name@domain)`},
		}},
	}, {
		name: "utf-8 byte-order mark is dropped",
		file: "bom.csv",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email"}, Rows: []Row{
			{Line: 2, Name: "Jane Doe", Email: "jane@example.com"},
		}},
	}, {
		name: "header only gives no rows and no error",
		file: "header_only.csv",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email", "Company"}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResult(t, parseFile(t, tt.file), tt.want)
		})
	}
}
