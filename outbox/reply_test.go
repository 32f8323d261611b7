package outbox

import "testing"

func TestReadReply(t *testing.T) {
	quoted := "\n\nOn Mon, 23 Nov 2026 at 09:00, rapport <alex@owner.example> wrote:\n> This mail to Jane waits for your approval.\n> send to send it\n"
	tests := []struct {
		text string
		want Reply
	}{
		{"send" + quoted, Reply{Decision: DecideSend}},
		{"  OK.  \r\n" + quoted, Reply{Decision: DecideSend}},
		{"Skip" + quoted, Reply{Decision: DecideSkip}},
		{"Hi Jane,\n\nI read your article on robots\nand loved it.\n\n-- \nAlex\n" + quoted,
			Reply{Decision: DecideEdit, Text: "Hi Jane,\n\nI read your article on robots\nand loved it.\n"}},
		{"> send\n", Reply{}},
		{"", Reply{}},
		{"send please, but later" + quoted, Reply{Decision: DecideEdit, Text: "send please, but later\n"}},
		{"Sounds good\n\n-----Original Message-----\nFrom: rapport\n", Reply{Decision: DecideEdit, Text: "Sounds good\n"}},
	}
	for _, tt := range tests {
		if got := ReadReply(tt.text); got != tt.want {
			t.Errorf("ReadReply(%q) = %+v, want %+v", tt.text, got, tt.want)
		}
	}
}
