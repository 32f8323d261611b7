package importer

import "testing"

func TestParseProblems(t *testing.T) {
	const (
		quoteAll = `put quotes around the whole field and double every " inside it, like "say ""hi"""`
		double   = `double every " inside a quoted field, like "say ""hi"""`
	)
	tests := []struct {
		name string
		file string
		want *Result
	}{{
		name: "bad rows are reported with their line and left out",
		file: "bad_rows.csv",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email", "Time Zone", "URL"}, Rows: []Row{
			{Line: 2, Name: "Jane Doe", Email: "jane@acme.example", TimeZone: "Europe/Paris", URL: "https://example.com/in/jane"},
			{Line: 16, Name: "Ok Last", Email: "last@example.com", TimeZone: "America/New_York"},
		}, Problems: []Problem{
			{Line: 3, Column: "Email", Message: `email "jane@": not a valid address (expected name@domain)`},
			{Line: 4, Column: "Email", Message: "same email as line 2"},
			{Line: 5, Column: "Time Zone", Message: `time zone "Mars/Olympus": unknown (expected an IANA name such as "Europe/Paris" or "America/New_York")`},
			{Line: 6, Message: "5 fields but the header has 4: put quotes around values that contain a comma"},
			{Line: 7, Column: "Name", Message: "name is empty"},
			{Line: 9, Message: "2 fields but the header has 4: add the missing commas (empty values need them too)"},
			{Line: 10, Message: "nothing to identify the contact: name and email are both empty"},
			{Line: 11, Column: "URL", Message: "same URL as line 2"},
			{Line: 12, Column: "Email", Message: `email "bad@": not a valid address (expected name@domain)`},
			{Line: 12, Column: "Time Zone", Message: `time zone "Nowhere/Zone": unknown (expected an IANA name such as "Europe/Paris" or "America/New_York")`},
			{Line: 13, Message: `a " inside an unquoted field (character 6): ` + quoteAll},
			{Line: 14, Column: "Email", Message: `email "Kim <kim@example.com>": not a valid address (expected name@domain)`},
			{Line: 15, Column: "Email", Message: `email "kim@gmail": not a valid address (expected name@domain)`},
		}},
	}, {
		name: "a quote closed lines later costs one record, not the rows it swallowed",
		file: "unclosed_quote.csv",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email", "Notes"}, Rows: []Row{
			{Line: 3, Name: "Sam Lee", Email: "sam@example.com", Notes: "fine"},
			{Line: 5, Name: "Ann Lee", Email: "ann@example.com", Notes: "fine"},
		}, Problems: []Problem{
			{Line: 2, Message: `a quoted field starting on this line runs to line 4, where a " is misplaced (character 24): close the field where it should end, and ` + double + ` (the lines after this one were read again as rows)`},
			{Line: 4, Message: `a " inside a quoted field (character 27): ` + double},
		}},
	}, {
		name: "a quote never closed costs one record",
		file: "unclosed_eof.csv",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email", "Notes"}, Rows: []Row{
			{Line: 2, Name: "Jane Doe", Email: "jane@example.com", Notes: "fine"},
			{Line: 4, Name: "Bo Chen", Email: "bo@example.com", Notes: "fine"},
		}, Problems: []Problem{
			{Line: 3, Message: `a quoted field starting on this line is never closed: add the missing closing " (the lines after it were read again as rows)`},
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkResult(t, parseFile(t, tt.file), tt.want)
		})
	}
}

func TestProblemError(t *testing.T) {
	p := Problem{Line: 7, Column: "Email", Message: `email "jane@": not a valid address (expected name@domain)`}
	want := `line 7: email "jane@": not a valid address (expected name@domain)`
	if got := p.Error(); got != want {
		t.Fatalf("Problem.Error() = %q, want %q", got, want)
	}
}
