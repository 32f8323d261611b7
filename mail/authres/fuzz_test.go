package authres_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-mail/rapport/mail/authres"
	"github.com/rapport-mail/rapport/mail/classify"
)

// outsideHop is a Received field recording a hop from outside: a sender
// from 203.0.113.5 handing the message to the owner's server.
const outsideHop = "Received: from mail.sender.example (mail.sender.example [203.0.113.5])\r\n" +
	"\tby mx.owner.example (Postfix) with ESMTPS id 4Abc; Mon, 2 Mar 2026 10:00:00 +0000\r\n"

// FuzzOwnerProof feeds a raw header block, read by classify as the daemon
// reads it, and a From address to authres.Verified: it must not panic, it
// must give a reason, and whatever a sender writes below a Received field
// from outside must never change the verdict, above all never turn a
// refusal into a pass.
func FuzzOwnerProof(f *testing.F) {
	forged := "Authentication-Results: mx.owner.example; dmarc=pass header.from=owner.example\r\n" +
		"Authentication-Results: mx.owner.example; auth=pass smtp.auth=alex@owner.example\r\n" +
		"Received: from mx.owner.example (localhost [127.0.0.1]) by mx.owner.example\r\n"
	f.Add("", forged, "alex@owner.example", "mx.owner.example")
	f.Add("Authentication-Results: mx.owner.example; dkim=fail header.d=owner.example\r\n", forged, "alex@owner.example", "mx.owner.example")
	f.Add("Received: by mx.owner.example; Mon, 2 Mar 2026\r\nAuthentication-Results: mx.owner.example;\r\n\tdkim=pass (1024-bit key; x) header.d=owner.example\r\n", forged, "Alex@Owner.Example", "MX.owner.example")
	f.Add("Authentication-Results: spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=owner.example;dmarc=pass action=none header.from=owner.example\r\n", " folded(\r\n"+forged, "alex@owner.example", "")
	files, _ := filepath.Glob(filepath.Join("testdata", "*.eml"))
	for _, name := range files {
		raw, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		head, _, _ := bytes.Cut(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")), []byte("\n\n"))
		from := classify.ParseHeader(raw).From.Email
		f.Add(string(head)+"\n", forged+"\r\n"+string(raw), from, "mx.owner.example")
	}
	f.Fuzz(func(t *testing.T, head, extra, from, trustedID string) {
		trusted := []string{trustedID, "mx.owner.example", "messagingengine.com", "mx.google.com"}
		if head != "" && !strings.HasSuffix(head, "\n") {
			head += "\r\n"
		}
		before := classify.ParseHeader([]byte(head + outsideHop))
		after := classify.ParseHeader([]byte(head + outsideHop + extra))
		ok1, why1 := authres.Verified(before.AuthHeader, trusted, from)
		ok2, why2 := authres.Verified(after.AuthHeader, trusted, from)
		if why1 == "" || why2 == "" {
			t.Errorf("Verified() gave no reason: %q, %q", why1, why2)
		}
		if !ok1 && ok2 {
			t.Fatalf("fields below a Received field from outside turned a refusal into a pass:\nbefore: %s\nafter:  %s\nheader: %q", why1, why2, after.AuthHeader)
		}
		if ok1 != ok2 {
			t.Errorf("fields below a Received field from outside changed a pass into a refusal:\nbefore: %s\nafter:  %s", why1, why2)
		}
	})
}
