package importer

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

// utf16LE encodes s as UTF-16 little-endian with a byte-order mark. s must be
// in the Basic Multilingual Plane.
func utf16LE(s string) string {
	b := []byte{0xFF, 0xFE}
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return string(b)
}

func TestParseInputs(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  *Result
	}{{
		name:  "utf-16 with a byte-order mark, as Excel's unicode text",
		input: utf16LE("Name\tEmail\r\nRené Roy\trene@example.fr\r\n"),
		want:  &Result{Format: FormatCSV, Header: []string{"Name", "Email"}, Rows: []Row{{Line: 2, Name: "René Roy", Email: "rene@example.fr"}}},
	}, {
		name:  "old mac line endings",
		input: "Name,Email\rJane,jane@example.com\rSam,sam@example.com\r",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email"}, Rows: []Row{
			{Line: 2, Name: "Jane", Email: "jane@example.com"},
			{Line: 3, Name: "Sam", Email: "sam@example.com"},
		}},
	}, {
		name:  "older linkedin header without URL",
		input: "First Name,Last Name,Email Address,Company,Position,Connected On\nJane,Doe,,Acme,CTO,05 Feb 2019\n",
		want: &Result{Format: FormatLinkedIn, Header: []string{"First Name", "Last Name", "Email Address", "Company", "Position", "Connected On"}, Rows: []Row{
			{Line: 2, Name: "Jane Doe", Company: "Acme", Role: "CTO", Source: "LinkedIn", ConnectedOn: day(2019, 2, 5)},
		}},
	}, {
		name:  "linkedin columns reordered are a generic csv, still reading connected on",
		input: "Email Address,First Name,Last Name,Connected On\n,Jane,Doe,2024-03-12\n",
		want: &Result{Format: FormatCSV, Header: []string{"Email Address", "First Name", "Last Name", "Connected On"}, Rows: []Row{
			{Line: 2, Name: "Jane Doe", ConnectedOn: day(2024, 3, 12)},
		}},
	}, {
		name:  "second column for the same field is ignored with a warning",
		input: "Name,Email,E-mail,\nJane,jane@example.com,other@example.com,\n",
		want: &Result{
			Format:   FormatCSV,
			Header:   []string{"Name", "Email", "E-mail", ""},
			Warnings: []string{`column "E-mail" ignored: column "Email" already gives the email`, "column 4 has no name in the header: ignored"},
			Rows:     []Row{{Line: 2, Name: "Jane", Email: "jane@example.com"}},
		},
	}, {
		name:  "email-only header warns that every row lacks a name",
		input: "Email\njane@example.com\n",
		want: &Result{
			Format:   FormatCSV,
			Header:   []string{"Email"},
			Warnings: []string{`the header has no name column, so every row will be reported as "name is empty": add a "Name" column (or "First Name" and "Last Name")`},
			Problems: []Problem{{Line: 2, Message: "name is empty"}},
		},
	}, {
		name:  "name column preferred over first and last name",
		input: "First Name,Last Name,Name\nJ.,Doe,Jane Doe\nSam,Lee,\n",
		want: &Result{Format: FormatCSV, Header: []string{"First Name", "Last Name", "Name"}, Rows: []Row{
			{Line: 2, Name: "Jane Doe"},
			{Line: 3, Name: "Sam Lee"},
		}},
	}, {
		name:  "spaces around fields and before quotes",
		input: "Name , Email , Notes\n Jane  \t Doe , jane@example.com , \"a, b\"\n",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email", "Notes"}, Rows: []Row{
			{Line: 2, Name: "Jane Doe", Email: "jane@example.com", Notes: "a, b"},
		}},
	}, {
		name:  "blank records are skipped silently",
		input: "Name,Email\n,\n  ,  \n\nJane,\n",
		want:  &Result{Format: FormatCSV, Header: []string{"Name", "Email"}, Rows: []Row{{Line: 5, Name: "Jane"}}},
	}, {
		name:  "Local is not a contact's time zone",
		input: "Name,TZ\nJane,Local\nSam,UTC\n",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "TZ"}, Rows: []Row{{Line: 3, Name: "Sam", TimeZone: "UTC"}}, Problems: []Problem{
			{Line: 2, Column: "TZ", Message: `time zone "Local": unknown (expected an IANA name such as "Europe/Paris" or "America/New_York")`},
		}},
	}, {
		name:  "a duplicate counts against an earlier rejected row",
		input: "Name,Email,TZ\nJane,jane@example.com,Bad/Zone\nJane,Jane@Example.com,\n",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email", "TZ"}, Problems: []Problem{
			{Line: 2, Column: "TZ", Message: `time zone "Bad/Zone": unknown (expected an IANA name such as "Europe/Paris" or "America/New_York")`},
			{Line: 3, Column: "Email", Message: "same email as line 2"},
		}},
	}, {
		name:  "a comma file with semicolons in a value stays a comma file",
		input: "Name,Email,Notes\nJane,jane@example.com,a;b;c;d\n",
		want: &Result{Format: FormatCSV, Header: []string{"Name", "Email", "Notes"}, Rows: []Row{
			{Line: 2, Name: "Jane", Email: "jane@example.com", Notes: "a;b;c;d"},
		}},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Parse(strings.NewReader(tt.input))
			if err != nil {
				t.Fatalf("Parse() error = %v, want nil", err)
			}
			checkResult(t, got, tt.want)
		})
	}
}

func TestParseFatal(t *testing.T) {
	readFile := func(name string) string {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatalf("read fixture: %v", err)
		}
		return string(b)
	}
	tests := []struct {
		name  string
		input string
		want  string // the whole error message
	}{{
		name:  "empty file",
		input: readFile("empty.csv"),
		want:  `importer: the file is empty: export the contacts again, with a header row such as "Name,Email"`,
	}, {
		name:  "only white space",
		input: "\n \r\n\t\n",
		want:  `importer: the file is empty: export the contacts again, with a header row such as "Name,Email"`,
	}, {
		name:  "no recognisable header names the columns found",
		input: readFile("no_header.csv"),
		want:  `importer: no header row with a name or email column (found columns "Phone", "Street", "City"): the header row must have a "Name" column (or "First Name" and "Last Name") or an "Email" column, e.g. "Name,Email,Company"`,
	}, {
		name:  "semicolon file without a header names its columns",
		input: "Phone;Street\n1;2\n",
		want:  `importer: no header row with a name or email column (found columns "Phone", "Street"): the header row must have a "Name" column (or "First Name" and "Last Name") or an "Email" column, e.g. "Name,Email,Company"`,
	}, {
		name:  "header of empty names",
		input: ",,\n",
		want:  `importer: no header row found: the header row must have a "Name" column (or "First Name" and "Last Name") or an "Email" column, e.g. "Name,Email,Company"`,
	}, {
		name:  "many columns are cut short",
		input: "a,b,c,d,e,f,g,h,i,j,k,l\n",
		want:  `importer: no header row with a name or email column (found columns "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", and 2 more): the header row must have a "Name" column (or "First Name" and "Last Name") or an "Email" column, e.g. "Name,Email,Company"`,
	}, {
		name:  "excel workbook",
		input: "PK\x03\x04\x14\x00\x06\x00",
		want:  `importer: the file is a zip archive (an Excel .xlsx workbook?), not CSV: save it as "CSV UTF-8" and import that file`,
	}, {
		name:  "NUL bytes",
		input: "N\x00a\x00m\x00e\x00",
		want:  `importer: the file contains NUL bytes, so it is not CSV text (UTF-16 without a byte-order mark, or a binary file?): save it as "CSV UTF-8" and import that file`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse(strings.NewReader(tt.input))
			if err == nil || err.Error() != tt.want {
				t.Fatalf("Parse() = %v, %v, want error %q", res, err, tt.want)
			}
			if res != nil {
				t.Fatalf("Parse() = %v, want nil Result with the error", res)
			}
		})
	}
}

func TestParseReadError(t *testing.T) {
	boom := errors.New("boom")
	_, err := Parse(iotest.ErrReader(boom))
	if !errors.Is(err, boom) {
		t.Fatalf("Parse() error = %v, want it to wrap %v", err, boom)
	}
}
