package classify

import "testing"

// TestDeliveryReportIsNeverAForward covers reports the bounce rules do not
// take: the message they carry is not one a person passed on.
func TestDeliveryReportIsNeverAForward(t *testing.T) {
	attached := "--b\nContent-Type: text/plain\n\nTo be checked.\n--b\nContent-Type: message/rfc822\n\n" +
		"From: Alex <alex@owner.example>\nTo: kim@example.org\nSubject: Hello\nMessage-ID: <m1@owner.example>\n\nHi\n--b--\n"
	tests := []struct {
		name   string
		header []string
	}{
		{"empty Return-Path", []string{"From: gateway@relay.example", "To: alex@owner.example", "Subject: Notice", "Return-Path: <>", "Content-Type: multipart/mixed; boundary=b"}},
		{"postmaster sender", []string{"From: Postmaster <postmaster@relay.example>", "To: alex@owner.example", "Subject: Info", "Content-Type: multipart/mixed; boundary=b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if m := Parse(rawMail(attached, tt.header...)); m.Kind == KindForward {
				t.Errorf("Kind = forward (%s), want anything but a forward", m.Reason)
			}
		})
	}
}
