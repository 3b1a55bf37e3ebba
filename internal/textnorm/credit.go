package textnorm

import "bytes"

// agencies are news agencies whose name alone on a line is the story's
// credit ("Reuter" closes every 1980s Reuters wire story). Matched in any
// case.
var agencies = map[string]bool{
	"reuter": true, "reuters": true, "ap": true, "afp": true, "upi": true, "kyodo": true,
	"xinhua": true, "dpa": true, "ansa": true, "tass": true, "yonhap": true, "efe": true,
	"pa": true, "aap": true, "bernama": true, "anatolia": true, "itar-tass": true,
}

// creditCues begin a bracketed credit: "(Reporting by …)", "(Editing by …)".
var creditCues = [][]byte{
	[]byte("reporting by"), []byte("additional reporting by"), []byte("editing by"),
	[]byte("writing by"), []byte("compiled by"), []byte("photo by"), []byte("photos by"),
}

// blankCredits blanks agency lines and bracketed credits.
func blankCredits(b []byte) {
	lines(b, func(start, end int) {
		i, j := trimSpan(b, start, end)
		j = trimEndOfText(b, i, j)
		if i < j && agencies[string(bytes.ToLower(bytes.Trim(b[i:j], ".-–— ")))] {
			blank(b, start, end)
		}
	})
	for i := 0; i < len(b); i++ {
		if b[i] != '(' && b[i] != '[' {
			continue
		}
		shut := byte(')')
		if b[i] == '[' {
			shut = ']'
		}
		j := bytes.IndexByte(b[i:min(len(b), i+400)], shut)
		if j < 0 {
			continue
		}
		if isCreditCue(b[i+1 : i+j]) {
			blank(b, i, i+j+1)
			i += j
		}
	}
}

// trimEndOfText drops the SGML end-of-text mark ("&#3;", or the control
// character it stands for) that follows "Reuter" in the raw corpus files.
func trimEndOfText(b []byte, i, j int) int {
	for {
		switch {
		case j > i && b[j-1] == 3:
			j--
		case bytes.HasSuffix(b[i:j], []byte("&#3;")):
			j -= 4
		default:
			return j
		}
		for j > i && isSpace(b[j-1]) {
			j--
		}
	}
}

func isCreditCue(inner []byte) bool {
	inner = bytes.ToLower(bytes.TrimLeft(inner, " "))
	for _, c := range creditCues {
		if bytes.HasPrefix(inner, c) {
			return true
		}
	}
	return false
}
