package linkcheck

import (
	"bytes"
	"slices"

	"golang.org/x/net/html"
)

// htmlRefs calls ref with the value of every href and src attribute of the start
// tags of the HTML page src, as golang.org/x/net/html's Tokenizer reads them (its
// TagAttr: the first of an attribute's repeats, character references decoded).
//
// It follows the Tokenizer's states byte for byte but skips text with IndexByte,
// which makes it several times faster on the pages a build writes (the link check
// reads every page). Where the Tokenizer's work is intricate, a tag whose href or src
// needs decoding, or a script whose text holds a '<' before its end tag, it hands
// over: the tag alone to the Tokenizer, or the whole page. FuzzHTMLRefs checks that
// the two agree.
func htmlRefs(src []byte, ref func(string)) {
	var found []string
	if !scanRefs(src, func(s string) { found = append(found, s) }) {
		tokenizerRefs(src, ref)
		return
	}
	for _, s := range found {
		ref(s)
	}
}

// tokenizerRefs is htmlRefs through the Tokenizer.
func tokenizerRefs(src []byte, ref func(string)) {
	z := html.NewTokenizer(bytes.NewReader(src))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		for {
			k, v, more := z.TagAttr()
			if string(k) == "href" || string(k) == "src" {
				ref(string(v))
			}
			if !more {
				break
			}
		}
	}
}

// scanRefs is htmlRefs without the Tokenizer; false if src needs it after all (ref
// may have been called by then).
func scanRefs(src []byte, ref func(string)) bool {
	s := refScanner{src: src}
	for {
		j := bytes.IndexByte(src[s.i:], '<')
		if j < 0 {
			return true
		}
		s.i += j + 1
		c, ok := s.next()
		if !ok {
			return true
		}
		switch {
		case isLetter(c):
			start := s.i - 2
			name, attrs, ok := s.tag()
			if !ok {
				return true // a tag cut short by the end: the Tokenizer stops there
			}
			if slices.ContainsFunc(attrs, func(a span) bool { return needsDecoding(src[a.start:a.end]) }) {
				tokenizerRefs(src[start:s.i], ref)
			} else {
				for _, a := range attrs {
					ref(string(src[a.start:a.end]))
				}
			}
			switch raw := rawTag(name); raw {
			case "":
			case "plaintext":
				return true
			case "script":
				if !s.scriptText() {
					return false
				}
			default:
				s.rawText(raw)
			}
		case c == '/':
			c, ok := s.next()
			switch {
			case !ok:
				return true
			case c == '>':
			case isLetter(c):
				if _, _, ok := s.tag(); !ok {
					return true
				}
			default:
				s.i--
				s.untilCloseAngle()
			}
		case c == '!':
			if bytes.HasPrefix(src[s.i:], []byte("--")) {
				s.i += 2
				s.comment()
			} else {
				s.untilCloseAngle() // a doctype or a bogus comment: both end at the next '>'
			}
		case c == '?':
			s.i--
			s.untilCloseAngle()
		default:
			s.i-- // text: the byte after '<' is read again (it may be another '<')
		}
	}
}

// needsDecoding reports whether the Tokenizer changes the attribute value v: it
// decodes character references, turns CR and CRLF into LF and NUL into U+FFFD.
func needsDecoding(v []byte) bool {
	return bytes.ContainsAny(v, "&\r\x00")
}

// refScanner reads src from i, as the Tokenizer's readByte does.
type refScanner struct {
	src []byte
	i   int
}

type span struct{ start, end int }

func (s *refScanner) next() (byte, bool) {
	if s.i >= len(s.src) {
		return 0, false
	}
	s.i++
	return s.src[s.i-1], true
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f'
}

// skipSpace is the Tokenizer's skipWhiteSpace; false at the end of src.
func (s *refScanner) skipSpace() bool {
	for s.i < len(s.src) && isSpace(s.src[s.i]) {
		s.i++
	}
	return s.i < len(s.src)
}

// tag reads a tag as the Tokenizer's readTag does, from just after its name's first
// letter: the name, the values of its first href and first src attributes, and
// false if src ends inside it.
func (s *refScanner) tag() (name []byte, attrs []span, ok bool) {
	start := s.i - 1
	for {
		c, ok := s.next()
		if !ok {
			return nil, nil, false
		}
		if isSpace(c) {
			name = s.src[start : s.i-1]
			break
		}
		if c == '/' || c == '>' {
			s.i--
			name = s.src[start:s.i]
			break
		}
	}
	if !s.skipSpace() {
		return nil, nil, false
	}
	var href, src bool
	for {
		c, ok := s.next()
		if !ok {
			return nil, nil, false
		}
		if c == '>' {
			return name, attrs, true
		}
		s.i--
		key := s.attrKey()
		val, ok := s.attrVal()
		if !ok {
			return nil, nil, false
		}
		switch {
		case !href && equalFold(key, "href"):
			href = true
			attrs = append(attrs, val)
		case !src && equalFold(key, "src"):
			src = true
			attrs = append(attrs, val)
		}
		if !s.skipSpace() {
			return nil, nil, false
		}
	}
}

// attrKey is the Tokenizer's readTagAttrKey.
func (s *refScanner) attrKey() []byte {
	start := s.i
	for s.i < len(s.src) {
		c := s.src[s.i]
		s.i++
		switch c {
		case '=':
			if s.i == start+1 {
				continue // an '=' that starts a name is part of it
			}
			fallthrough
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			s.i--
			return s.src[start:s.i]
		}
	}
	return s.src[start:s.i]
}

// attrVal is the Tokenizer's readTagAttrVal; false if src ends in it.
func (s *refScanner) attrVal() (span, bool) {
	empty := span{s.i, s.i}
	if !s.skipSpace() {
		return empty, false
	}
	c, _ := s.next()
	if c == '/' {
		return empty, true
	}
	if c != '=' {
		s.i--
		return empty, true
	}
	if !s.skipSpace() {
		return empty, false
	}
	quote, _ := s.next()
	switch quote {
	case '>':
		s.i--
		return empty, true
	case '\'', '"':
		j := bytes.IndexByte(s.src[s.i:], quote)
		if j < 0 {
			return empty, false
		}
		v := span{s.i, s.i + j}
		s.i += j + 1
		return v, true
	}
	start := s.i - 1
	for s.i < len(s.src) {
		c := s.src[s.i]
		if isSpace(c) {
			s.i++
			return span{start, s.i - 1}, true
		}
		if c == '>' {
			return span{start, s.i}, true
		}
		s.i++
	}
	return empty, false
}

// untilCloseAngle is the Tokenizer's readUntilCloseAngle: past the next '>', or to
// the end.
func (s *refScanner) untilCloseAngle() {
	if j := bytes.IndexByte(s.src[s.i:], '>'); j >= 0 {
		s.i += j + 1
	} else {
		s.i = len(s.src)
	}
}

// comment is the Tokenizer's readComment, from just after "<!--".
func (s *refScanner) comment() {
	dashes, beginning := 0, true
	for {
		c, ok := s.next()
		if !ok {
			return
		}
		switch c {
		case '-':
			dashes++
			continue
		case '>':
			if dashes >= 2 || beginning {
				return
			}
		case '!':
			if dashes >= 2 {
				c, ok := s.next()
				if !ok || c == '>' {
					return
				}
				if c == '-' {
					dashes, beginning = 1, false
					continue
				}
			}
		}
		dashes, beginning = 0, false
	}
}

// rawTags are the elements whose text the Tokenizer reads raw, to their end tag.
var rawTags = []string{"iframe", "noembed", "noframes", "noscript", "plaintext", "script", "style", "textarea", "title", "xmp"}

// rawTag is the element of rawTags named name (in any case), or "".
func rawTag(name []byte) string {
	for _, t := range rawTags {
		if equalFold(name, t) {
			return t
		}
	}
	return ""
}

// equalFold reports whether b is lower, its ASCII letters in any case.
func equalFold(b []byte, lower string) bool {
	if len(b) != len(lower) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// rawText skips the text of the raw element tag, as the Tokenizer's
// readRawOrRCDATA does: to just before its end tag, or to the end.
func (s *refScanner) rawText(tag string) {
	for {
		j := bytes.Index(s.src[s.i:], []byte("</"))
		if j < 0 {
			s.i = len(s.src)
			return
		}
		s.i += j + 2
		if s.endTagOf(tag) {
			s.i -= 2
			return
		}
	}
}

// endTagOf reports whether src continues, after "</", with tag's name and a space,
// '/' or '>'.
func (s *refScanner) endTagOf(tag string) bool {
	rest := s.src[s.i:]
	return len(rest) > len(tag) && equalFold(rest[:len(tag)], tag) &&
		(isSpace(rest[len(tag)]) || rest[len(tag)] == '/' || rest[len(tag)] == '>')
}

// scriptText skips a script's text when its first '<' starts its end tag, and is
// false otherwise: the Tokenizer's rules for a script's text (escapes in "<!--")
// are not followed here.
func (s *refScanner) scriptText() bool {
	j := bytes.IndexByte(s.src[s.i:], '<')
	if j < 0 {
		s.i = len(s.src)
		return true
	}
	s.i += j
	if bytes.HasPrefix(s.src[s.i:], []byte("</")) {
		s.i += 2
		ok := s.endTagOf("script")
		s.i -= 2
		return ok
	}
	return false
}
