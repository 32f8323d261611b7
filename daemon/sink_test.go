package daemon

import (
	"testing"

	"github.com/emersion/go-imap/v2"
)

// A body is worth fetching for what it carries: a delivery report, a
// calendar or an attached message, at any depth and in any case.
func TestCarriesPayload(t *testing.T) {
	single := func(typ, sub string) *imap.BodyStructureSinglePart {
		return &imap.BodyStructureSinglePart{Type: typ, Subtype: sub}
	}
	// named is a part with a name in its type (name=) or its
	// disposition (filename=).
	named := func(typ, sub, name, filename string) *imap.BodyStructureSinglePart {
		p := single(typ, sub)
		if name != "" {
			p.Params = map[string]string{"name": name}
		}
		if filename != "" {
			p.Extended = &imap.BodyStructureSinglePartExt{Disposition: &imap.BodyStructureDisposition{Value: "attachment", Params: map[string]string{"filename": filename}}}
		}
		return p
	}
	multi := func(sub string, parts ...imap.BodyStructure) *imap.BodyStructureMultiPart {
		return &imap.BodyStructureMultiPart{Subtype: sub, Children: parts}
	}
	tests := []struct {
		name string
		bs   imap.BodyStructure
		want bool
	}{
		{"no structure", nil, false},
		{"plain text", single("TEXT", "PLAIN"), false},
		{"text and HTML", multi("ALTERNATIVE", single("TEXT", "PLAIN"), single("TEXT", "HTML")), false},
		{"a DSN", multi("REPORT", single("TEXT", "PLAIN"), single("MESSAGE", "DELIVERY-STATUS")), true},
		{"an invitation deep inside", multi("MIXED", multi("ALTERNATIVE", single("TEXT", "PLAIN"), single("text", "calendar"))), true},
		{"an .ics attachment", multi("MIXED", single("TEXT", "PLAIN"), single("Application", "ICS")), true},
		{"a forward as attachment", multi("MIXED", single("TEXT", "PLAIN"), single("MESSAGE", "RFC822")), true},
		{"an internationalised forward", multi("MIXED", single("message", "global")), true},
		{"a PDF", multi("MIXED", single("TEXT", "PLAIN"), single("APPLICATION", "PDF")), false},
		{"a calendar as bytes named in the disposition", multi("MIXED", single("TEXT", "PLAIN"), named("application", "octet-stream", "", "BookingConfirmation.ICS")), true},
		{"a calendar as bytes named in the type", multi("MIXED", single("TEXT", "PLAIN"), named("APPLICATION", "OCTET-STREAM", "invite.ics", "")), true},
		{"other bytes", multi("MIXED", single("TEXT", "PLAIN"), named("application", "octet-stream", "", "report.xlsx")), false},
		{"unnamed bytes", multi("MIXED", single("TEXT", "PLAIN"), single("application", "octet-stream")), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := carriesPayload(tt.bs); got != tt.want {
				t.Errorf("carriesPayload() = %v, want %v", got, tt.want)
			}
		})
	}
}
