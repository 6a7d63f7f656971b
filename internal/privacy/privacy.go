// Package privacy finds personal data that must not be published unmasked: 18-digit
// resident identity numbers (GB 11643) with a valid check character and a real birth
// date, bank card numbers that pass the Luhn check, and mobile phone numbers. It scans
// text line by line and the attachments a school publishes with 公示 lists (CSV, TXT,
// XLSX, DOCX), and knows nothing about documents or sites.
package privacy

import (
	"strings"
	"time"
)

// Kind is what a finding is.
type Kind int

const (
	// IDNumber is an 18-digit 居民身份证号码 with a valid check character and birth date.
	IDNumber Kind = iota
	// BankCard is a 16–19 digit number that passes the Luhn check.
	BankCard
	// Mobile is an 11-digit mainland mobile number.
	Mobile
)

// Name is the kind's Chinese name, for messages.
func (k Kind) Name() string {
	switch k {
	case IDNumber:
		return "身份证号"
	case BankCard:
		return "银行卡号"
	default:
		return "手机号码"
	}
}

// Serious reports whether a finding of this kind stops publication: ID and card numbers
// do; a mobile number may be an office's published contact and is only a warning.
func (k Kind) Serious() bool { return k != Mobile }

// Match is one number found in a piece of text.
type Match struct {
	Kind   Kind
	Start  int    // byte offset in the text scanned
	Masked string // the value with its middle hidden, safe to print
}

// Find returns the personal numbers in s, in order. A number is a maximal run of digits
// (an ID's last character may be X): digits that are part of a longer run, of a decimal
// amount or of a word with letters are never read as a number of their own, so 索引号,
// dates, amounts and masked values ("110105********002X") are not found.
func Find(s string) []Match {
	var out []Match
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j < len(s) && (s[j] == 'X' || s[j] == 'x') && j-i == 17 {
			j++
		}
		run := s[i:j]
		if len(run) == 4 {
			// "6222 0212 3456 7890 123": a card written in groups of four.
			if g, end, ok := groupedCard(s, i); ok && standalone(s, i, end) && cardPrefix(g) && Luhn(g) {
				out = append(out, Match{Kind: BankCard, Start: i, Masked: maskMiddle(g, 4, 4)})
				i = end
				continue
			}
		}
		if standalone(s, i, j) {
			if m, ok := classify(run); ok {
				m.Start = i
				out = append(out, m)
			}
		}
		i = j
	}
	return out
}

// classify decides what a standalone run of digits is, if anything personal.
func classify(run string) (Match, bool) {
	switch n := len(run); {
	case n == 18 && ValidID(run):
		return Match{Kind: IDNumber, Masked: MaskID(run)}, true
	case n >= 16 && n <= 19 && run[n-1] != 'X' && run[n-1] != 'x' && cardPrefix(run) && Luhn(run):
		return Match{Kind: BankCard, Masked: maskMiddle(run, 4, 4)}, true
	case n == 11 && run[0] == '1' && run[1] >= '3' && run[1] <= '9':
		return Match{Kind: Mobile, Masked: maskMiddle(run, 3, 4)}, true
	}
	return Match{}, false
}

// groupedCard reads digits at s[i:] written as groups of four separated by single
// spaces or hyphens, the last group possibly shorter, 16–19 digits in all, and returns
// the digits and where they end.
func groupedCard(s string, i int) (string, int, bool) {
	var b strings.Builder
	j := i
	for {
		k := j
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		n := k - j
		if n == 0 || n > 4 || b.Len()+n > 19 {
			return "", 0, false
		}
		b.WriteString(s[j:k])
		j = k
		if n < 4 || j+1 >= len(s) || s[j] != ' ' && s[j] != '-' || !isDigit(s[j+1]) {
			break
		}
		j++
	}
	if b.Len() < 16 {
		return "", 0, false
	}
	return b.String(), j, true
}

// standalone reports whether s[i:j] is not part of a longer number or word: no digit,
// ASCII letter, decimal point between digits, or masking asterisk right beside it.
func standalone(s string, i, j int) bool {
	if i > 0 {
		c := s[i-1]
		if isDigit(c) || isLetter(c) || c == '*' || c == '_' || c == '/' {
			return false
		}
		if (c == '.' || c == '-') && i > 1 && isDigit(s[i-2]) {
			return false
		}
	}
	if j < len(s) {
		c := s[j]
		if isDigit(c) || isLetter(c) || c == '*' || c == '_' {
			return false
		}
		if (c == '.' || c == '-') && j+1 < len(s) && isDigit(s[j+1]) {
			return false
		}
	}
	return true
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// idWeights are GB 11643's weights of the first 17 digits; the weighted sum modulo 11
// indexes idCheck.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheck = "10X98765432"

// ValidID reports whether s is an 18-character identity number with a valid check
// character (X in either case) and a real birth date (digits 7–14, from 1900 on) in
// an area whose first digit is 1–8.
func ValidID(s string) bool {
	if len(s) != 18 || s[0] < '1' || s[0] > '8' {
		return false
	}
	sum := 0
	for i := range 17 {
		if !isDigit(s[i]) {
			return false
		}
		sum += int(s[i]-'0') * idWeights[i]
	}
	last := s[17]
	if last == 'x' {
		last = 'X'
	}
	if idCheck[sum%11] != last {
		return false
	}
	return RealDate(s[6:14])
}

// RealDate reports whether yyyymmdd is a date that exists, from 1900 to 2099.
func RealDate(yyyymmdd string) bool {
	t, err := time.Parse("20060102", yyyymmdd)
	return err == nil && t.Year() >= 1900 && t.Year() <= 2099
}

// Luhn reports whether the digits of s pass the Luhn (mod 10) check.
func Luhn(s string) bool {
	if s == "" {
		return false
	}
	sum := 0
	for i := range len(s) {
		c := s[len(s)-1-i]
		if !isDigit(c) {
			return false
		}
		d := int(c - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

// cardPrefix reports whether s starts like a payment card: 3 (American Express, JCB),
// 4 (Visa), 5 (Mastercard) or 6 (UnionPay 62, Discover). Numbers starting with other
// digits (such as the 1, 5 or 9 of a unified social credit code written only in
// digits) are left alone unless they start with 5.
func cardPrefix(s string) bool { return s[0] >= '3' && s[0] <= '6' }

// MaskID hides an identity number's birth date and sequence: the first six and the
// last four characters stay, as 公示 lists are asked to print them.
func MaskID(s string) string { return maskMiddle(strings.ToUpper(s), 6, 4) }

func maskMiddle(s string, head, tail int) string {
	if len(s) <= head+tail {
		return strings.Repeat("*", len(s))
	}
	return s[:head] + strings.Repeat("*", len(s)-head-tail) + s[len(s)-tail:]
}
