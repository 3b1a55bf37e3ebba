package pairs

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReadMSRP(t *testing.T) {
	in := "\xef\xbb\xbfQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n" +
		"1\t10\t11\tThe cat sat.\tA cat was sitting.\r\n" +
		"\r\n" +
		"0\t12\t13\tShares rose 5%.\tShares fell\tsharply.\r\n"
	got, err := ReadMSRP(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := []Pair{
		{ID1: "10", ID2: "11", A: "The cat sat.", B: "A cat was sitting.", Same: true},
		{ID1: "12", ID2: "13", A: "Shares rose 5%.", B: "Shares fell\tsharply."},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("ReadMSRP (-want +got):\n%s", diff)
	}
}

func TestReadMSRPErrors(t *testing.T) {
	for name, in := range map[string]string{
		"short line":  "1\t10\t11\tonly one string\n",
		"bad quality": "yes\t10\t11\ta\tb\n",
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := ReadMSRP(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "line 1") {
				t.Errorf("err = %v, want an error naming line 1", err)
			}
		})
	}
}

func FuzzReadMSRP(f *testing.F) {
	f.Add("\xef\xbb\xbfQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n1\t1\t2\ta\tb\r\n")
	f.Add("0\t1\t2\t\t\n\n")
	f.Fuzz(func(t *testing.T, in string) {
		ps, err := ReadMSRP(strings.NewReader(in))
		if err != nil {
			return
		}
		for _, p := range ps {
			if strings.ContainsAny(p.A, "\t\n") || strings.Contains(p.ID1, "\t") {
				t.Fatalf("field holds a separator: %+v", p)
			}
			_ = Features(p.A, p.B, nil) // features never panic on what the reader accepts
		}
	})
}
