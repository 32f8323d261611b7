package forward

import "testing"

func TestTrimSubject(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Fwd: Intro", "Intro", true},
		{"FW: Intro", "Intro", true},
		{"fw:Intro", "Intro", true},
		{"WG: Kennenlernen", "Kennenlernen", true},
		{"TR: Présentation", "Présentation", true},
		{"RV: Integer consequat", "Integer consequat", true},
		{"I: Caffè", "Caffè", true},
		{"ENC: Conversa", "Conversa", true},
		{"PD: Spotkanie", "Spotkanie", true},
		{"Пересл: Знакомство", "Знакомство", true},
		{"転送：ご紹介", "ご紹介", true},
		{"Fwd: FW: Intro", "Intro", true},
		{"[Fwd: Intro]", "Intro", true},
		{"  Fwd:   spaced  ", "spaced", true},
		{"Re: Fwd: Intro", "Re: Fwd: Intro", false},
		{"Intro: Sam <> Priya", "Intro: Sam <> Priya", false},
		{"Forward planning", "Forward planning", false},
		{"", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := TrimSubject(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Fatalf("TrimSubject(%q) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}
