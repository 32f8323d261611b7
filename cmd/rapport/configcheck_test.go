package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// configOwner is the start of a valid configuration file without servers.
const configOwner = "[owner]\nname = \"Alex Example\"\naddresses = [\"alex@example.com\", \"a@work.example\"]\n\n"

// TestConfigCheckCommands checks that config check says which of the
// owner's mail reaches rapport, and warns when commands are not
// authenticated.
func TestConfigCheckCommands(t *testing.T) {
	e := newEnv(t)
	out := e.ok("config", "check", "../../config.example.toml")
	wantContains(t, "config check of the example", out,
		"commands: your mail to alex+rapport@example.com reaches rapport\n",
		`commands: your mail with a subject starting "rapport:" or "[rapport]" reaches rapport`+"\n",
		"commands: your replies to rapport's notices always reach it\n",
		"config OK: ../../config.example.toml\n")
	if strings.Contains(out, "warning:") {
		t.Errorf("config check of the example warns:\n%s", out)
	}

	tests := []struct {
		name  string
		doc   string
		wants []string
	}{
		{"defaults", configOwner + "[commands]\nauthserv_ids = [\"mx.example.com\"]\n", []string{
			"commands: your mail to alex+rapport@example.com, a+rapport@work.example reaches rapport\n",
			`subject starting "rapport:" or "[rapport]"`,
		}},
		{"written", configOwner + "[commands]\nauthserv_ids = [\"mx.example.com\"]\naddresses = [\"bot@rapport.example\"]\nsubject_tag = \"CRM\"\n", []string{
			"commands: your mail to bot@rapport.example reaches rapport\n",
			`subject starting "CRM:" or "[CRM]"`,
		}},
		{"both off", configOwner + "[commands]\nauthserv_ids = [\"mx.example.com\"]\naddresses = []\nsubject_tag = \"\"\n", []string{
			"commands: no address reaches rapport (commands.addresses is empty)\n",
			`commands: no subject tag reaches rapport (commands.subject_tag is "")` + "\n",
			"commands: your replies to rapport's notices always reach it\n",
		}},
		{"without authentication", configOwner + "[commands]\nrequire_auth = false\n", []string{
			"warning: ", "config.toml:6: commands.require_auth: off: anyone who writes your address in From can command rapport",
			"config OK: ",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := writeFile(t, t.TempDir(), "config.toml", tt.doc)
			out := e.ok("config", "check", path)
			wantContains(t, "config check", out, tt.wants...)
		})
	}
}

func TestConfigCheckOwnAddressAsCommandAddress(t *testing.T) {
	e := newEnv(t)
	path := writeFile(t, e.dir, "config.toml", configOwner+"[commands]\naddresses = [\"Alex@Example.com\"]\nsubject_tag = \"re\"\n")
	code, out, errOut := e.run("config", "check", path)
	if code != 1 || !strings.Contains(errOut, "2 problem(s)") {
		t.Fatalf("config check: exit %d, %q; want 1 and 2 problems", code, errOut)
	}
	wantContains(t, "problems", out,
		filepath.Base(path)+`:6: commands.addresses: "Alex@Example.com" is one of owner.addresses: every mail you write to yourself`,
		`write a plus-address such as "Alex+rapport@Example.com"`,
		filepath.Base(path)+`:7: commands.subject_tag: "re" is a reply or forward prefix`)
	if strings.Contains(out, "commands: your mail") {
		t.Errorf("config check with problems says what reaches rapport:\n%s", out)
	}
}
