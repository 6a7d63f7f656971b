package scheme

import (
	"strings"
	"testing"
)

// The shapes of real catalogues (issue 13), each written as a scheme, with a number of
// that shape (values invented) and what it reads as.
var shapes = []struct {
	name    string
	pattern string
	vars    Vars
	number  string
	year    int
	serial  int
	next    string // New(year, serial+1)
}{
	{"default", Default, Vars{Code: "lxzz"}, "lxzz-2024-00012", 2024, 12, "lxzz-2024-00013"},
	{"9-character organisation code / year-serial", "{prefix}/{year}-{serial:5}",
		Vars{Code: "sjyj", Prefix: "000016872"}, "000016872/2024-00012", 2024, 12, "000016872/2024-00013"},
	{"unified social credit code / year-serial", "{prefix}/{year}-{serial:5}",
		Vars{Code: "dgzz", Prefix: "11441700007280420Y"}, "11441700007280420Y/2021-00050", 2021, 50, "11441700007280420Y/2021-00051"},
	{"10-digit code / year-serial of any length", "{prefix}/{year}-{serial}",
		Vars{Code: "hzjyj", Prefix: "3305000021"}, "3305000021/2023-120448", 2023, 120448, "3305000021/2023-120449"},
	{"organisation code - year - serial of any length", "{prefix}-{year}-{serial}",
		Vars{Code: "xqjyj", Prefix: "01536624X"}, "01536624X-2021-104522", 2021, 104522, "01536624X-2021-104523"},
	{"pinyin department prefix / year-serial", "{prefix}/{year}-{serial:5}",
		Vars{Code: "jyk", Prefix: "jiaoyuke"}, "jiaoyuke/2024-00031", 2024, 31, "jiaoyuke/2024-00032"},
	{"ministry scheme: category segment and a trailing digit", "{prefix}-{category}-{year}-{serial:4}-2",
		Vars{Code: "jyb", Prefix: "360A05", Categories: []string{"03"}}, "360A05-03-2021-0027-2", 2021, 27, "360A05-03-2021-0028-2"},
	{"code and serial without a year", "{code}-{serial:6}", Vars{Code: "lxzz"}, "lxzz-000007", 0, 7, "lxzz-000008"},
}

func TestShapes(t *testing.T) {
	for _, tt := range shapes {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Compile(tt.pattern)
			if err != nil {
				t.Fatal(err)
			}
			n, ok := p.Match(tt.number, tt.vars)
			if !ok {
				t.Fatalf("%s does not accept %s", tt.pattern, tt.number)
			}
			if n.Year != tt.year || n.Serial != tt.serial {
				t.Errorf("read (year %d, serial %d), want (%d, %d)", n.Year, n.Serial, tt.year, tt.serial)
			}
			if got := p.Format(tt.vars, n); got != tt.number {
				t.Errorf("Format(Match(%s)) = %s", tt.number, got)
			}
			if err := p.Allocatable(); err != nil {
				t.Fatal(err)
			}
			next, err := p.New(tt.vars, tt.year, tt.serial+1)
			if err != nil || next != tt.next {
				t.Errorf("New = %q, %v; want %q", next, err, tt.next)
			}
			if m, ok := p.Match(next, tt.vars); !ok || m.Serial != tt.serial+1 {
				t.Errorf("the allocated %s is not read back as serial %d", next, tt.serial+1)
			}
		})
	}
}

func TestUnknownStructure(t *testing.T) {
	p := MustCompile("{*}")
	for _, s := range []string{"B31020-0317-0412-6100-2275-1843", "ABC", "2024-1"} {
		n, ok := p.Match(s, Vars{Code: "x"})
		if !ok || p.Format(Vars{Code: "x"}, n) != s {
			t.Errorf("{*} should accept %q and give it back, got %v %q", s, ok, p.Format(Vars{}, n))
		}
	}
	for _, s := range []string{"", "B31020/0317", "a b", "中文", "ａｂ"} {
		if _, ok := p.Match(s, Vars{}); ok {
			t.Errorf("{*} accepts %q", s)
		}
	}
	if p.Allocatable() == nil {
		t.Error("a pattern with {*} cannot allocate")
	}
	// {*} with a year after it: the year is still read.
	q := MustCompile("{*}/{year}-{serial}")
	if n, ok := q.Match("B31-0317/2022-15", Vars{}); !ok || n.Year != 2022 || n.Serial != 15 || n.Rest[0] != "B31-0317" {
		t.Errorf("got %+v %v", n, ok)
	}
}

func TestNearMisses(t *testing.T) {
	tests := []struct {
		pattern, number string
		vars            Vars
	}{
		{"{prefix}/{year}-{serial:5}", "000016873/2024-00012", Vars{Prefix: "000016872"}},                                        // wrong prefix
		{"{prefix}/{year}-{serial:5}", "000016872/2024-0012", Vars{Prefix: "000016872"}},                                         // 4 digits for {serial:5}
		{"{prefix}/{year}-{serial:5}", "000016872/2024-000012", Vars{Prefix: "000016872"}},                                       // 6 digits
		{"{prefix}/{year}-{serial:5}", "000016872／2024-00012", Vars{Prefix: "000016872"}},                                        // full-width slash
		{"{prefix}/{year}-{serial:5}", "000016872/2024－00012", Vars{Prefix: "000016872"}},                                        // full-width hyphen
		{"{prefix}/{year}-{serial:5}", "000016872/24-00012", Vars{Prefix: "000016872"}},                                          // two-digit year
		{"{prefix}/{year}-{serial:5}", "000016872/2024-00012 ", Vars{Prefix: "000016872"}},                                       // trailing space
		{"{prefix}/{year}-{serial:5}", "000016872-2024-00012", Vars{Prefix: "000016872"}},                                        // '-' for '/'
		{"{code}-{year}-{serial:5}", "lxzz-2024-00012", Vars{Code: "lxzj"}},                                                      // another code
		{"{code}-{year}-{serial:5}", "LXZZ-2024-00012", Vars{Code: "lxzz"}},                                                      // case
		{"{prefix}-{category}-{year}-{serial:4}-2", "360A05-04-2021-0027-2", Vars{Prefix: "360A05", Categories: []string{"03"}}}, // category
		{"{prefix}-{category}-{year}-{serial:4}-2", "360A05-03-2021-0027-3", Vars{Prefix: "360A05", Categories: []string{"03"}}}, // trailing digit
	}
	for _, tt := range tests {
		if n, ok := MustCompile(tt.pattern).Match(tt.number, tt.vars); ok {
			t.Errorf("%s accepts %q as %+v", tt.pattern, tt.number, n)
		}
	}
}

func TestCompileErrors(t *testing.T) {
	for _, src := range []string{
		"", "{code}-{yr}-{serial}", "{code}-{year}-{serial:0}", "{code}-{year}-{serial:x}",
		"{code}-{year}-{serial", "{code}}", "{code} {serial}", "{code}／{serial}", "机构-{serial}",
		"{year}-{year}-{serial}", "{serial}-{serial:3}", "{serial}{year}", "{*}{serial}", strings.Repeat("a", 101),
	} {
		if p, err := Compile(src); err == nil {
			t.Errorf("Compile(%q) = %v, want an error", src, p)
		} else if !strings.Contains(err.Error(), "编号规则") {
			t.Errorf("error %q does not name the scheme", err)
		}
	}
	for _, src := range []string{"{code}-{year}-{serial:5}", "{year}{serial}", "{code}{year}{serial:3}", "A_{serial}.x"} {
		if _, err := Compile(src); err != nil {
			t.Errorf("Compile(%q): %v", src, err)
		}
	}
	if MustCompile("{code}-{year}").Allocatable() == nil {
		t.Error("a format without {serial} cannot allocate")
	}
}

func TestNewOverflow(t *testing.T) {
	p := MustCompile(Default)
	if _, err := p.New(Vars{Code: "lxzz"}, 2024, 100000); err == nil {
		t.Error("serial 100000 does not fit {serial:5}")
	}
	if s, err := MustCompile("{code}-{year}-{serial}").New(Vars{Code: "a"}, 2024, 100000); err != nil || s != "a-2024-100000" {
		t.Errorf("got %q, %v", s, err)
	}
}

func TestAnyOwner(t *testing.T) {
	p := MustCompile("{prefix}/{year}-{serial:5}")
	if _, ok := p.Match("000016873/2024-00012", Vars{Prefix: "000016872", AnyOwner: true}); !ok {
		t.Error("with AnyOwner, another body's number of the same shape matches")
	}
	if _, ok := p.Match("000016873-2024-00012", Vars{Prefix: "000016872", AnyOwner: true}); ok {
		t.Error("a number of another shape does not match, whoever owns it")
	}
}

func TestSeries(t *testing.T) {
	p := MustCompile("{prefix}/{year}-{serial}")
	v := Vars{Prefix: "3305000021"}
	a, _ := p.Match("3305000021/2023-9", v)
	b, _ := p.Match("3305000021/2023-120448", v)
	c, _ := p.Match("3305000021/2024-9", v)
	if p.Series(v, a) != p.Series(v, b) || p.Series(v, a) == p.Series(v, c) {
		t.Error("numbers of one year are one series, of another year another")
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"lxzz-2024-00012":                 "lxzz-2024-00012",
		"000016872/2024-00012":            "000016872-2024-00012",
		"01536624X-2021-104522":           "01536624x-2021-104522",
		"B31020-0317-0412-6100-2275-1843": "b31020-0317-0412-6100-2275-1843",
		"a.b_c":                           "a-b-c",
		"文件2024":                          "--2024",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzPattern checks, for any pattern and number, that nothing panics, that an accepted
// number is written back exactly, and that its slug is URL-safe.
func FuzzPattern(f *testing.F) {
	for _, s := range shapes {
		f.Add(s.pattern, s.number, s.vars.Prefix)
	}
	f.Add("{*}", "B31020-0317-0412-6100-2275-1843", "")
	f.Add("{*}-{year}-{*}", "a-1-2-2024-b-c", "")
	f.Fuzz(func(t *testing.T, pattern, number, prefix string) {
		p, err := Compile(pattern)
		if err != nil {
			return
		}
		v := Vars{Code: "lxzz", Prefix: prefix, Categories: []string{"03", "0301"}}
		n, ok := p.Match(number, v)
		if ok {
			if got := p.Format(v, n); got != number {
				t.Fatalf("Format(Match(%q)) = %q with %s", number, got, pattern)
			}
		}
		for _, c := range Slug(number) {
			if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-') {
				t.Fatalf("slug of %q has %q", number, c)
			}
		}
		if p.Allocatable() == nil {
			if s, err := p.New(v, 2024, 7); err == nil {
				if m, ok := p.Match(s, v); ok && (m.Serial != 7 || p.HasYear() && m.Year != 2024) {
					t.Fatalf("%s: New gives %q, read back as %+v", pattern, s, m)
				}
			}
		}
	})
}
