package main

import "strings"

// token is a shell word (raw, quotes still in place) or an operator. The
// build scripts are plain bash; only the operators they use are recognised.
type token struct {
	op   string // "" for a word
	word string
}

var operators = []string{"<<-", "<<", ">>", "&&", "||", ">", "<", "|", ";"}

// tokenize splits one logical line into words and operators, keeping quoted
// text and $(...) together and dropping a trailing comment.
func tokenize(line string) []token {
	var toks []token
	var cur strings.Builder
	inWord := false
	flush := func() {
		if inWord {
			toks = append(toks, token{word: cur.String()})
			cur.Reset()
			inWord = false
		}
	}
	for i := 0; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			flush()
		case c == '#' && !inWord:
			flush()
			return toks
		case c == '\'' || c == '"' || c == '`':
			j := closing(line, i, c)
			cur.WriteString(line[i:j])
			inWord = true
			i = j - 1
		case c == '\\' && i+1 < len(line):
			cur.WriteString(line[i : i+2])
			inWord = true
			i++
		case c == '$' && i+1 < len(line) && line[i+1] == '(':
			j := closeParen(line, i+1)
			cur.WriteString(line[i:j])
			inWord = true
			i = j - 1
		default:
			op := operatorAt(line, i)
			fdRedirect := (op == ">" || op == ">>" || op == "<") && digitsOnly(cur.String(), inWord)
			if op != "" && !fdRedirect {
				flush()
				toks = append(toks, token{op: op})
				i += len(op) - 1
				continue
			}
			cur.WriteByte(c)
			inWord = true
		}
	}
	flush()
	return toks
}

// digitsOnly reports whether the word so far is a file descriptor number, as
// in 2>&1, so that the redirection stays part of one word we ignore.
func digitsOnly(s string, inWord bool) bool {
	if !inWord || s == "" {
		return false
	}
	return strings.Trim(s, "0123456789") == ""
}

func operatorAt(line string, i int) string {
	for _, op := range operators {
		if strings.HasPrefix(line[i:], op) {
			return op
		}
	}
	return ""
}

// closing returns the index just past the quote that closes line[i].
func closing(line string, i int, q byte) int {
	for j := i + 1; j < len(line); j++ {
		if line[j] == '\\' && q != '\'' {
			j++
			continue
		}
		if line[j] == q {
			return j + 1
		}
	}
	return len(line)
}

// closeParen returns the index just past the parenthesis matching line[i].
func closeParen(line string, i int) int {
	depth := 0
	for j := i; j < len(line); j++ {
		switch line[j] {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return j + 1
			}
		}
	}
	return len(line)
}
