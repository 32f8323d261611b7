//go:build unix

package config

import (
	"os/exec"
	"syscall"
)

// killGroupOnCancel runs cmd in its own process group and makes a cancelled
// context kill the whole group, so that `sh -c` does not leave its children
// (a sleeping gpg, a hung pinentry) running after a timeout.
func killGroupOnCancel(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error {
		return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
