// Package clock decides which day a build is made on. Every date decision of a build
// — the register's 有效性, the audit's deadlines, the manifest's date, the 已废止 notice
// on pages — is taken from one Now function, so that a test or a reproducible build
// can fix it: with --as-of or SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/)
// the same input gives the same output on any day.
package clock

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"xxgk/internal/record"
)

// EpochVar is the reproducible-builds convention's environment variable: the build's
// time in seconds since 1970-01-01 UTC.
const EpochVar = "SOURCE_DATE_EPOCH"

// Day is the start of t's day in Asia/Shanghai: the day a build is made on. Dates are
// judged per day, so that everything built on one day agrees, whatever the hour.
func Day(t time.Time) time.Time {
	t = t.In(record.Shanghai)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, record.Shanghai)
}

// Resolve returns the clock a command uses: the day asOf (a --as-of value such as
// 2025-06-30) when it is set, else the time in SOURCE_DATE_EPOCH (read with getenv)
// when that is set, else the system clock. Errors are in Chinese and name the value.
func Resolve(asOf string, getenv func(string) string) (func() time.Time, error) {
	if asOf = strings.TrimSpace(asOf); asOf != "" {
		d, err := time.ParseInLocation(time.DateOnly, asOf, record.Shanghai)
		if err != nil {
			return nil, fmt.Errorf("--as-of 的值 %q 不是日期：请写成 2025-06-30 这样的年-月-日", asOf)
		}
		return Fixed(d), nil
	}
	if v := strings.TrimSpace(getenv(EpochVar)); v != "" {
		sec, err := strconv.ParseInt(v, 10, 64)
		if err != nil || sec < 0 {
			return nil, fmt.Errorf("环境变量 %s 的值 %q 不是从 1970-01-01 起的秒数（非负整数），请改正或删除这个变量", EpochVar, v)
		}
		return Fixed(time.Unix(sec, 0).In(record.Shanghai)), nil
	}
	return time.Now, nil
}

// Fixed is a clock that always says t.
func Fixed(t time.Time) func() time.Time { return func() time.Time { return t } }
