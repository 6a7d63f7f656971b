package audit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"xxgk/internal/record"
)

func date(s string) time.Time {
	t, _ := time.ParseInLocation("2006-01-02", s, record.Shanghai)
	return t
}

func TestWorkingDays(t *testing.T) {
	c := DefaultConfig()
	c.Holidays = []time.Time{date("2024-10-01"), date("2024-10-02"), date("2024-10-03"), date("2024-10-04"), date("2024-10-07")}
	c.Workdays = []time.Time{date("2024-09-29"), date("2024-10-12")}
	c.compile()
	for _, tc := range []struct {
		from, to string
		want     int
	}{
		{"2024-03-01", "2024-03-01", 0},  // same day
		{"2024-03-01", "2024-03-04", 1},  // Friday → Monday: the weekend does not count
		{"2024-03-04", "2024-03-08", 4},  // Monday → Friday
		{"2024-03-08", "2024-03-04", 0},  // backwards
		{"2024-09-27", "2024-10-08", 3},  // National Day: Sunday 29th worked, 1st–4th and 7th off
		{"2024-10-11", "2024-10-14", 2},  // Saturday 12th worked
		{"2024-01-10", "2024-03-20", 50}, // the fixture's late notice
	} {
		if got := c.WorkingDays(date(tc.from), date(tc.to)); got != tc.want {
			t.Errorf("WorkingDays(%s, %s) = %d, want %d", tc.from, tc.to, got, tc.want)
		}
	}
}

func TestLoadConfigErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"publish_within_working_days = 0\n", "正整数"},
		{"quality_report_due = \"3月31日\"\n", "月-日"},
		{"publish_within = 20\n", "不认识的设置"},
		{"holidays = [2024-13-01]\n", "data/audit.toml:1"},
	} {
		dir := t.TempDir()
		os.MkdirAll(filepath.Join(dir, "data"), 0o755)
		os.WriteFile(filepath.Join(dir, "data", "audit.toml"), []byte(tc.src), 0o644)
		if _, err := LoadConfig(dir); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.src, err, tc.want)
		}
	}
	c, err := LoadConfig(t.TempDir())
	if err != nil || c.PublishWithin != 20 || c.Due(2023) != date("2024-03-31") {
		t.Errorf("defaults: %+v, %v", c, err)
	}
}
