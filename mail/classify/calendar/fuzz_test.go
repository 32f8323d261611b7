package calendar

import (
	"os"
	"path/filepath"
	"testing"
)

// FuzzParse checks that Parse never panics and that what it returns holds
// together: an event or an error, never both or neither.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.ics"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("BEGIN:VEVENT\nATTENDEE;CN=\"a\"b:mailto:x@y\nX;A=b\nDTSTART;TZID=\"\":20260101T000000\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := Parse(data)
		if (ev == nil) == (err == nil) {
			t.Fatalf("Parse() = %v, %v: want exactly one of event and error", ev, err)
		}
	})
}
