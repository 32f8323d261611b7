package outbox

import "strings"

// DraftField is the header field that marks a draft rapport filed in the
// owner's Drafts folder (the drafts send mode), holding the draft's
// Message-ID. It is not secret and harmless when the owner's mail program
// keeps it in what it sends: it lets rapport know its own draft in the
// folder before deleting one, and the owner's sent copy of it when the
// program wrote a Message-ID of its own.
const DraftField = "X-Rapport-Draft"

// MarkDraft returns data, a message Compose wrote for the outbox row with
// that Message-ID, with DraftField first in its header (a header's
// fields may come in any order, RFC 5322 §3.6). Compose already refused
// an unsafe Message-ID; one with a space or a control character all the
// same leaves data unmarked rather than break the header.
func MarkDraft(data []byte, messageID string) []byte {
	if messageID == "" || strings.ContainsFunc(messageID, badInID) {
		return data
	}
	return append([]byte(DraftField+": "+messageID+"\r\n"), data...)
}
