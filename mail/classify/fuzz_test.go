package classify

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds Parse and ParseHeader arbitrary bytes: they must not
// panic, must return a message whose Kind is one of the constants, and
// every string in it must be valid UTF-8.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatalf("read seed: %v", err)
		}
		f.Add(raw)
	}
	f.Add([]byte("Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/mixed; boundary=a\n\n--a\n"))
	f.Add([]byte("Subject: =?utf-8?b?broken\n\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkValid(t, Parse(raw))
		checkValid(t, ParseHeader(raw))
	})
}

// checkValid fails when m is nil, has an unknown Kind, or holds a string
// that is not valid UTF-8 anywhere in it.
func checkValid(t *testing.T, m *Message) {
	t.Helper()
	if m == nil {
		t.Fatal("got a nil *Message")
	}
	switch m.Kind {
	case KindBounce, KindAutoReply, KindCalendar, KindForward, KindBulk, KindPersonal, KindMalformed:
	default:
		t.Fatalf("Kind = %q, not one of the constants", m.Kind)
	}
	if m.Kind == KindMalformed && m.Reason == "" {
		t.Fatal("malformed without a Reason")
	}
	walkStrings(reflect.ValueOf(m), "Message", func(path, s string) {
		if !utf8.ValidString(s) {
			t.Fatalf("%s = %q is not valid UTF-8", path, s)
		}
	})
}

func walkStrings(v reflect.Value, path string, visit func(path, s string)) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			walkStrings(v.Elem(), path, visit)
		}
	case reflect.String:
		visit(path, v.String())
	case reflect.Struct:
		if v.Type().PkgPath() == "time" {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				walkStrings(v.Field(i), path+"."+v.Type().Field(i).Name, visit)
			}
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkStrings(v.Index(i), path+"[]", visit)
		}
	}
}
