package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// bigFile returns a file of n plain rows after a header, each line 40-odd
// bytes long, with extra inserted as the text of row at.
func bigFile(n, at int, extra string) string {
	var b strings.Builder
	b.WriteString("Name,Email,Notes\n")
	for i := range n {
		if i == at {
			b.WriteString(extra)
		}
		fmt.Fprintf(&b, "Person %d,person%d@example.com,fine\n", i, i)
	}
	return b.String()
}

// A Reader hands out the first records long before it has read a large
// file, and still finds every record.
func TestReaderStreams(t *testing.T) {
	const rows = 100_000 // about 4 MiB
	in := bigFile(rows, -1, "")
	rd, err := NewReader(strings.NewReader(in))
	if err != nil {
		t.Fatalf("NewReader() error = %v", err)
	}
	row, problems, err := rd.Read()
	if err != nil || row == nil || row.Name != "Person 0" || len(problems) > 0 {
		t.Fatalf("first Read() = %+v, %v, %v; want Person 0", row, problems, err)
	}
	if off := rd.Offset(); off >= int64(len(in)) || off > 2*headMax {
		t.Errorf("Offset() after the first record = %d of %d bytes; want the file read a block at a time", off, len(in))
	}
	n := 1
	for {
		row, problems, err := rd.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil || row == nil || len(problems) > 0 {
			t.Fatalf("Read() = %+v, %v, %v after %d rows", row, problems, err, n)
		}
		if want := n + 2; row.Line != want {
			t.Fatalf("row %d on line %d, want %d", n, row.Line, want)
		}
		n++
	}
	if n != rows || rd.Offset() != int64(len(in)) {
		t.Errorf("read %d rows and %d bytes, want %d and %d", n, rd.Offset(), rows, len(in))
	}
}

// Reading again after a quote that swallowed lines works far into a file,
// past what NewReader reads ahead, and whatever sizes the reads come in.
func TestReaderQuoteFarIntoTheFile(t *testing.T) {
	const rows = 40_000 // about 1.5 MiB: past the header's read-ahead
	at := rows - 100
	tests := []struct {
		name, extra string
		problem     string
		rows        int // how many rows are read
	}{
		{"a quote never closed", "Bad Row,bad@example.com,\"never closed\n", `a quoted field starting on this line is never closed`, rows},
		{"a quote closed on the next line", "Bad Row,bad@example.com,\"two\nlines\"x\n", "a quoted field starting on this line runs to line", rows},
	}
	for _, tt := range tests {
		for _, wrap := range []struct {
			name string
			r    func(io.Reader) io.Reader
		}{{"whole", func(r io.Reader) io.Reader { return r }}, {"one byte at a time", iotest.OneByteReader}} {
			t.Run(tt.name+"/"+wrap.name, func(t *testing.T) {
				res, err := Parse(wrap.r(strings.NewReader(bigFile(rows, at, tt.extra))))
				if err != nil {
					t.Fatalf("Parse() error = %v", err)
				}
				if len(res.Problems) == 0 || res.Problems[0].Line != at+2 || !strings.HasPrefix(res.Problems[0].Message, tt.problem) {
					t.Fatalf("Parse() problems = %v, want line %d: %s…", res.Problems, at+2, tt.problem)
				}
				if len(res.Rows) != tt.rows {
					t.Fatalf("Parse() read %d rows, want %d", len(res.Rows), tt.rows)
				}
				if last := res.Rows[len(res.Rows)-1]; last.Name != fmt.Sprintf("Person %d", rows-1) {
					t.Errorf("last row = %+v, want Person %d", last, rows-1)
				}
			})
		}
	}
}

// Every fixture reads the same whether the bytes come whole, one at a
// time, or in halves.
func TestParseFixturesAnyReadSize(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.*sv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		want, wantErr := Parse(bytes.NewReader(b))
		for _, r := range []io.Reader{iotest.OneByteReader(bytes.NewReader(b)), iotest.HalfReader(bytes.NewReader(b))} {
			got, err := Parse(r)
			if fmt.Sprint(err) != fmt.Sprint(wantErr) || !reflect.DeepEqual(got, want) {
				t.Errorf("Parse(%s) by small reads = %+v, %v\nwant %+v, %v", name, got, err, want, wantErr)
			}
		}
	}
}

func TestReaderFailsMidFile(t *testing.T) {
	boom := errors.New("disk gone")
	tests := []struct {
		name string
		r    io.Reader
		want string
	}{
		{"NUL bytes past the start", strings.NewReader(bigFile(60_000, 50_000, "Bad\x00Row,x@example.com,\n")), "importer: the file contains NUL bytes"},
		{"a read failure", io.MultiReader(strings.NewReader(bigFile(60_000, -1, "")), iotest.ErrReader(boom)), "importer: read contacts: disk gone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse(tt.r)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || res != nil {
				t.Fatalf("Parse() = %v, %v; want no result and an error starting %q", res != nil, err, tt.want)
			}
		})
	}
}

// A line that is not UTF-8 is read as Windows-1252; the others keep their
// UTF-8 accents.
func TestWindows1252LineByLine(t *testing.T) {
	in := "Name,Company\nJosé García,Café\nFran\xe7oise M\xfcller,\x80 Bank\nZoë Ödegaard,Straße\n"
	res, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, res, &Result{Format: FormatCSV, Header: []string{"Name", "Company"},
		Warnings: []string{`line 3 is not valid UTF-8, so it was read as Windows-1252: check its accented names, or save the file as "CSV UTF-8"`},
		Rows: []Row{
			{Line: 2, Name: "José García", Company: "Café"},
			{Line: 3, Name: "Françoise Müller", Company: "€ Bank"},
			{Line: 4, Name: "Zoë Ödegaard", Company: "Straße"},
		}})
}
