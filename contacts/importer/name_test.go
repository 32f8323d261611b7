package importer

import (
	"strings"
	"testing"
)

// A name an address book kept as its mail header had it is stored
// decoded, whether it sits in one Name column or in first and last names.
func TestImportDecodesEncodedNames(t *testing.T) {
	tests := []struct {
		name, csv, want string
	}{
		{"name column", "Name,Email\n=?utf-8?q?Tom=C3=A1s_Herrera?=,tomas@acme.example\n", "Tomás Herrera"},
		{"first and last names", "First Name,Last Name,Email\n=?iso-8859-1?q?Ren=E9?=,Roy,rene@egis.example\n", "René Roy"},
		{"a plain name is left alone", "Name,Email\nZoë =?Ångström,zoe@acme.example\n", "Zoë =?Ångström"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Parse(strings.NewReader(tt.csv))
			if err != nil {
				t.Fatalf("Parse() error = %v", err)
			}
			if len(res.Rows) != 1 || res.Rows[0].Name != tt.want {
				t.Fatalf("Parse() rows = %+v, want one named %q", res.Rows, tt.want)
			}
		})
	}
}
