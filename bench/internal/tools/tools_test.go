package tools

import (
	"slices"
	"testing"
	"time"
)

func TestThen(t *testing.T) {
	hugo := Measurement{Wall: 20 * time.Second, CPU: 35 * time.Second, RSSKB: 2_300_000}
	pagefind := Measurement{Wall: 90 * time.Second, CPU: 120 * time.Second, RSSKB: 6_000_000}
	got := hugo.Then(pagefind)
	want := Measurement{Wall: 110 * time.Second, CPU: 155 * time.Second, RSSKB: 6_000_000}
	if got != want {
		t.Errorf("hugo.Then(pagefind) = %+v, want %+v", got, want)
	}
	if got := pagefind.Then(hugo); got != want {
		t.Errorf("pagefind.Then(hugo) = %+v, want %+v (the order does not matter)", got, want)
	}
	if got := hugo.Then(Measurement{}); got != hugo {
		t.Errorf("hugo.Then(nothing) = %+v, want %+v", got, hugo)
	}
}

func TestMedian(t *testing.T) {
	ms := []Measurement{
		{Wall: 3 * time.Second, CPU: 1 * time.Second, RSSKB: 300},
		{Wall: 1 * time.Second, CPU: 5 * time.Second, RSSKB: 100},
		{Wall: 2 * time.Second, CPU: 3 * time.Second, RSSKB: 200},
	}
	// Each figure separately: no run has all three medians here.
	want := Measurement{Wall: 2 * time.Second, CPU: 3 * time.Second, RSSKB: 200}
	if got := Median(ms); got != want {
		t.Errorf("Median = %+v, want %+v", got, want)
	}
}

func TestPagefindArgv(t *testing.T) {
	for _, c := range []struct {
		memGB int
		want  []string
	}{
		{0, []string{"/b/pagefind_extended", "--site", "/s/public"}},
		{16, []string{"prlimit", "--as=17179869184", "--", "/b/pagefind_extended", "--site", "/s/public"}},
	} {
		if got := PagefindArgv("/b/pagefind_extended", "/s/public", c.memGB); !slices.Equal(got, c.want) {
			t.Errorf("memGB %d: %q, want %q", c.memGB, got, c.want)
		}
	}
}

func TestRun(t *testing.T) {
	if _, err := Run("", []string{"true"}); err != nil {
		t.Errorf("true: %v", err)
	}
	_, err := Run("", []string{"sh", "-c", "echo 'memory allocation of 116 bytes failed' >&2; echo more >&2; exit 3"})
	if err == nil || err.Error() != "exit status 3: memory allocation of 116 bytes failed" {
		t.Errorf("failing command: %v", err)
	}
	if _, err := Run("", []string{"/nonexistent/command"}); err == nil {
		t.Error("a command that cannot start is not reported")
	}
}
