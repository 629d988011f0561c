package action

import (
	"bytes"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// safeLog wraps a writer that the Actions runner reads (the step's stdout
// or stderr) for plain text that may hold untrusted bytes: file names,
// messages and values from the linted files. The runner treats a line as a
// workflow command when, after leading white space, it starts with "::",
// and also (legacy syntax) when it contains "##[" anywhere; it splits lines
// at LF, CR and CRLF. safeLog writes each line so that none of that can
// happen:
//
//   - CR and every other control character but tab (ESC of ANSI sequences,
//     NUL, DEL, C1 controls), bidi and other invisible format characters, and
//     invalid UTF-8 become visible escapes (\r, \x1b, \u202e, \xff), so
//     only LF ends a line and nothing can repaint the log;
//   - a line whose first non-space characters are "::" gets a backslash
//     before them;
//   - "##[" becomes `##\[`.
//
// Lines are processed whole: partial writes are buffered until LF or Close.
type safeLog struct {
	w   io.Writer
	buf []byte
}

func newSafeLog(w io.Writer) *safeLog { return &safeLog{w: w} }

func (s *safeLog) Write(p []byte) (int, error) {
	s.buf = append(s.buf, p...)
	for {
		i := bytes.IndexByte(s.buf, '\n')
		if i < 0 {
			break
		}
		if _, err := io.WriteString(s.w, neutralizeLine(string(s.buf[:i]))+"\n"); err != nil {
			return 0, err
		}
		s.buf = s.buf[i+1:]
	}
	return len(p), nil
}

// Close writes a final unterminated line, with a newline.
func (s *safeLog) Close() error {
	if len(s.buf) == 0 {
		return nil
	}
	line := neutralizeLine(string(s.buf))
	s.buf = nil
	_, err := io.WriteString(s.w, line+"\n")
	return err
}

// neutralizeLine makes one line (without its LF) inert for the runner.
func neutralizeLine(line string) string {
	line = visible(line)
	trimmed := strings.TrimLeftFunc(line, unicode.IsSpace)
	if strings.HasPrefix(trimmed, "::") {
		line = line[:len(line)-len(trimmed)] + `\` + trimmed
	}
	return strings.ReplaceAll(line, "##[", `##\[`)
}

// visible escapes what unicode.IsPrint rejects (control characters but
// tab, format characters, spaces other than U+0020, unassigned code points)
// and invalid UTF-8 as Go escapes; printable text is unchanged.
func visible(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || r != '\t' && !unicode.IsPrint(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteByte(hexDigit(s[i] >> 4))
			b.WriteByte(hexDigit(s[i] & 0xf))
		case r == '\t' || unicode.IsPrint(r):
			b.WriteString(s[i : i+size])
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\n':
			b.WriteString(`\n`)
		case r < 0x80:
			b.WriteString(`\x`)
			b.WriteByte(hexDigit(byte(r) >> 4))
			b.WriteByte(hexDigit(byte(r) & 0xf))
		case r < 0x10000:
			b.WriteString(`\u`)
			for sh := 12; sh >= 0; sh -= 4 {
				b.WriteByte(hexDigit(byte(r >> sh & 0xf)))
			}
		default:
			b.WriteString(`\U`)
			for sh := 28; sh >= 0; sh -= 4 {
				b.WriteByte(hexDigit(byte(r >> sh & 0xf)))
			}
		}
		i += size
	}
	return b.String()
}

func hexDigit(b byte) byte { return "0123456789abcdef"[b&0xf] }
