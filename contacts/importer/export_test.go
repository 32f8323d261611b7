package importer

import (
	"strings"
	"testing"
)

func TestNeutralize(t *testing.T) {
	tests := []struct {
		name, cell, want string
	}{
		{"formula", "=HYPERLINK(\"http://x.example\",\"click\")", "'=HYPERLINK(\"http://x.example\",\"click\")"},
		{"dde command", "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"},
		{"plus", "+SUM(1)", "'+SUM(1)"},
		{"minus", "-2+3", "'-2+3"},
		{"at", "@foo", "'@foo"},
		{"tab", "\t=1+1", "'\t=1+1"},
		{"carriage return", "\r=1+1", "'\r=1+1"},
		{"plain text", "Jane Doe", "Jane Doe"},
		{"a formula sign inside", "a=b+c", "a=b+c"},
		{"empty", "", ""},
		{"a quote of its own", "'quoted'", "'quoted'"},
		{"a quote of its own before a formula", "'=1", "''=1"},
		{"quotes of its own before a formula", "''@x", "'" + "''@x"},
		{"only quotes", "''", "''"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Neutralize(tt.cell)
			if got != tt.want {
				t.Fatalf("Neutralize(%q) = %q, want %q", tt.cell, got, tt.want)
			}
			if back := restore(got); back != tt.cell {
				t.Fatalf("restore(Neutralize(%q)) = %q, want it back", tt.cell, back)
			}
		})
	}
}

// A cell rapport's export quoted reads back as it was; the same cell in
// any other file keeps its quote: it is the text's.
func TestNeutralizedCellsReadBack(t *testing.T) {
	row := `1,"'=HYPERLINK(""x"")",'@eve@example.com,'+Co,'-1,,,,,,"'=a, b",new,identify,,,"'=cmd|' /C calc'!A0",2026-11-23T10:00:00Z`
	tests := []struct {
		name, header string
		format       string
		want         Row
	}{
		{"rapport export", strings.Join(ExportColumns(), ","), FormatRapport,
			Row{Line: 2, Name: `=HYPERLINK("x")`, Company: "+Co", Role: "-1", Tags: []string{"=a", "b"}, Notes: "=cmd|' /C calc'!A0"}},
		{"another file", "ID,Name,E,Company,Role,f,s,u,i,t,Tags,st,sg,na,naa,Notes,c", FormatCSV,
			Row{Line: 2, Name: `'=HYPERLINK("x")`, Company: "'+Co", Role: "'-1", Tags: []string{"'=a", "b"}, Notes: "'=cmd|' /C calc'!A0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.header + "\n" + strings.Replace(row, `'@eve@example.com`, "", 1) + "\n"
			res, err := Parse(strings.NewReader(in))
			if err != nil {
				t.Fatal(err)
			}
			if res.Format != tt.format || len(res.Rows) != 1 {
				t.Fatalf("Parse() = format %q, rows %+v, problems %v; want %q and one row", res.Format, res.Rows, res.Problems, tt.format)
			}
			got := res.Rows[0]
			if got.Name != tt.want.Name || got.Company != tt.want.Company || got.Role != tt.want.Role ||
				got.Notes != tt.want.Notes || strings.Join(got.Tags, "|") != strings.Join(tt.want.Tags, "|") {
				t.Errorf("Parse() row = %+v\nwant %+v", got, tt.want)
			}
			if tt.format == FormatRapport && len(res.Warnings) > 0 {
				t.Errorf("Parse() of an export warns %q; want its own columns ignored silently", res.Warnings)
			}
		})
	}
}
