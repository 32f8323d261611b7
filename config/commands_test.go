package config

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestForRapport(t *testing.T) {
	c := Commands{Addresses: []string{"alex+rapport@example.com", "rapport@bot.example"}, SubjectTag: "rapport"}
	tests := []struct {
		name    string
		c       Commands
		to      []string
		subject string
		want    bool
	}{
		{"plus-address in to", c, []string{"alex+rapport@example.com"}, "Intro: Jane", true},
		{"address in any case", c, []string{"Alex+Rapport@EXAMPLE.com"}, "", true},
		{"among others", c, []string{"jane@x.org", "rapport@bot.example"}, "Intro", true},
		{"address with space", c, []string{" rapport@bot.example "}, "", true},
		{"owner's own address", c, []string{"alex@example.com"}, "Intro", false},
		{"other plus-address", c, []string{"alex+news@example.com"}, "", false},
		{"no recipients", c, nil, "hello", false},
		{"empty recipient", Commands{Addresses: []string{""}}, []string{""}, "", false},
		{"no addresses configured", Commands{SubjectTag: "rapport"}, []string{"alex+rapport@example.com"}, "", false},

		{"tag and colon", c, nil, "rapport: add Jane <j@x.org>", true},
		{"tag and colon, no space", c, nil, "rapport:status", true},
		{"tag and space", c, nil, "rapport status", true},
		{"tag alone", c, nil, "rapport", true},
		{"tag in capitals", c, nil, "RAPPORT: status", true},
		{"tag in brackets", c, nil, "[rapport] met #3", true},
		{"tag in brackets alone", c, nil, "[Rapport]", true},
		{"tag in brackets and colon", c, nil, "[rapport]: met #3", true},
		{"tag after re", c, nil, "Re: [rapport] met #3", true},
		// A forward of tagged mail (one of rapport's own notices, sent on
		// to a friend) is not for rapport: the tag must come first.
		{"tag after fwd", c, nil, "Fwd: [rapport] Intro: Jane", false},
		{"forwarded notice", c, nil, "Fwd: rapport: Jane Doe replied (#4)", false},
		{"tag after fwd, to the address", c, []string{"alex+rapport@example.com"}, "Fwd: rapport: x", true},
		{"tag after several reply prefixes", c, nil, "RE: AW: re: rapport: x", true},
		{"reply then forward prefix", c, nil, "Re: Fw: rapport: x", false},
		{"tag before fwd", c, nil, "rapport: Fwd: Intro: Jane", true},
		{"prefix with space before colon", c, nil, "AW : rapport: x", true},
		{"prefix without space after colon", c, nil, "Re:rapport: x", true},
		{"leading space", c, nil, "  \trapport: x", true},
		{"tag then tab", c, nil, "rapport\tstatus", true},
		{"tag then no-break space", c, nil, "rapport\u00a0status", true},
		{"longer word", c, nil, "rapportage: the week", false},
		{"tag with hyphen after", c, nil, "rapport-x", false},
		{"brackets then word", c, nil, "[rapport]x", false},
		{"unclosed bracket", c, nil, "[rapport met", false},
		{"space inside brackets", c, nil, "[ rapport ] met", false},
		{"tag not at the start", c, nil, "Intro [rapport]", false},
		{"tag after other text", c, nil, "About rapport: nothing", false},
		{"unknown prefix", c, nil, "Antw: rapport: x", false},
		{"kelvin sign", Commands{SubjectTag: "kit"}, nil, "\u212ait: x", false},
		{"empty subject", c, nil, "", false},
		{"only prefixes", c, nil, "Re: Fwd:", false},
		{"tag off", Commands{Addresses: c.Addresses}, nil, "rapport: status", false},
		{"tag off, empty subject", Commands{}, nil, "", false},
		{"other tag", Commands{SubjectTag: "net-work_2"}, nil, "[NET-WORK_2] met #3", true},
		{"other tag, default word", Commands{SubjectTag: "crm"}, nil, "rapport: status", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.ForRapport(tt.to, tt.subject); got != tt.want {
				t.Fatalf("%+v.ForRapport(%q, %q) = %t, want %t", tt.c, tt.to, tt.subject, got, tt.want)
			}
		})
	}
}

func TestStripTag(t *testing.T) {
	c := Commands{SubjectTag: "rapport"}
	tests := []struct {
		name    string
		c       Commands
		subject string
		want    string
	}{
		{"reply with brackets", c, "Re: [rapport] met #3", "met #3"},
		{"tag and colon", c, "rapport: add Jane <j@x.org>", "add Jane <j@x.org>"},
		{"tag and colon, no space", c, "rapport:status", "status"},
		{"tag and space", c, "RAPPORT status", "status"},
		{"tag, space and colon", c, "rapport : ajoute Jane", "ajoute Jane"},
		{"brackets and colon", c, "[rapport]: met #3", "met #3"},
		{"tag alone", c, "rapport", ""},
		{"tag and colon alone", c, "Re: rapport:  ", ""},
		{"several prefixes", c, "Re: Fwd: AW: [Rapport]   met #3  ", "met #3"},
		{"forward after the tag stays", c, "rapport: Fwd: Intro: Jane", "Fwd: Intro: Jane"},
		{"tag once", c, "rapport: rapport: x", "rapport: x"},
		{"no tag", c, "Re: Fwd: Intro: Jane <> Alex", "Intro: Jane <> Alex"},
		{"no tag, no prefix", c, "  Lunch next week?  ", "Lunch next week?"},
		{"longer word", c, "Re: rapportage: the week", "rapportage: the week"},
		{"tag not at the start", c, "Fwd: Intro [rapport]", "Intro [rapport]"},
		{"brackets then word", c, "[rapport]x", "[rapport]x"},
		{"prefix words without colon", c, "Re Fwd rapport", "Re Fwd rapport"},
		{"prefix word in a longer word", c, "Training: rapport", "Training: rapport"},
		{"french spacing", c, "TR : RE : rapport: x", "x"},
		{"empty", c, "", ""},
		{"tag off", Commands{}, "Re: rapport: status", "rapport: status"},
		{"other tag", Commands{SubjectTag: "crm"}, "Re: [CRM] met #3", "met #3"},
		{"other tag leaves default word", Commands{SubjectTag: "crm"}, "rapport: status", "rapport: status"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.StripTag(tt.subject); got != tt.want {
				t.Fatalf("%+v.StripTag(%q) = %q, want %q", tt.c, tt.subject, got, tt.want)
			}
		})
	}
}

func TestDefaultCommandAddresses(t *testing.T) {
	tests := []struct {
		name  string
		owner []string
		want  []string
	}{
		{"one", []string{"alex@example.com"}, []string{"alex+rapport@example.com"}},
		{"several in order", []string{"alex@example.com", "a.example@work.example"},
			[]string{"alex+rapport@example.com", "a.example+rapport@work.example"}},
		{"case kept", []string{"Alex@Example.COM"}, []string{"Alex+rapport@Example.COM"}},
		{"plus already", []string{"alex+news@example.com"}, nil},
		{"plus already, among others", []string{"alex+news@example.com", "alex@work.example"},
			[]string{"alex+rapport@work.example"}},
		{"plus-address is an owner address", []string{"alex@example.com", "alex+rapport@example.com"}, nil},
		{"plus-address is an owner address in another case", []string{"ALEX+RAPPORT@example.com", "alex@example.com"}, nil},
		{"same address twice", []string{"alex@example.com", "ALEX@example.com"}, []string{"alex+rapport@example.com"}},
		{"surrounding space", []string{" alex@example.com "}, []string{"alex+rapport@example.com"}},
		{"not an address", []string{"alex", "@example.com", "bob@"}, nil},
		{"with a name", []string{"Alex <alex@example.com>"}, nil},
		{"quoted local part", []string{`"alex x"@example.com`}, nil},
		{"none", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DefaultCommandAddresses(tt.owner); !slices.Equal(got, tt.want) {
				t.Fatalf("DefaultCommandAddresses(%q) = %q, want %q", tt.owner, got, tt.want)
			}
		})
	}
}

func TestLoadCommandDefaults(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		addresses []string
		tag       string
	}{
		{"key absent", "[owner]\naddresses = [\"alex@example.com\", \"alex+x@example.org\"]\n",
			[]string{"alex+rapport@example.com"}, "rapport"},
		{"table without the keys", "[owner]\naddresses = [\"alex@example.com\"]\n[commands]\nrequire_auth = true\n",
			[]string{"alex+rapport@example.com"}, "rapport"},
		{"no owner", "[commands]\nrequire_auth = true\n", nil, "rapport"},
		{"written", "[owner]\naddresses = [\"alex@example.com\"]\n[commands]\naddresses = [\"bot@rapport.example\"]\nsubject_tag = \"crm\"\n",
			[]string{"bot@rapport.example"}, "crm"},
		{"written empty", "[owner]\naddresses = [\"alex@example.com\"]\n[commands]\naddresses = []\nsubject_tag = \"\"\n",
			nil, ""},
		{"dotted key", "commands.addresses = []\n[owner]\naddresses = [\"alex@example.com\"]\n", nil, "rapport"},
		{"inline table", "commands = { Addresses = [] }\n[owner]\naddresses = [\"alex@example.com\"]\n", nil, "rapport"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Load(writeConfig(t, tt.doc))
			if err != nil {
				t.Fatalf("Load() = %v", err)
			}
			if got := c.Commands.Addresses; len(got) != len(tt.addresses) || (len(got) > 0 && !slices.Equal(got, tt.addresses)) {
				t.Errorf("Commands.Addresses = %q, want %q", got, tt.addresses)
			}
			if c.Commands.SubjectTag != tt.tag {
				t.Errorf("Commands.SubjectTag = %q, want %q", c.Commands.SubjectTag, tt.tag)
			}
		})
	}
	c := Default()
	if c.Commands.Addresses != nil || c.Commands.SubjectTag != "rapport" {
		t.Errorf("Default().Commands = %+v, want no addresses and the tag \"rapport\"", c.Commands)
	}
}

func TestValidateCommands(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *Config)
		want   []string // problem keys; nil for none
	}{
		{"plus-address", func(c *Config) { c.Commands.Addresses = []string{"alex+rapport@example.com"} }, nil},
		{"rapport's own address", func(c *Config) { c.Commands.Addresses = []string{"rapport@bot.example", "alex+crm@example.com"} }, nil},
		{"none", func(c *Config) { c.Commands.Addresses = []string{} }, nil},
		{"owner's address", func(c *Config) { c.Commands.Addresses = []string{"alex@example.com"} }, []string{"commands.addresses"}},
		{"owner's address in capitals", func(c *Config) { c.Commands.Addresses = []string{"ALEX@Example.com"} }, []string{"commands.addresses"}},
		{"owner's second address", func(c *Config) {
			c.Owner.Addresses = append(c.Owner.Addresses, "a@work.example")
			c.Commands.Addresses = []string{"alex+rapport@example.com", "a@work.example"}
		}, []string{"commands.addresses"}},
		{"not an address", func(c *Config) { c.Commands.Addresses = []string{"rapport"} }, []string{"commands.addresses"}},
		{"empty address", func(c *Config) { c.Commands.Addresses = []string{""} }, []string{"commands.addresses"}},
		{"address with a name", func(c *Config) { c.Commands.Addresses = []string{"Rapport <r@x.example>"} }, []string{"commands.addresses"}},
		{"address in brackets", func(c *Config) { c.Commands.Addresses = []string{"<r@x.example>"} }, []string{"commands.addresses"}},
		{"two bad", func(c *Config) { c.Commands.Addresses = []string{"x", "alex@example.com"} },
			[]string{"commands.addresses", "commands.addresses"}},
		{"tag off", func(c *Config) { c.Commands.SubjectTag = "" }, nil},
		{"tag with hyphen and underscore", func(c *Config) { c.Commands.SubjectTag = "my-crm_2" }, nil},
		{"tag of 32", func(c *Config) { c.Commands.SubjectTag = strings.Repeat("r", 32) }, nil},
		{"tag of 33", func(c *Config) { c.Commands.SubjectTag = strings.Repeat("r", 33) }, []string{"commands.subject_tag"}},
		{"tag of two words", func(c *Config) { c.Commands.SubjectTag = "rap port" }, []string{"commands.subject_tag"}},
		{"tag with colon", func(c *Config) { c.Commands.SubjectTag = "rapport:" }, []string{"commands.subject_tag"}},
		{"tag in brackets", func(c *Config) { c.Commands.SubjectTag = "[rapport]" }, []string{"commands.subject_tag"}},
		{"tag with accent", func(c *Config) { c.Commands.SubjectTag = "rapporté" }, []string{"commands.subject_tag"}},
		{"tag is a prefix", func(c *Config) { c.Commands.SubjectTag = "Fwd" }, []string{"commands.subject_tag"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validConfig()
			tt.change(c)
			err := c.Validate()
			got := problemKeys(t, err)
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Fatalf("Validate() = %v, want problems with %v", err, tt.want)
			}
		})
	}
}

// TestValidateCommandsReport checks where the problems point and what they
// say.
func TestValidateCommandsReport(t *testing.T) {
	path := writeConfig(t, `[owner]
name = "Alex"
addresses = ["alex@example.com"]

[commands]
authserv_ids = ["mx.example.com"]
addresses = [
  "ALEX@example.com",
  "Rapport <r@x.example>",
]
subject_tag = "rap port"
`)
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	err = c.Validate()
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("Validate() = %v, want Problems", err)
	}
	t.Logf("Validate():\n%s", err)
	want := []string{
		path + `:7: commands.addresses: "ALEX@example.com" is one of owner.addresses: every mail you write to yourself (a note, a copy you Cc or Bcc) would be read as commands (write a plus-address such as "ALEX+rapport@example.com", or an address of rapport's own; leave commands.addresses out to get the plus-addresses of owner.addresses)`,
		path + `:7: commands.addresses: "Rapport <r@x.example>" is not a bare address (write only "r@x.example")`,
		path + `:11: commands.subject_tag: "rap port" is not a single word (use one word of ASCII letters, digits, "-" and "_", e.g. "rapport"; "" turns the tag off)`,
	}
	if len(ps) != len(want) {
		t.Fatalf("Validate() found %d problems, want %d", len(ps), len(want))
	}
	for i, w := range want {
		if got := ps[i].String(); got != w {
			t.Errorf("problem %d = %s\nwant %s", i, got, w)
		}
	}
}

// A default that would be an owner address is left out rather than
// reported: the owner did not write it.
func TestValidateDefaultCommandAddresses(t *testing.T) {
	path := writeConfig(t, `[owner]
name = "Alex"
addresses = ["alex@example.com", "alex+rapport@example.com", "alex+work@example.org"]
`)
	c, err := Load(path)
	if err != nil {
		t.Fatalf("Load() = %v", err)
	}
	if len(c.Commands.Addresses) != 0 {
		t.Errorf("Commands.Addresses = %q, want none", c.Commands.Addresses)
	}
	if err := c.Validate(); err != nil {
		t.Errorf("Validate() = %v, want nil", err)
	}
}
