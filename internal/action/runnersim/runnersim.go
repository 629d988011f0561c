// Package runnersim reads what a step wrote the way the GitHub Actions
// runner does, for tests: workflow commands in the log (the "::" syntax
// and the legacy "##[" one, with stop-commands) and the file-command files
// (GITHUB_OUTPUT, GITHUB_ENV). It follows actions/runner's
// ActionCommand.TryParseV2/TryParse, ActionCommandManager and
// FileCommandManager; it is a test oracle, not a complete runner.
package runnersim

import (
	"fmt"
	"strings"
)

// Registered are the commands the runner knows (case-insensitive).
var Registered = []string{
	"add-mask", "add-matcher", "remove-matcher", "add-path", "debug", "echo",
	"error", "warning", "notice", "group", "endgroup", "save-state", "set-env",
	"set-output", "stop-commands",
}

// Command is one workflow command found in a log.
type Command struct {
	Name       string
	Properties map[string]string
	Data       string
	Legacy     bool   // parsed from the "##[" syntax
	Line       string // the log line it came from
}

// SplitLines splits a log as .NET's TextReader.ReadLine does: at LF, CR
// and CRLF.
func SplitLines(log string) []string {
	var out []string
	for len(log) > 0 {
		i := strings.IndexAny(log, "\r\n")
		if i < 0 {
			out = append(out, log)
			break
		}
		out = append(out, log[:i])
		if log[i] == '\r' && i+1 < len(log) && log[i+1] == '\n' {
			i++
		}
		log = log[i+1:]
	}
	return out
}

// Commands returns the commands the runner would process in log, honoring
// stop-commands/resume.
func Commands(log string) []Command {
	registered := map[string]bool{}
	for _, c := range Registered {
		registered[c] = true
	}
	var out []Command
	stopToken := ""
	for _, line := range SplitLines(log) {
		cmd, ok := Parse(line, registered)
		if !ok {
			continue
		}
		if stopToken != "" {
			if strings.EqualFold(cmd.Name, stopToken) {
				delete(registered, strings.ToLower(stopToken))
				stopToken = ""
			}
			continue
		}
		if strings.EqualFold(cmd.Name, "stop-commands") && cmd.Data != "" {
			stopToken = cmd.Data
			registered[strings.ToLower(stopToken)] = true
		}
		out = append(out, cmd)
	}
	return out
}

// Parse parses one log line as the runner does: the "::" syntax first,
// then the legacy "##[" syntax anywhere in the line.
func Parse(line string, registered map[string]bool) (Command, bool) {
	if c, ok := parseV2(line, registered); ok {
		return c, true
	}
	return parseLegacy(line, registered)
}

func parseV2(line string, registered map[string]bool) (Command, bool) {
	msg := strings.TrimLeft(line, " \t\v\f\u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
	if !strings.HasPrefix(msg, "::") {
		return Command{}, false
	}
	end := strings.Index(msg[2:], "::")
	if end < 0 {
		return Command{}, false
	}
	end += 2
	info := msg[2:end]
	name, props, hasProps := strings.Cut(info, " ")
	if !registered[strings.ToLower(name)] {
		return Command{}, false
	}
	c := Command{Name: name, Properties: map[string]string{}, Line: line}
	if hasProps && name != "" {
		for _, p := range strings.Split(strings.TrimSpace(props), ",") {
			k, v, ok := strings.Cut(p, "=")
			if ok && k != "" && v != "" {
				c.Properties[strings.ToLower(k)] = unescapeProperty(v)
			}
		}
	}
	c.Data = unescapeData(msg[end+2:])
	return c, true
}

func parseLegacy(line string, registered map[string]bool) (Command, bool) {
	i := strings.Index(line, "##[")
	if i < 0 {
		return Command{}, false
	}
	rb := strings.IndexByte(line[i:], ']')
	if rb < 0 {
		return Command{}, false
	}
	rb += i
	info := line[i+3 : rb]
	name, props, hasProps := strings.Cut(info, " ")
	if !registered[strings.ToLower(name)] {
		return Command{}, false
	}
	c := Command{Name: name, Properties: map[string]string{}, Legacy: true, Line: line}
	if hasProps {
		for _, p := range strings.Split(props, ";") {
			k, v, ok := strings.Cut(p, "=")
			if ok && k != "" && v != "" {
				c.Properties[strings.ToLower(k)] = unescapeLegacy(v)
			}
		}
	}
	c.Data = unescapeLegacy(line[rb+1:])
	return c, true
}

func unescapeData(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%25", "%").Replace(s)
}

func unescapeProperty(s string) string {
	return strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%").Replace(s)
}

func unescapeLegacy(s string) string {
	return strings.NewReplacer("%3B", ";", "%0D", "\r", "%0A", "\n", "%5D", "]", "%25", "%").Replace(s)
}

// Entry is one name/value pair of a file-command file.
type Entry struct{ Name, Value string }

// ParseFileCommands reads a GITHUB_OUTPUT / GITHUB_ENV file as the
// runner's FileCommandManager does: "name=value" lines and
// "name<<DELIMITER" heredocs ending at a line equal to the delimiter.
func ParseFileCommands(text string) ([]Entry, error) {
	var out []Entry
	idx := 0
	readLine := func() (line string, ok bool, hadNewline bool) {
		if idx >= len(text) {
			return "", false, false
		}
		j := strings.IndexByte(text[idx:], '\n')
		if j < 0 {
			line = text[idx:]
			idx = len(text)
			return line, true, false
		}
		line = text[idx : idx+j]
		idx += j + 1
		return line, true, true
	}
	for {
		line, ok, _ := readLine()
		if !ok {
			return out, nil
		}
		if line == "" {
			continue
		}
		eq := strings.Index(line, "=")
		hd := strings.Index(line, "<<")
		switch {
		case eq >= 0 && (hd < 0 || eq < hd):
			if eq == 0 {
				return out, fmt.Errorf("invalid format %q", line)
			}
			out = append(out, Entry{line[:eq], line[eq+1:]})
		case hd >= 0 && (eq < 0 || hd < eq):
			name, delim := line[:hd], line[hd+2:]
			if name == "" || delim == "" {
				return out, fmt.Errorf("invalid format %q", line)
			}
			start, end := idx, idx
			for {
				l, ok, nl := readLine()
				if !ok {
					return out, fmt.Errorf("matching delimiter not found %q", delim)
				}
				if l == delim {
					break
				}
				if !nl {
					return out, fmt.Errorf("EOF marker missing new line")
				}
				end = idx - 1
			}
			value := ""
			if end > start {
				value = text[start:end]
			}
			out = append(out, Entry{name, value})
		default:
			return out, fmt.Errorf("invalid format %q", line)
		}
	}
}
