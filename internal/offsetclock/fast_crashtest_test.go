//go:build crashtest

package offsetclock

import (
	"context"
	"fmt"
	"testing"
	"time"
)

func TestParseFast(t *testing.T) {
	start := time.Date(2026, 3, 2, 6, 0, 0, 0, time.UTC)
	// The clock started an hour of wall time ago, at 1000 times the speed.
	epoch := time.Now().Add(-time.Hour)
	now, err := parseFast(fmt.Sprintf("%s %d 1000", start.Format(time.RFC3339), epoch.UnixNano()))
	if err != nil {
		t.Fatalf("parseFast() = %v", err)
	}
	want := start.Add(1000 * time.Hour)
	if got := now(); got.Before(want) || got.After(want.Add(time.Hour)) {
		t.Errorf("now() = %s, want about %s", got, want)
	}

	for _, spec := range []string{"", "2026-03-02T06:00:00Z 0", "yesterday 0 1", "2026-03-02T06:00:00Z x 1",
		"2026-03-02T06:00:00Z 0 0", "2026-03-02T06:00:00Z 0 -2", "2026-03-02T06:00:00Z 0 NaN", "2026-03-02T06:00:00Z 0 1 extra"} {
		if _, err := parseFast(spec); err == nil {
			t.Errorf("parseFast(%q) = nil error, want one", spec)
		}
	}
}

func TestFromEnv(t *testing.T) {
	t.Setenv("RAPPORT_TEST_CLOCK", "")
	now, wake := FromEnv()
	if d := time.Since(now()); d < -time.Second || d > time.Second {
		t.Errorf("without RAPPORT_TEST_CLOCK, now() is %s off the wall clock", d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	wake(ctx, func() { t.Error("kicked without a fast clock") })
	cancel()

	t.Setenv("RAPPORT_TEST_CLOCK", fmt.Sprintf("2026-03-02T06:00:00Z %d 100", time.Now().UnixNano()))
	_, wake = FromEnv()
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	kicked := make(chan struct{}, 1)
	wake(ctx, func() {
		select {
		case kicked <- struct{}{}:
		default:
		}
	})
	<-kicked // the ticker kicks within 20 ms; the test's deadline catches a wake that never does
}
