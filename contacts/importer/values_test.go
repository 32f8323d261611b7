package importer

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestNormalizeEmail(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"plain", "jane@example.com", "jane@example.com", true},
		{"domain lower-cased, local part kept", "Jane.Doe@Example.COM", "Jane.Doe@example.com", true},
		{"plus address", "jane+intro@example.com", "jane+intro@example.com", true},
		{"quoted local part", `"jane doe"@example.com`, "", false},
		{"utf-8 local part", "josé@example.es", "josé@example.es", true},
		{"no domain", "jane@", "", false},
		{"no at", "jane.example.com", "", false},
		{"domain without a dot", "jane@gmail", "", false},
		{"display name", "Jane <jane@example.com>", "", false},
		{"angle brackets", "<jane@example.com>", "", false},
		{"two addresses", "a@example.com, b@example.com", "", false},
		{"space inside", "jane doe@example.com", "", false},
		{"comment", "jane@example.com (Jane)", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := normalizeEmail(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("normalizeEmail(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestSplitTags(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"empty", "", nil},
		{"only separators", " ,;| ", nil},
		{"every separator", "a,b;c|d", []string{"a", "b", "c", "d"}},
		{"trimmed, lower-cased, deduplicated", " Climate ; ENERGY| climate ,energy", []string{"climate", "energy"}},
		{"inner spaces collapsed", "machine   learning", []string{"machine learning"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := splitTags(tt.in); !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("splitTags(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want time.Time
		ok   bool
	}{
		{"linkedin", "12 Mar 2024", day(2024, time.March, 12), true},
		{"linkedin zero-padded day", "01 Jan 2023", day(2023, time.January, 1), true},
		{"one-digit day", "1 Jan 2023", day(2023, time.January, 1), true},
		{"iso", "2024-03-12", day(2024, time.March, 12), true},
		{"long month", "12 March 2024", time.Time{}, false},
		{"slashes", "12/03/2024", time.Time{}, false},
		{"no such day", "2024-02-30", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := parseDate(tt.in)
			if !got.Equal(tt.want) || ok != tt.ok {
				t.Fatalf("parseDate(%q) = %v, %v, want %v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestColumnOf(t *testing.T) {
	tests := []struct {
		header string
		want   column
	}{
		{"Name", colName}, {"FULL NAME", colName},
		{"first_name", colFirstName}, {"Last-Name", colLastName},
		{"E-mail", colEmail}, {"Email Address", colEmail}, {"mail", colEmail},
		{"Organisation", colCompany}, {"employer", colCompany},
		{"Job Title", colRole}, {"position", colRole},
		{"Industry", colField}, {"occupation", colField},
		{"How Found", colSource}, {"found_via", colSource},
		{"Referred By", colIntroducedBy}, {"introducer", colIntroducedBy},
		{"Time Zone", colTimeZone}, {"tz", colTimeZone},
		{"Note", colNotes}, {"Tags", colTags},
		{"LinkedIn URL", colURL}, {"profile", colURL},
		{"Connected On", colConnectedOn},
		{"Phone", colNone}, {"", colNone},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			if got := columnOf(tt.header); got != tt.want {
				t.Fatalf("columnOf(%q) = %v, want %v", tt.header, got, tt.want)
			}
		})
	}
}

func TestCollapseSpace(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"trim and collapse", "  Ana \t María\n de  la Cruz ", "Ana María de la Cruz"},
		{"no-break space", "Ana\u00a0María", "Ana María"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := collapseSpace(tt.in); got != tt.want {
				t.Fatalf("collapseSpace(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// The fast path agrees with the slow one.
func TestCollapseSpaceFastPath(t *testing.T) {
	for _, in := range []string{"", "Jane Doe", " Jane", "Jane ", "Jane  Doe", "Jane\tDoe", "Jane\nDoe", "a\u00a0b", "José  García", " ", "x"} {
		want := strings.Join(strings.Fields(in), " ")
		if got := collapseSpace(in); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", in, got, want)
		}
	}
}
