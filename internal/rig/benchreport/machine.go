package benchreport

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// Machine is what the figures were measured on.
type Machine struct {
	OS      string // PRETTY_NAME of /etc/os-release
	Kernel  string // "Linux 6.1.0-…"
	CPU     string // the model name of /proc/cpuinfo
	CPUs    int    // logical CPUs
	Virtual bool   // the CPU says it runs under a hypervisor
	RAMGiB  float64
	Go      string // "go1.26.8"
	Dovecot string // "2.3.19.1"
	Postfix string // "3.7.11"
	Load    string // the load averages of /proc/loadavg: "0.52 0.61 0.40"
}

// String is the machine on one line, for the report.
func (m Machine) String() string {
	kind := "machine"
	if m.Virtual {
		kind = "virtual machine"
	}
	return fmt.Sprintf("%s %s, %d × %s, %.1f GiB RAM, %s; %s, Dovecot %s, Postfix %s",
		m.OS, kind, m.CPUs, m.CPU, m.RAMGiB, m.Kernel, m.Go, m.Dovecot, m.Postfix)
}

// Probe describes the machine it runs on. It reads /proc and
// /etc/os-release and runs dovecot and postconf; what it cannot learn
// reads "unknown". Go's version is the one running Probe, which
// scripts/bench.sh runs with the toolchain of the benchmarks.
func Probe() Machine {
	m := Machine{OS: "unknown OS", Kernel: "unknown kernel", CPU: "unknown CPU", Go: runtime.Version(),
		Dovecot: "unknown", Postfix: "unknown", Load: "unknown"}
	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		m.OS = osName(string(b))
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = "Linux " + strings.TrimSpace(string(b))
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		m.CPU, m.CPUs, m.Virtual = cpuInfo(f)
		f.Close()
	}
	if m.CPUs == 0 {
		m.CPUs = runtime.NumCPU()
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		if f := strings.Fields(string(b)); len(f) >= 3 {
			m.Load = strings.Join(f[:3], " ")
		}
	}
	if f, err := os.Open("/proc/meminfo"); err == nil {
		m.RAMGiB = memTotalGiB(f)
		f.Close()
	}
	// "2.3.19.1 (9b53102964)"
	if out, err := exec.Command("dovecot", "--version").Output(); err == nil {
		if f := strings.Fields(string(out)); len(f) > 0 {
			m.Dovecot = f[0]
		}
	}
	if out, err := exec.Command("postconf", "-d", "-h", "mail_version").Output(); err == nil {
		m.Postfix = strings.TrimSpace(string(out))
	}
	return m
}

// osName returns PRETTY_NAME from the text of /etc/os-release.
func osName(osRelease string) string {
	for _, line := range strings.Split(osRelease, "\n") {
		if v, ok := strings.CutPrefix(line, "PRETTY_NAME="); ok {
			if s, err := strconv.Unquote(v); err == nil {
				return s
			}
			return strings.Trim(v, `"'`)
		}
	}
	return "unknown OS"
}

// cpuInfo reads /proc/cpuinfo: the first model name, the number of
// processors, and whether the hypervisor flag is set.
func cpuInfo(f *os.File) (model string, n int, virtual bool) {
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		key, value = strings.TrimSpace(key), strings.TrimSpace(value)
		switch key {
		case "processor":
			n++
		case "model name":
			if model == "" {
				model = value
			}
		case "flags":
			virtual = virtual || strings.Contains(" "+value+" ", " hypervisor ")
		}
	}
	if model == "" {
		model = "unknown CPU"
	}
	return model, n, virtual
}

// memTotalGiB reads MemTotal from /proc/meminfo.
func memTotalGiB(f *os.File) float64 {
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kib, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kib / (1 << 20)
		}
	}
	return 0
}
