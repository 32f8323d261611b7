package inbound

import (
	"testing"
	"time"

	"github.com/rapport-mail/rapport/mail/classify"
	"github.com/rapport-mail/rapport/mail/zoneguess"
	"github.com/rapport-mail/rapport/store"
)

var (
	cet  = time.FixedZone("", 3600)
	cest = time.FixedZone("", 7200)
)

func TestZoneEvidence(t *testing.T) {
	now := time.Date(2026, 8, 3, 9, 0, 0, 0, time.UTC)
	c := &store.Contact{ID: 1, Email: "Hans@Firma.de"}
	winter := time.Date(2026, 1, 15, 10, 0, 0, 0, cet)
	from := func(kind classify.Kind, addr string, date time.Time) *classify.Message {
		return &classify.Message{Kind: kind, From: classify.Address{Email: addr}, Date: date}
	}
	tests := []struct {
		name string
		c    *store.Contact
		m    *classify.Message
		want bool
	}{
		{"their reply", c, from(classify.KindPersonal, "hans@firma.de", winter), true},
		{"their automatic reply", c, from(classify.KindAutoReply, "hans@firma.de", winter), true},
		{"their invitation", c, from(classify.KindCalendar, "hans@firma.de", winter), true},
		{"their forward", c, from(classify.KindForward, "hans@firma.de", winter), true},
		{"a colleague in their thread", c, from(classify.KindPersonal, "raj@firma.de", winter), false},
		{"a bounce", c, from(classify.KindBounce, "hans@firma.de", winter), false},
		{"bulk mail", c, from(classify.KindBulk, "hans@firma.de", winter), false},
		{"unreadable", c, from(classify.KindMalformed, "hans@firma.de", winter), false},
		{"no date", c, from(classify.KindPersonal, "hans@firma.de", time.Time{}), false},
		{"offset 0", c, from(classify.KindPersonal, "hans@firma.de", winter.UTC()), false},
		{"an offset no zone has", c, from(classify.KindPersonal, "hans@firma.de", winter.In(time.FixedZone("", 5*3600+37*60))), false},
		{"dated in the future", c, from(classify.KindPersonal, "hans@firma.de", now.Add(48*time.Hour).In(cest)), false},
		{"a contact without address", &store.Contact{ID: 2}, from(classify.KindPersonal, "", winter), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := zoneEvidence(tt.c, tt.m, now); got != tt.want {
				t.Fatalf("zoneEvidence() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestOffsetsText(t *testing.T) {
	at := func(day, off int) zoneguess.Observation {
		return zoneguess.Observation{At: time.Date(2026, 1, day, 0, 0, 0, 0, time.UTC), Offset: off}
	}
	tests := []struct {
		obs  []zoneguess.Observation // newest first
		want string
	}{
		{[]zoneguess.Observation{at(1, 3600)}, "+0100"},
		{[]zoneguess.Observation{at(3, 7200), at(2, 3600), at(1, 3600)}, "+0100 and +0200"},
		{[]zoneguess.Observation{at(3, -14400), at(2, -18000), at(1, 19800)}, "+0530, -0500 and -0400"},
	}
	for _, tt := range tests {
		if got := offsetsText(tt.obs); got != tt.want {
			t.Fatalf("offsetsText(%v) = %q, want %q", tt.obs, got, tt.want)
		}
	}
}
