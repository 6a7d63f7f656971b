package clock

import (
	"strings"
	"testing"
	"time"

	"xxgk/internal/record"
)

func TestResolve(t *testing.T) {
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == EpochVar {
				return v
			}
			return ""
		}
	}
	for _, tc := range []struct {
		name, asOf, epoch string
		want              string // the day in Shanghai; "" for the system clock
		err               string
	}{
		{name: "as-of", asOf: "2025-06-30", want: "2025-06-30"},
		{name: "as-of wins over the epoch", asOf: "2025-06-30", epoch: "0", want: "2025-06-30"},
		// 2024-12-31T16:30:00Z is already 1 January in Shanghai.
		{name: "epoch in Shanghai", epoch: "1735662600", want: "2025-01-01"},
		{name: "epoch zero", epoch: "0", want: "1970-01-01"},
		{name: "system clock", want: ""},
		{name: "bad as-of", asOf: "2025/06/30", err: "--as-of 的值 \"2025/06/30\" 不是日期"},
		{name: "as-of out of range", asOf: "2025-02-30", err: "不是日期"},
		{name: "bad epoch", epoch: "yesterday", err: "SOURCE_DATE_EPOCH 的值 \"yesterday\""},
		{name: "negative epoch", epoch: "-5", err: "非负整数"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now, err := Resolve(tc.asOf, env(tc.epoch))
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				if d := time.Since(now()); d < 0 || d > time.Second {
					t.Errorf("system clock is %v away from time.Now", d)
				}
				return
			}
			want := tc.want
			if got := now().In(record.Shanghai).Format(time.DateOnly); got != want {
				t.Errorf("day %s, want %s", got, want)
			}
			if !now().Equal(now()) {
				t.Error("a fixed clock moved")
			}
		})
	}
}

func TestDay(t *testing.T) {
	// 23:59:59 UTC on 31 December is 07:59:59 on 1 January in Shanghai.
	got := Day(time.Date(2024, 12, 31, 23, 59, 59, 0, time.UTC))
	if want := time.Date(2025, 1, 1, 0, 0, 0, 0, record.Shanghai); !got.Equal(want) {
		t.Errorf("Day = %v, want %v", got, want)
	}
	if d := Day(got); !d.Equal(got) {
		t.Errorf("Day of a day's start moved it: %v", d)
	}
}
